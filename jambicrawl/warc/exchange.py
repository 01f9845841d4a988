"""What one HTTP exchange looked like, copied off Scrapy's objects in the reactor thread.

An :class:`Exchange` is the raw request and response the WARC records are made of; the
:class:`~jambicrawl.items.Capture` of an Article is the citation of the record written.
The writer thread turns exchanges into records later. By then downloader middlewares may have
changed the response's headers in place (HttpCompressionMiddleware removes
``Content-Encoding``), so the headers are copied here, when they are still as received.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from jambicrawl.warc.digest import payload_digest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response
    from scrapy.http.headers import Headers as ScrapyHeaders

Headers = list[tuple[bytes, bytes]]

#: Request meta key: the payload digest of the capture a conditional request revalidates
#: (set by :mod:`jambicrawl.downloading.conditional`); a 304 to it is archived as a revisit of it.
REVALIDATES_META = "jambicrawl_revalidates"


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and the response the server sent for it."""

    url: str
    method: str
    request_headers: Headers
    request_body: bytes
    #: ``HTTP/1.1``, ``HTTP/1.0``, ``h2``; None when the handler does not say.
    protocol: str | None
    status: int
    response_headers: Headers
    #: The body as received: Content-Encoding still applied, chunk framing removed.
    body: bytes
    ip_address: str | None
    #: When the exchange began (UTC): the ``WARC-Date`` of all its records.
    started: datetime
    fetch_time_ms: int
    #: ``WARC-Truncated`` reason, None when the body is complete.
    truncated: str | None
    #: The URL that led here: a redirect's source or the linking page.
    via: str | None
    #: Link hops from the seed (Scrapy's ``depth``).
    hops: int
    #: Whether outlinks should be extracted for the metadata record.
    is_html: bool
    #: For a 304 to a conditional request: the payload digest of the capture it revalidated.
    not_modified_of: str | None = None
    #: ``WARC-Record-ID`` of the response (or revisit) record, decided when it is archived, so
    #: that the Article extracted from this response can cite it.
    record_id: str = field(default_factory=lambda: f"<urn:uuid:{uuid.uuid4()}>")
    #: ``sha1:`` + base32 digest of ``body``, the ``WARC-Payload-Digest``.
    payload_digest: str = ""

    def __post_init__(self) -> None:
        if not self.payload_digest:  # frozen: set once, here
            object.__setattr__(self, "payload_digest", payload_digest(self.body))


def _header_list(headers: ScrapyHeaders) -> Headers:
    # items() gives every value of a repeated header (Set-Cookie); headers[k] only the last.
    return [(bytes(k), bytes(v)) for k, values in headers.items() for v in values]


def is_html(response: Response) -> bool:
    # Imported here: the WARC writer process unpickles exchanges and needs none of Scrapy.
    from scrapy.http import HtmlResponse

    # A compressed body reaches response_downloaded as a plain Response: ask Content-Type.
    mime = (response.headers.get("Content-Type") or b"").split(b";")[0].strip().lower()
    return isinstance(response, HtmlResponse) or mime in (b"text/html", b"application/xhtml+xml")


def truncation(response: Response, maxsize: int) -> str | None:
    """The ``WARC-Truncated`` reason for a body Scrapy did not receive whole.

    Scrapy drops a response that grows past ``DOWNLOAD_MAXSIZE``; one arrives here cut only
    when a handler stopped the download at that size.
    """
    flags = response.flags
    if "dataloss" in flags:
        return "disconnect"
    if "download_stopped" in flags:
        return "length" if maxsize and len(response.body) >= maxsize else "unspecified"
    if "partial" in flags:
        return "unspecified"
    return None


def via_of(request: Request) -> str | None:
    """The URL that led to ``request``: set by the spider, a redirect source, or the Referer."""
    via = request.meta.get("via")
    if isinstance(via, str) and via:
        return via
    redirects = request.meta.get("redirect_urls")
    if redirects:
        return str(redirects[-1])
    referer = request.headers.get("Referer")
    return referer.decode("latin-1") if referer else None


def exchange_of(
    request: Request,
    response: Response,
    *,
    started: float,
    finished: float,
    maxsize: int,
) -> Exchange:
    """Copy what the archive needs; ``started``/``finished`` are POSIX timestamps."""
    maxsize = int(request.meta.get("download_maxsize", maxsize))
    return Exchange(
        url=response.url,
        method=request.method,
        request_headers=_header_list(request.headers),
        request_body=request.body,
        protocol=response.protocol,
        status=response.status,
        response_headers=_header_list(response.headers),
        body=response.body,
        ip_address=str(response.ip_address) if response.ip_address else None,
        started=datetime.fromtimestamp(started, UTC),
        fetch_time_ms=max(0, round((finished - started) * 1000)),
        truncated=truncation(response, maxsize),
        via=via_of(request),
        hops=int(request.meta.get("depth", 0)),
        is_html=is_html(response),
        not_modified_of=request.meta.get(REVALIDATES_META) if response.status == 304 else None,
    )
