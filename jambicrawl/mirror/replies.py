"""What the mirror answers, before it goes on the wire, and how it goes on the wire."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

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
