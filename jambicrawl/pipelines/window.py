"""Keep articles published inside ``--since``/``--until``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from jambicrawl.items import Article
from jambicrawl.normalize.dates import parse_date

if TYPE_CHECKING:
    from datetime import datetime

    from scrapy.crawler import Crawler


class DateWindowPipeline:
    def __init__(self, since: datetime | None, until: datetime | None) -> None:
        self.since, self.until = since, until

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DateWindowPipeline:
        s = crawler.settings
        return cls(
            parse_date(s.get("JAMBICRAWL_SINCE") or None),
            parse_date(s.get("JAMBICRAWL_UNTIL") or None),
        )

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article) or not item.date_published:
            return item
        published = parse_date(item.date_published)
        if published and self.since and published < self.since:
            raise DropItem(f"{item.url}: published before --since")
        if published and self.until and published > self.until:
            raise DropItem(f"{item.url}: published after --until")
        return item
