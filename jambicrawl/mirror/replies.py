"""What the mirror answers, before it goes on the wire, and how it goes on the wire."""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from datetime import datetime

#: How a reply is sent: with Content-Length; chunked (HTTP/1.1); gzip-encoded when the
#: client accepts it. The mirror mixes them on purpose, as real sites do.
Transport = Literal["length", "chunked", "gzip"]

HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes
    content_type: str = HTML
    transport: Transport = "length"
    location: str | None = None
    #: Its Last-Modified (a living mirror's pages); None: the time the mirror started.
    modified: datetime | None = None


def text_reply(text: str, content_type: str, transport: Transport = "length") -> Reply:
    return Reply(200, text.encode("utf-8"), content_type, transport)


def _page(status: int, title: str, message: str) -> Reply:
    body = (
        f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>{status} {title}'
        f"</title></head><body><h1>{title}</h1><p>{html.escape(message)}</p></body></html>\n"
    )
    return Reply(status, body.encode("utf-8"))


def not_found(path: str) -> Reply:
    return _page(404, "Halaman tidak ditemukan", f"{path} tidak ada di mirror ini.")


def server_error(path: str) -> Reply:
    return _page(500, "Kesalahan server", f"{path} gagal dimuat; coba lagi.")


def redirect(location: str) -> Reply:
    reply = _page(301, "Dipindahkan", location)
    return Reply(301, reply.body, location=location)


# --- validators: ETag and Last-Modified, and conditional requests (RFC 9110 13) ---------


def etag(body: bytes) -> str:
    """A strong ETag of a representation as sent (gzip-encoded or not: each its own tag)."""
    return f'"{hashlib.blake2b(body, digest_size=10).hexdigest()}"'


def _opaque(tag: str) -> str:
    # Weak comparison (RFC 9110 8.8.3.2), the one If-None-Match uses: W/ is ignored.
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def not_modified(
    if_none_match: str | None,
    if_modified_since: str | None,
    current_etag: str,
    last_modified: datetime,
) -> bool:
    """Whether a GET with these headers gets 304 Not Modified.

    If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.1.3), as
    WordPress, nginx and CDNs answer."""
    if if_none_match is not None:
        tags = {_opaque(tag) for tag in if_none_match.split(",")}
        return "*" in tags or _opaque(current_etag) in tags
    if not if_modified_since:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # an invalid date is ignored (RFC 9110 13.1.3)
    if since.tzinfo is None:
        return False
    return last_modified <= since
