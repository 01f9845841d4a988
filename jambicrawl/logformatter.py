"""The crawl's ``LOG_FORMATTER``: Scrapy's, with dropped items logged in one line.

Each drop's message names its article (jambicrawl/pipelines/drops.py says at which level);
the item's repr, which Scrapy appends on a line of its own, is left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import logformatter

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Response
    from twisted.python.failure import Failure

#: One line: the reason the pipeline gave, which names the article.
DROPPED = "Dropped: %(exception)s"


class LogFormatter(logformatter.LogFormatter):
    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> logformatter.LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        return {"level": result["level"], "msg": DROPPED, "args": {"exception": exception}}
