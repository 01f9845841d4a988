"""The HTTP part of request and response records: status line and headers, as bytes.

Scrapy hands over headers without the status line's reason phrase, re-capitalised, and
without the framing headers Twisted consumed; this writes back what can be known of what
went over the wire, and nothing that would break a record's header block.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from jambicrawl.warc.exchange import Exchange, Headers

_TOKEN = re.compile(rb"[^!#$%&'*+\-.^_`|~0-9A-Za-z]")
# Control bytes other than tab would end a header line or confuse parsers; bytes >= 0x80
# are kept as the server sent them (RFC 9110 obs-text).
_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]+")
# Headers Twisted consumed while de-chunking: the body on disk no longer has that framing.
_HOP_BY_HOP = {b"transfer-encoding"}
_NEVER_ARCHIVED = {b"proxy-authorization"}


def _clean_value(value: bytes) -> bytes:
    return _CONTROL.sub(b" ", value).strip(b" \t")


def _clean_headers(headers: Headers, drop: set[bytes]) -> Headers:
    cleaned = []
    for name, value in headers:
        safe_name = _TOKEN.sub(b"", name)
        if safe_name and safe_name.lower() not in drop:
            cleaned.append((safe_name, _clean_value(value)))
    return cleaned


def _http_block(first_line: str, headers: Headers) -> bytes:
    lines = [first_line.encode("ascii")]
    lines += [name + b": " + value for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def status_line(protocol: str | None, status: int) -> tuple[str, str | None]:
    """The response's status line and its ``WARC-Protocol`` (None for HTTP/1.x).

    Scrapy keeps no reason phrase, so the standard one is written. HTTP/2 has no status line
    of its own: ``HTTP/1.1`` plus ``WARC-Protocol: h2``, as browsertrix-crawler writes it.
    """
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""  # An empty reason phrase is valid HTTP.
    version, warc_protocol = "HTTP/1.1", None
    if protocol and protocol.upper().startswith("HTTP/1."):
        version = protocol.upper()
    elif protocol:
        warc_protocol = protocol.lower()
    return f"{version} {status} {reason}", warc_protocol


def response_block(exchange: Exchange) -> tuple[bytes, str | None]:
    first, warc_protocol = status_line(exchange.protocol, exchange.status)
    headers = _clean_headers(exchange.response_headers, _HOP_BY_HOP)
    return _http_block(first, headers), warc_protocol


def request_block(exchange: Exchange) -> bytes:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = _clean_headers(exchange.request_headers, _NEVER_ARCHIVED | _HOP_BY_HOP)
    names = {name.lower() for name, _ in headers}
    # The HTTP client adds these below the level where Scrapy's request.headers can see them.
    if b"host" not in names:
        headers.insert(0, (b"Host", parts.netloc.rpartition("@")[2].encode("ascii")))
    if exchange.request_body and b"content-length" not in names:
        headers.append((b"Content-Length", str(len(exchange.request_body)).encode("ascii")))
    return _http_block(f"{exchange.method} {target} HTTP/1.1", headers)
