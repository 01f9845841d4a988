"""The Scrapy extension that archives every HTTP response the crawler receives.

It listens to ``response_downloaded``: that signal fires right after the download handler, for
every hop (redirects, responses that will be retried, errors), before any downloader middleware
has decompressed the body. Responses served from Scrapy's HTTP cache never fire it: they are
not archived.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet import threads

from jambicrawl.state.digests import payload_index_spec
from jambicrawl.warc.citations import CITE_META, CITED_RECORD_META, Citations
from jambicrawl.warc.config import WarcConfig
from jambicrawl.warc.exchange import exchange_of
from jambicrawl.warc.writer import SinkSpec, WarcWriter
from jambicrawl.warc.writer_process.client import RemoteWarcWriter, running_writer_process

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

STOP_REASON = "warc_write_failed"
__all__ = ["CITED_RECORD_META", "CITE_META", "STOP_REASON", "WarcArchivingExtension"]


class WarcArchivingExtension:
    """Archives each downloaded response with its request and a metadata record."""

    def __init__(self, crawler: Crawler, config: WarcConfig, citations: Citations) -> None:
        self.crawler = crawler
        self.config = config
        self.citations = citations
        self.writer: WarcWriter | RemoteWarcWriter | None = None
        # When each request's exchange began; weak, so dropped requests are forgotten.
        self._started: WeakKeyDictionary[Request, float] = WeakKeyDictionary()
        self._stats_lock = threading.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchivingExtension:
        config = WarcConfig.from_settings(crawler.settings)
        extension = cls(crawler, config, Citations.from_crawler(crawler))
        connect = crawler.signals.connect
        connect(extension.spider_opened, signal=signals.spider_opened)
        connect(extension.request_reached_downloader, signal=signals.request_reached_downloader)
        connect(extension.headers_received, signal=signals.headers_received)
        connect(extension.response_downloaded, signal=signals.response_downloaded)
        connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        spec = SinkSpec(
            directory=self.config.directory,
            prefix=self.config.prefix,
            max_size=self.config.max_size,
            warcinfo_fields=self.config.warcinfo_fields(spider.name),
            state_db=self.config.state_db,
            outlinks=self.config.outlinks,
            not_modified_requests=self.config.not_modified_requests,
            payload_index=payload_index_spec(self.crawler.settings),
        )
        process = running_writer_process()
        if process is None:
            self.writer = WarcWriter(spec, self._count, self._on_fatal)
        else:
            self.writer = process.writer(spider.name, spec, self._count, self._on_fatal)
        self.writer.start()
        logger.info("Archiving every response to WARC files in %s", self.config.directory)

    def request_reached_downloader(self, request: Request) -> None:
        self._started[request] = time.time()

    def headers_received(self, request: Request) -> None:
        # The HTTP/1.1 handler times the exchange from connecting to the response headers:
        # going back by that latency gives the moment the request went out.
        latency = request.meta.get("download_latency")
        if isinstance(latency, float):
            self._started[request] = time.time() - latency

    def response_downloaded(self, response: Response, request: Request) -> None:
        finished = time.time()
        started = self._started.pop(request, finished)
        # Cache hits are not archived; file:, data: or s3: fetches are no web exchanges.
        if "cached" in response.flags or not response.url.startswith(("http://", "https://")):
            return
        try:
            exchange = exchange_of(
                request,
                response,
                started=started,
                finished=finished,
                maxsize=self.config.download_maxsize,
            )
            # The Article made of this response cites its record: which one is said now,
            # which file once the writer thread has written it.
            cite = self.citations.will_cite(request, exchange)
            if self.writer is None or not self.writer.submit(exchange, cite):
                self._count("warc/failures", 1)
                logger.error("Not archived, the WARC writer has stopped: %s", response.url)
                self.citations.not_written(cite)
        except Exception:
            # Scrapy only logs a signal handler's exception; count it so the loss shows.
            self._count("warc/failures", 1)
            logger.exception("Not archived, archiving failed: %s", response.url)

    async def spider_closed(self) -> None:
        if self.writer is not None:
            # Draining the queue may take a while: wait in a thread, keep the reactor running.
            await maybe_deferred_to_future(threads.deferToThread(self.writer.close))

    def _count(self, key: str, value: int) -> None:
        if self.crawler.stats is None:
            return
        with self._stats_lock:  # Called from the reactor and the writer thread.
            self.crawler.stats.inc_value(key, value)

    def _on_fatal(self, message: str) -> None:
        from twisted.internet import reactor  # The installed one.

        # The writer thread already logged the message; the engine lives in the reactor thread.
        reactor.callFromThread(self._stop_crawl)

    def _stop_crawl(self) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=STOP_REASON))
