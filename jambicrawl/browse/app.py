"""The application's origin: its pages and downloads, each request reading the collection
read-only (a crawl may add to it meanwhile). No script of its own: its policy forbids any,
lets it frame only the capture origin, and no other origin may frame it or, by a request
a browser marks as cross-origin, reach it."""

from __future__ import annotations

import logging
import tempfile
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import parse_qsl, urlsplit

from jambicrawl.browse.matches import BadRequestError, Request
from jambicrawl.browse.render import esc, page
from jambicrawl.browse.search_view import search_page
from jambicrawl.browse.story_view import capture_page, edits_page, story_page
from jambicrawl.errors import JambicrawlError
from jambicrawl.export.writers import FORMATS, export_rows
from jambicrawl.research.collection import Collection
from jambicrawl.research.search import article_rows, hits

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from jambicrawl.research.collection import Database

logger = logging.getLogger(__name__)

_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
          "parquet": "application/vnd.apache.parquet"}  # fmt: skip


def policy(capture_origin: str) -> str:
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        f"frame-src {capture_origin}; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )


def _articles(databases: Sequence[Database]) -> int:
    return sum(db.conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
               for db in databases)  # fmt: skip


class AppHandler(BaseHTTPRequestHandler):
    """The class attributes are set per server (:mod:`jambicrawl.browse.server`)."""

    archives: ClassVar[Sequence[Path]]
    capture_origin: ClassVar[str]
    #: The Host headers it answers (a DNS-rebound name is refused).
    hosts: ClassVar[frozenset[str]]
    asked: ClassVar[list[str]]
    server_version = "jambicrawl-browse"

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("browse: " + format, *args)

    def do_GET(self) -> None:
        self.asked.append(self.path)
        split = urlsplit(self.path)
        params = dict(parse_qsl(split.query, keep_blank_values=True))
        if self.headers.get("Host") not in self.hosts:
            self._text(HTTPStatus.MISDIRECTED_REQUEST, "unknown host\n")
            return
        if self.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site"):
            self._text(HTTPStatus.FORBIDDEN, "no request from another origin\n")
            return
        route: Callable[[Sequence[Database], dict[str, str]], None] | None = {
            "/": self._search, "/story": self._story, "/edits": self._edits,
            "/capture": self._capture, "/download": self._download,
        }.get(split.path)  # fmt: skip
        if route is None:
            self._text(HTTPStatus.NOT_FOUND, "no such page\n")
            return
        try:
            with Collection(self.archives) as collection:
                route(collection.databases, params)
        except JambicrawlError as exc:  # a bad query or parameter: said in one line
            self._html(HTTPStatus.BAD_REQUEST, page("error", f'<p class="error">{esc(exc)}</p>'))

    def _search(self, databases: Sequence[Database], params: dict[str, str]) -> None:
        request = Request.read(params)
        self._html(HTTPStatus.OK, search_page(databases, request, _articles(databases)))

    def _story(self, databases: Sequence[Database], params: dict[str, str]) -> None:
        at = params.get("at", "")
        if at and not at.isdigit():
            raise BadRequestError(f"at: {at!r} is not a capture's timestamp")
        shown = story_page(databases, params.get("url", ""), self.capture_origin, at)
        if shown is None:
            self._text(HTTPStatus.NOT_FOUND, "no such story in the collection\n")
            return
        self._html(HTTPStatus.OK, shown)

    def _edits(self, databases: Sequence[Database], params: dict[str, str]) -> None:
        self._html(HTTPStatus.OK, edits_page(databases))

    def _capture(self, databases: Sequence[Database], params: dict[str, str]) -> None:
        url, at = params.get("url", ""), params.get("at", "")
        if not url.startswith(("http://", "https://")) or not at.isdigit():
            raise BadRequestError("capture: url (http or https) and at (a timestamp) are needed")
        self._html(HTTPStatus.OK, capture_page(url, at, self.capture_origin))

    def _download(self, databases: Sequence[Database], params: dict[str, str]) -> None:
        fmt = params.get("format", "")
        if fmt not in FORMATS:
            raise BadRequestError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
        request = Request.read(params)
        found = hits(databases, request.query, request.filters(), snippets=False)
        with tempfile.TemporaryDirectory(prefix="jambicrawl-browse-") as folder:
            path = Path(folder) / f"search.{fmt}"
            export_rows(article_rows(databases, found), path, fmt)
            body = path.read_bytes()
        attachment = f'attachment; filename="jambicrawl-search.{fmt}"'
        self._send(HTTPStatus.OK, _TYPES[fmt], body, ("Content-Disposition", attachment))

    def _html(self, status: HTTPStatus, text: str) -> None:
        self._send(status, "text/html; charset=utf-8", text.encode())

    def _text(self, status: HTTPStatus, text: str) -> None:
        self._send(status, "text/plain; charset=utf-8", text.encode())

    def _send(self, status: HTTPStatus, kind: str, body: bytes, *more: tuple[str, str]) -> None:
        self.send_response(status)
        for name, value in (
            ("Content-Type", kind), ("Content-Length", str(len(body))),
            ("Content-Security-Policy", policy(self.capture_origin)),
            ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-store"), *more,
        ):  # fmt: skip
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
