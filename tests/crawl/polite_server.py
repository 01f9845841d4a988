"""A plain-HTTP site that sets cookies, records User-Agents and holds its article.

    python polite_server.py [held|never|trickle]

Serves ``/robots.txt``, a listing ``/list`` and one article ``/news/1/jalan-baru`` on
127.0.0.1, on plain HTTP. Prints ``port N`` when it listens. Every answer sets a cookie.
Every request's ``PATH USER-AGENT`` is printed as ``ua PATH UA``. How it answers:

- ``held`` (the default): the article request is answered only after ``GET /release``
  (printed ``held`` when it arrives), so that a test can look at a crawl that is certainly
  running; until then it is a download that never ends, in the middle of a crawl.
- ``never``: no request is answered at all (printed ``silent PATH``), as a server that
  accepts connections and never answers; robots.txt first, so the crawl hangs at its start.
- ``trickle``: the article is answered with its headers, then one byte of its body a minute
  (printed ``trickle PATH`` after the first byte), as a server alive but next to useless.
"""

from __future__ import annotations

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from site_pages import ARTICLE  # beside this script, which runs by path

ARTICLE_PATH = "/news/1/jalan-baru"
RELEASED = threading.Event()
PRINT_LOCK = threading.Lock()
MODE = "held"
#: Seconds between two bytes of a trickled answer.
TRICKLE_SECONDS = 60


def say(line: str) -> None:
    with PRINT_LOCK:
        print(line, flush=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _headers(self, data: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Set-Cookie", "sesi=abc123; Path=/; HttpOnly")
        self.end_headers()

    def _send(self, body: str, ctype: str = "text/html; charset=utf-8") -> None:
        data = body.encode()
        self._headers(data, ctype)
        self.wfile.write(data)

    def _trickle(self, body: str) -> None:
        data = body.encode()
        self._headers(data, "text/html; charset=utf-8")
        for i in range(len(data)):
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()
            if i == 0:
                say(f"trickle {self.path}")
            time.sleep(TRICKLE_SECONDS)

    def do_GET(self) -> None:
        if self.path == "/release":
            RELEASED.set()
            self._send("released", "text/plain")
            return
        say(f"ua {self.path} {self.headers.get('User-Agent', '')}")
        if MODE == "never":
            say(f"silent {self.path}")
            threading.Event().wait()  # the connection stays open, unanswered
        if self.path == "/robots.txt":
            self._send("User-agent: *\nAllow: /\n", "text/plain")
        elif self.path == "/list":
            self._send(f"<html><body><a href='{ARTICLE_PATH}'>Jalan baru</a></body></html>")
        elif self.path == ARTICLE_PATH and MODE == "trickle":
            self._trickle(ARTICLE)
        elif self.path == ARTICLE_PATH:
            say("held")
            RELEASED.wait()
            self._send(ARTICLE)
        else:
            self.send_error(404)


def main() -> None:
    global MODE
    MODE = sys.argv[1] if len(sys.argv) > 1 else "held"
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    say(f"port {server.server_address[1]}")
    server.serve_forever()


if __name__ == "__main__":
    main()
