"""Conditional re-fetches of known articles, as a downloader middleware.

The spider decides what is fetched again (``--refresh``, a newer sitemap ``lastmod``); this
decides how: a known article's request carries ``If-None-Match`` / ``If-Modified-Since``
from its last full capture (:mod:`jambicrawl.state.validators`), and its 304 reaches the
spider's callback instead of its errback. The 304 is archived as a ``server-not-modified``
revisit of that capture (:mod:`jambicrawl.warc.records`); the spider hands on a
:class:`~jambicrawl.spiders.fetched.NotModified`, stored as an unchanged article.

It sits next to the download handler (``DOWNLOADER_MIDDLEWARES`` 950): its headers are set
after every other middleware's and so archived in the request record, and it sees bodies
still Content-Encoded, as the capture extension digests them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

from jambicrawl.state.paths import state_db
from jambicrawl.state.validators import Validators, ValidatorStore
from jambicrawl.warc.capture import REVALIDATES_META
from jambicrawl.warc.digest import payload_digest
from jambicrawl.warc.extension import CAPTURE_META, CITE_META

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

_CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class ConditionalRequests:
    """``JAMBICRAWL_CONDITIONAL_REQUESTS`` (on by default)."""

    def __init__(self, store: ValidatorStore, stats: StatsCollector) -> None:
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequests:
        if not crawler.settings.getbool("JAMBICRAWL_CONDITIONAL_REQUESTS", True):
            raise NotConfigured("JAMBICRAWL_CONDITIONAL_REQUESTS is off")
        assert crawler.stats is not None
        middleware = cls(ValidatorStore(state_db(crawler.settings)), crawler.stats)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        self.store.close()

    def process_request(self, request: Request) -> None:
        # Article pages only (the requests whose capture an Article cites), once each.
        if not request.meta.get(CITE_META) or request.method != "GET":
            return
        if any(name in request.headers for name in _CONDITIONAL_HEADERS):
            return  # a retry of a conditional request, or the caller's own
        validators = self.store.of_known_article(request.url)
        if validators is None:
            return
        if validators.etag:
            request.headers[b"If-None-Match"] = validators.etag
        if validators.last_modified:
            request.headers[b"If-Modified-Since"] = validators.last_modified
        request.meta[REVALIDATES_META] = validators.payload_digest
        # HttpErrorMiddleware lets a 304 through to this request's callback.
        allowed = list(request.meta.get("handle_httpstatus_list", ()))
        request.meta["handle_httpstatus_list"] = [*allowed, 304]
        self.stats.inc_value("conditional/requests")

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and REVALIDATES_META in request.meta:
            self.stats.inc_value("conditional/not_modified")
        elif (
            response.status == 200
            and request.meta.get(CITE_META)
            and "cached" not in response.flags
            and "partial" not in response.flags
        ):
            self._remember(request, response)
        return response

    def _remember(self, request: Request, response: Response) -> None:
        etag, modified = _header(response, b"ETag"), _header(response, b"Last-Modified")
        if etag is None and modified is None:
            return
        archived = request.meta.get(CAPTURE_META)
        digest = archived["payload_digest"] if archived else payload_digest(response.body)
        self.store.save(request.url, Validators(etag, modified, digest))
