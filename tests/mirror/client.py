"""A small HTTP client for the mirror tests: no redirects followed, raw bodies kept."""

from __future__ import annotations

import gzip
import http.client
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: dict[str, str]
    #: The body as sent (still gzip-encoded when the server encoded it).
    raw: bytes

    @property
    def body(self) -> bytes:
        encoded = self.headers.get("content-encoding") == "gzip"
        return gzip.decompress(self.raw) if encoded else self.raw

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(
    url: str,
    *,
    accept_gzip: bool = False,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    via: str | None = None,
) -> Fetched:
    """``url`` as its server sends it; ``via`` a mirror's base URL: a site's URL asked of the
    mirror with the site's host in the Host header, as a crawl's download handler asks."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Accept-Encoding": "gzip" if accept_gzip else "identity", **(headers or {})}
    server = parts
    if via is not None:
        server = urlsplit(via)
        headers["Host"] = parts.netloc
    connection = http.client.HTTPConnection(server.hostname or "", server.port, timeout=30)
    try:
        connection.request(method, target, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        found = {k.lower(): v for k, v in response.getheaders()}
        return Fetched(response.status, found, raw)
    finally:
        connection.close()


def raw_exchange(url: str) -> bytes:
    """The bytes the server sends for a GET (HTTP/1.1, connection closed after), unparsed."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    request = (
        f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(request)
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks)
