"""Conditional re-fetches of known articles and discovery documents, as a downloader
middleware.

The spider decides what is fetched again (``--refresh``, a newer sitemap ``lastmod``); this
decides how: a known article's request carries ``If-None-Match`` / ``If-Modified-Since``
from its last full capture (:mod:`jambicrawl.state.validators`), and its 304 reaches the
spider's callback instead of its errback. The 304 is archived as a ``server-not-modified``
revisit of that capture (:mod:`jambicrawl.warc.records`); the spider hands on a
:class:`~jambicrawl.spiders.fetched.NotModified`, stored as an unchanged article.

Discovery documents (requests marked :data:`DOCUMENT_META` by the spider) are revalidated
and archived the same way; but the spider must read them whatever the answer, so
:class:`KeptDocuments` answers a 304 with the body kept from their last full capture,
flagged ``revalidated``. Sitemaps of past months, unchanged for years, then cost a few
hundred bytes a crawl instead of their whole size.

:class:`ConditionalRequests` sits next to the download handler (``DOWNLOADER_MIDDLEWARES``
950): its headers are set after every other middleware's and so archived in the request
record, and it sees bodies still Content-Encoded, as the archiving extension digests them.
"""

from __future__ import annotations

import sqlite3
from functools import cached_property
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from jambicrawl import settings as defaults
from jambicrawl.state.digests import DigestIndexError, open_payload_index, payload_index_spec
from jambicrawl.state.paths import state_db
from jambicrawl.state.validators import KeptDocument, Validators, ValidatorStore
from jambicrawl.warc.digest import payload_digest
from jambicrawl.warc.exchange import REVALIDATES_META
from jambicrawl.warc.extension import CITE_META, CITED_RECORD_META

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from jambicrawl.state.digests import PayloadIndex

_CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")

#: Request meta key the spider sets on discovery documents: revalidate them, and answer a
#: 304 with the kept body.
DOCUMENT_META = "jambicrawl_document"
#: Flag of a response rebuilt from a kept document after a 304.
REVALIDATED_FLAG = "revalidated"
#: Request meta key: fetch in full, without validators (a 304 whose kept body is gone).
UNCONDITIONAL_META = "jambicrawl_unconditional"


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class _ValidatorsMiddleware:
    """A downloader middleware reading the state database's validators; on when
    ``JAMBICRAWL_CONDITIONAL_REQUESTS`` is (the default)."""

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.settings = crawler.settings
        self.store = ValidatorStore(state_db(crawler.settings))
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool(
            "JAMBICRAWL_CONDITIONAL_REQUESTS", defaults.JAMBICRAWL_CONDITIONAL_REQUESTS
        ):
            raise NotConfigured  # off on purpose: no message, so Scrapy logs no warning
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        self.store.close()


class ConditionalRequests(_ValidatorsMiddleware):
    """Sends the validators of the last full capture; remembers those of each new one."""

    def process_request(self, request: Request) -> None:
        if request.method != "GET" or request.meta.get(UNCONDITIONAL_META):
            return
        if any(h in request.headers for h in _CONDITIONAL_HEADERS):
            return  # a retry of a conditional request, or the caller's own
        if request.meta.get(CITE_META):  # article pages: the requests an Article cites
            validators = self.store.of_known_article(request.url)
        elif request.meta.get(DOCUMENT_META):
            validators = self._archived_document(request.url)
        else:
            return
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
            and (request.meta.get(CITE_META) or request.meta.get(DOCUMENT_META))
            and "cached" not in response.flags
            and "partial" not in response.flags
            and REVALIDATED_FLAG not in response.flags
        ):
            self._remember(request, response)
        return response

    @cached_property
    def _payloads(self) -> PayloadIndex:
        """The digest index the WARC writer fills (``JAMBICRAWL_PAYLOAD_INDEX``)."""
        return open_payload_index(payload_index_spec(self.settings))

    def _archived_document(self, url: str) -> Validators | None:
        """The validators of the discovery document ``url`` when its last full capture is
        archived as a response to ``url`` itself: the digest index lists what the writer
        wrote, and a 304 is archived as a revisit of that record. (A payload first archived
        for another URL, the same robots.txt on two sites, is fetched in full: a
        server-not-modified revisit refers to a capture of its own URL.)"""
        validators = self.store.of_kept_document(url)
        if validators is None:
            return None
        try:
            original = self._payloads.lookup(validators.payload_digest)
        except (DigestIndexError, sqlite3.Error):
            # Fetched in full: the writer's own use of the index says what went wrong, and
            # a Redis gone stops the crawl (jambicrawl/scale/extension.py).
            self.stats.inc_value("conditional/index_errors")
            return None
        return validators if original is not None and original.uri == url else None

    def spider_closed(self) -> None:
        super().spider_closed()
        if "_payloads" in self.__dict__:
            self._payloads.close()

    def _remember(self, request: Request, response: Response) -> None:
        etag, modified = _header(response, b"ETag"), _header(response, b"Last-Modified")
        if etag is None and modified is None:
            return
        archived = request.meta.get(CITED_RECORD_META)
        digest = archived["payload_digest"] if archived else payload_digest(response.body)
        validators = Validators(etag, modified, digest)
        if not request.meta.get(DOCUMENT_META):
            self.store.save(request.url, validators)
            return
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, values in response.headers.items()
            for value in values
        ]
        self.store.keep_document(request.url, KeptDocument(validators, headers, response.body))


class KeptDocuments(_ValidatorsMiddleware):
    """Answers a discovery document's 304 with the body kept from its last full capture.

    Below Scrapy's DownloaderStats (850), so that the bytes counted as received are the
    304's, and above HttpCompressionMiddleware (590), which decodes the kept body as it
    would have decoded the server's."""

    def process_response(self, request: Request, response: Response) -> Response | Request:
        if not (response.status == 304 and request.meta.get(DOCUMENT_META)):
            return response
        kept = self.store.kept_document(request.url)
        if kept is None or kept.validators.payload_digest != request.meta.get(REVALIDATES_META):
            # Replaced since the request was sent: ask again, in full (the 304 is archived).
            self.stats.inc_value("conditional/documents_refetched")
            headers = request.headers.copy()
            for conditional in _CONDITIONAL_HEADERS:
                headers.pop(conditional, None)
            meta = {**request.meta, UNCONDITIONAL_META: True}
            meta.pop(REVALIDATES_META, None)
            return request.replace(headers=headers, meta=meta, dont_filter=True)
        self.stats.inc_value("conditional/documents_kept")
        grouped: dict[str, list[str]] = {}
        for name, value in kept.headers:
            grouped.setdefault(name, []).append(value)
        headers = Headers(grouped)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=kept.body)
        return cls(
            url=request.url,
            status=200,
            headers=headers,
            body=kept.body,
            flags=[*response.flags, REVALIDATED_FLAG],
            request=request,
            protocol=response.protocol,
        )
