"""Hooks that tell the shared frontier a request taken from it has been handled: after its
callback's last output was scheduled or stored, or when its download failed for good."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from jambicrawl.scale.connection import redis_url
from jambicrawl.scale.frontier import finished

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable, Iterator

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


class _Outputs:
    """What a response's callback produced that is not finished yet."""

    def __init__(self, response: Response) -> None:
        self.response = response  # kept alive: its id is the key
        self.items = 0
        self.ended = False


class HandledSpiderMiddleware(_Hook):
    """Outermost spider middleware. A response is handled once its callback's output is
    exhausted (every request it yielded is in the queue) and each item it yielded has left
    the pipelines (``item_scraped``, ``item_dropped`` or ``item_error``): the scraper reads
    a callback's output ahead of the pipelines."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._open: dict[int, _Outputs] = {}
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self._item_done, signal=signal)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        outputs = self._open.setdefault(id(response), _Outputs(response))
        for output in result:
            outputs.items += not isinstance(output, Request)
            yield output
        self._ended(outputs)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        outputs = self._open.setdefault(id(response), _Outputs(response))
        async for output in result:
            outputs.items += not isinstance(output, Request)
            yield output
        self._ended(outputs)

    def _ended(self, outputs: _Outputs) -> None:
        outputs.ended = True
        self._check(outputs)

    def _item_done(self, response: Response | None = None, **kwargs: Any) -> None:
        outputs = self._open.get(id(response))
        if outputs is not None:
            outputs.items -= 1
            self._check(outputs)

    def _check(self, outputs: _Outputs) -> None:
        if outputs.ended and outputs.items <= 0:
            del self._open[id(outputs.response)]
            finished(self.crawler, outputs.response.request)


class HandledDownloaderMiddleware(_Hook):
    """Outermost downloader middleware: an exception reaches it only when no middleware
    retried the request, so the download has failed for good (the spider's errbacks log
    and count such failures; only a later page's errback yields, its article incomplete)."""

    def process_exception(self, request: Request, exception: Exception) -> None:
        finished(self.crawler, request)
