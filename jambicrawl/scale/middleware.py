"""Hooks that tell the shared frontier a request taken from it has been handled: after its
callback's last output was scheduled or stored, or when its download failed for good."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

from jambicrawl.scale.connection import redis_url
from jambicrawl.scale.frontier import finished

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable, Iterator

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class _Hook:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        if not redis_url(crawler.settings):
            raise NotConfigured("not a shared crawl")
        return cls(crawler)


class HandledSpiderMiddleware(_Hook):
    """Outermost spider middleware: its output loop ends once the scraper has scheduled
    every request and passed every item through the pipelines (one output at a time,
    ``CONCURRENT_ITEMS = 1``)."""

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        yield from result
        finished(self.crawler, response.request)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            yield output
        finished(self.crawler, response.request)


class HandledDownloaderMiddleware(_Hook):
    """Outermost downloader middleware: an exception reaches it only when no middleware
    retried the request, so the download has failed for good (the spider's errbacks log
    and count such failures; only a later page's errback yields, its article incomplete)."""

    def process_exception(self, request: Request, exception: Exception) -> None:
        finished(self.crawler, request)
