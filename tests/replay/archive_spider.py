"""A spider that requests given URLs and writes down what it got: for the archive handler.

Run with ``scrapy runspider archive_spider.py -a urls="URL URL ..." -a out=PATH`` and the
settings of ``archive_settings``. PATH gets JSON: one result per URL, and the crawl's stats.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure


class ArchiveProbeSpider(scrapy.Spider):
    name = "archiveprobe"
    custom_settings = {  # noqa: RUF012 (Scrapy's own convention)
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "ITEM_PIPELINES": {},
        "FEEDS": {},
        "LOG_LEVEL": "INFO",
    }

    def __init__(self, urls: str, out: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls.split()
        self.out = Path(out)
        self.results: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArchiveProbeSpider:
        spider: ArchiveProbeSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.engine_stopped, signal=signals.engine_stopped)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(
                url,
                dont_filter=True,
                errback=self.failed,
                meta={"handle_httpstatus_list": [404, 500], "asked": url},
            )

    def parse(self, response: scrapy.http.Response) -> None:
        self.results.append(
            {
                "asked": response.meta["asked"],
                "url": response.url,
                "status": response.status,
                "sha1": hashlib.sha1(response.body).hexdigest(),
                "flags": response.flags,
                "content_type": (response.headers.get("Content-Type") or b"").decode(),
                "content_encoding": (response.headers.get("Content-Encoding") or b"").decode(),
                "redirected": response.meta.get("redirect_urls", []),
            }
        )

    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self.results.append(
            {"asked": request.meta["asked"], "error": type(failure.value).__name__,
             "message": str(failure.value)}
        )  # fmt: skip

    def engine_stopped(self) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        data = {"results": self.results, "stats": stats}
        self.out.write_text(json.dumps(data, default=str))
