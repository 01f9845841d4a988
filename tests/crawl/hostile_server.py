"""A site that does everything wrong, for the crawler's bad-input tests.

    python hostile_server.py PORT_FILE

Serves the site ``hostile.example`` on 127.0.0.1 (a crawl with ``--mirror`` sends every
request here, naming the site in its Host header) and writes its port to PORT_FILE.
Behaviour by path: a malformed sitemap and feed, a listing whose pages never end,
a redirect loop, a 5xx storm, a response slower than the crawl's timeout, one larger than
its maximum size, a PDF and pages that hold no article at article URLs, and one good article.
"""

from __future__ import annotations

import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from site_pages import ARTICLE  # beside this script, which runs by path

ARTICLES = ["ok", "loop-a", "storm", "slow", "big", "pdf", "deep", "manylinks"]
#: Pages at article URLs that hold no article: 5,000 nested elements, 4,000 links (under
#: the test crawl's DOWNLOAD_MAXSIZE).
DEEP = "<html><body>" + "<div>" * 5000 + "</div>" * 5000 + "</body></html>"
MANY_LINKS = "<html><body>" + "".join(f"<a href='/x{n}'>{n}</a>" for n in range(4_000))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/robots.txt":
            self._send(
                200,
                f"Sitemap: https://{self.headers['Host']}/sitemap.xml\n".encode(),
                "text/plain",
            )
        elif path == "/sitemap.xml":
            self._send(200, b"<?xml version='1.0'?><urlset><url><loc>broken", "application/xml")
        elif path == "/feed":
            self._send(200, b"this is not a feed", "application/rss+xml")
        elif path == "/list":
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            links = "".join(f"<a href='/news/{a}'>{a}</a> " for a in ARTICLES)
            links += f"<a href='/news/page-{page}'>more</a>"
            links += f"<a href='/list?page={page + 1}'>next</a>"
            self._send(200, f"<html><body>{links}</body></html>".encode())
        elif path == "/news/ok" or path.startswith("/news/page-"):
            self._send(200, ARTICLE.encode())
        elif path == "/news/loop-a":
            self._send(302, b"", headers={"Location": "/news/loop-b"})
        elif path == "/news/loop-b":
            self._send(302, b"", headers={"Location": "/news/loop-a"})
        elif path == "/news/storm":
            self._send(503, b"<html><body>overloaded</body></html>")
        elif path == "/news/slow":
            time.sleep(5)
            self._send(200, ARTICLE.encode())
        elif path == "/news/big":
            self._send(200, ARTICLE.encode() + b" " * 300_000)
        elif path == "/news/deep":
            self._send(200, DEEP.encode())
        elif path == "/news/manylinks":
            self._send(200, (MANY_LINKS + "</body></html>").encode())
        elif path == "/news/pdf":
            self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
        else:
            self._send(404, b"<html><body>not found</body></html>")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return  # the crawler hangs up on the slow answer: expected, not worth a traceback


def main() -> None:
    server = Server(("127.0.0.1", 0), Handler)
    Path(sys.argv[1]).write_text(str(server.server_address[1]), "utf-8")
    server.serve_forever()


if __name__ == "__main__":
    main()
