"""The test crawl: follows every link of the test server's pages, with archiving on.

Run with ``scrapy runspider spider.py -a base=http://127.0.0.1:PORT -a stats=PATH``. Stats are
written as JSON to PATH when the engine stops, after the archive is closed. With the
environment variable WARC_TEST_FAIL_AFTER set, WARC writes fail with ENOSPC once that many
bytes are written, as on a full disk.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals
from scrapy.http import TextResponse

from jambicrawl.warc import files

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.crawler import Crawler


def _fill_disk_after(limit: int) -> None:
    real_write_all = files.write_all
    written = 0

    def write_all(fd: int, data: bytes) -> None:
        nonlocal written
        room = limit - written
        if len(data) > room:
            real_write_all(fd, data[: max(room, 0) // 2])  # A partial write, then the error.
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write_all(fd, data)
        written += len(data)

    files.write_all = write_all


class WarcTestSpider(scrapy.Spider):
    name = "warctest"
    custom_settings = {  # noqa: RUF012 (Scrapy's own convention)
        "EXTENSIONS": {"jambicrawl.warc.extension.WarcArchivingExtension": 100},
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_MAXSIZE": 2_000_000,
        "DOWNLOAD_FAIL_ON_DATALOSS": False,
        "RETRY_TIMES": 2,
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        # The project's item outputs would land in the repository's archive/ folder.
        "ITEM_PIPELINES": {},
        "FEEDS": {},
    }

    def __init__(self, base: str, stats: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = base.rstrip("/")
        self.stats_path = stats
        if os.environ.get("WARC_TEST_FAIL_AFTER"):
            _fill_disk_after(int(os.environ["WARC_TEST_FAIL_AFTER"]))

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WarcTestSpider:
        spider: WarcTestSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.engine_stopped, signal=signals.engine_stopped)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.base + "/")

    def parse(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        content_type = response.headers.get("Content-Type") or b""
        if not isinstance(response, TextResponse) or b"html" not in content_type:
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if url.startswith(self.base):
                yield scrapy.Request(url)

    def engine_stopped(self) -> None:
        if self.stats_path and self.crawler.stats is not None:
            stats = self.crawler.stats.get_stats()
            Path(self.stats_path).write_text(json.dumps(stats, default=str))
