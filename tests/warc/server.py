"""A small threaded HTTP/1.1 server on 127.0.0.1 with the responses an archiver must get right.

Run as ``python server.py``: prints ``PORT <n>`` on its first line, then serves until killed.
Responses are written byte for byte (no http.server helpers), and every body is the same
from one run to the next, so that a second crawl finds the same payload digests.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HTML = "text/html; charset=utf-8"
MAXSIZE = 2_000_000  # The DOWNLOAD_MAXSIZE the test crawls use.


def _page(title: str, links: Sequence[str] = ()) -> bytes:
    items = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return (
        f"<!doctype html><html><head><title>{title}</title>"
        '<link rel="stylesheet" href="/style.css"></head>'
        f'<body><h1>{title}</h1><img src="img/logo.png"><ul>{items}</ul></body></html>'
    ).encode()


def _text(size: int, seed: int) -> bytes:
    words = ["jambi", "batanghari", "sungai", "berita", "kota", "pasar", "hujan", "jalan"]
    rng = random.Random(seed)
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words).encode() + b" "
    return bytes(out[:size])


LINKS = [
    "/plain?lang=id",
    "/gzip",
    "/chunked",
    "/redirect",
    "/cookies",
    "/odd-headers",
    "/error",
    "/large",
    "/huge",
    "/huge-chunked",
    "/dataloss",
    "/feed.xml",
    "/sitemap.xml",
    "/echo",
    "/copy",
]

BODIES: dict[str, bytes] = {
    "/": _page("Index", LINKS),
    "/plain": _page("Plain page", ["/target", "https://example.org/elsewhere", "#top"]),
    "/gzip": _page("Gzip page", ["/plain?lang=id"]) + b"<!--" + b"padding " * 200 + b"-->",
    "/chunked": _page("Chunked page", ["/target"]),
    "/target": _page("Redirect target"),
    # Same bytes at another URL: one of the two is archived as a URL-agnostic revisit.
    "/copy": _page("Redirect target"),
    "/cookies": _page("Cookies"),
    "/odd-headers": _page("Odd headers"),
    "/error": _page("Server error"),
    "/large": _text(1_500_000, 1),
    "/huge": _text(MAXSIZE + 500_000, 2),
    "/dataloss": _text(2_000, 3),
    "/feed.xml": (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
        b"<item><link>/plain?lang=id</link></item></channel></rss>"
    ),
    "/sitemap.xml": (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>/target</loc></url></urlset>"
    ),
}
GZIPPED = gzip.compress(BODIES["/gzip"], mtime=0)
CHUNKS = [BODIES["/chunked"][:40], BODIES["/chunked"][40:90], BODIES["/chunked"][90:]]
ODD_HEADERS = [
    (b"X-Latin1", b"caf\xe9 Jambi"),
    (b"X-Utf8", "Kota Jambi \u2013 Sumatra".encode()),
    (b"X-Bare-Cr", b"one\rtwo"),
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(
        self,
        status: str,
        headers: list[tuple[bytes, bytes]],
        body: bytes = b"",
        *,
        length: int | None = None,
    ) -> None:
        head = [b"HTTP/1.1 " + status.encode(), *(k + b": " + v for k, v in headers)]
        head.append(b"Content-Length: " + str(len(body) if length is None else length).encode())
        self.wfile.write(b"\r\n".join(head) + b"\r\n\r\n" + body)

    def _send_chunked(
        self, status: str, headers: list[tuple[bytes, bytes]], chunks: list[bytes]
    ) -> None:
        head = [b"HTTP/1.1 " + status.encode(), *(k + b": " + v for k, v in headers)]
        head.append(b"Transfer-Encoding: chunked")
        self.wfile.write(b"\r\n".join(head) + b"\r\n\r\n")
        for chunk in chunks:
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        html = [(b"Content-Type", HTML.encode())]
        body = BODIES.get(path, b"")
        if path == "/gzip":
            self._send("200 OK", [*html, (b"Content-Encoding", b"gzip")], GZIPPED)
        elif path == "/chunked":
            self._send_chunked("200 OK", html, CHUNKS)
        elif path == "/redirect":
            self._send("301 Moved Permanently", [(b"Location", b"/target")])
        elif path == "/cookies":
            cookies = [(b"Set-Cookie", b"a=1; Path=/"), (b"Set-Cookie", b"b=2; Path=/; HttpOnly")]
            self._send("200 OK", [*html, *cookies], body)
        elif path == "/odd-headers":
            self._send("200 OK", [*html, *ODD_HEADERS], body)
        elif path == "/error":
            self._send("500 Internal Server Error", html, body)
        elif path in ("/large", "/huge"):
            self._send("200 OK", [(b"Content-Type", b"text/plain")], body)
        elif path == "/huge-chunked":
            big = BODIES["/huge"]
            pieces = [big[i : i + 65536] for i in range(0, len(big), 65536)]
            self._send_chunked("200 OK", [(b"Content-Type", b"text/plain")], pieces)
        elif path == "/dataloss":
            # Promise twice the bytes, send half, hang up.
            self._send("200 OK", [(b"Content-Type", b"text/plain")], body, length=2 * len(body))
            self.close_connection = True
        elif path == "/echo":
            # What the server received, for comparing with the archived request record.
            lines = [self.requestline, *(f"{k}: {v}" for k, v in self.headers.items())]
            echo = "\r\n".join(lines).encode("latin-1", "replace")
            self._send("200 OK", [(b"Content-Type", b"text/plain")], echo)
        elif path in ("/feed.xml", "/sitemap.xml"):
            self._send("200 OK", [(b"Content-Type", b"application/xml")], body)
        elif path in BODIES:
            self._send("200 OK", html, body)
        else:
            self._send("404 Not Found", html, _page("Not found"))


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # The default 5 drops connections a 16-request crawl opens.
    daemon_threads = True


def main() -> None:
    server = Server(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
