"""Keep articles published inside ``--since``/``--until`` (:mod:`jambicrawl.normalize.window`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jambicrawl.items import Article
from jambicrawl.normalize.window import DateWindow
from jambicrawl.pipelines.drops import expected

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class DateWindowPipeline:
    def __init__(self, window: DateWindow) -> None:
        self.window = window

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DateWindowPipeline:
        s = crawler.settings
        return cls(DateWindow.parse(s.get("JAMBICRAWL_SINCE"), s.get("JAMBICRAWL_UNTIL")))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article) and not self.window.keeps_text(item.date_published):
            raise expected(f"{item.url}: published outside --since/--until")
        return item
