"""The capture origin: archived responses served from the WARC records of the collection,
on a port of its own, never the network.

``GET /web/TIMESTAMP/URL`` answers with the capture of URL nearest TIMESTAMP (14 digits,
``WARC-Date``), its recorded status and content type; an HTML page or a stylesheet is
rewritten to point into the archive (:mod:`jambicrawl.browse.rewrite`). Anything the
archive does not hold is a 404: nothing is ever fetched. Every answer carries a
Content-Security-Policy that sandboxes it (an opaque origin, no script, no form, no
plugin), lets it load only from this origin, and lets only the application frame it.
"""

from __future__ import annotations

import logging
import re
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, ClassVar

from jambicrawl.browse import rewrite
from jambicrawl.replay.cdxj import ArchiveIndex
from jambicrawl.replay.inputs import warc_files
from jambicrawl.replay.reader import RecordError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jambicrawl.replay.cdxj import IndexEntry
    from jambicrawl.replay.responses import HttpResponse

logger = logging.getLogger(__name__)

_PATH = re.compile(r"/web/(\d{1,14})/(https?://.+)")
_DIGITS = re.compile(r"\D")


def timestamp(captured_at: str) -> str:
    """``2026-03-12T10:00:00Z`` as a capture's 14-digit timestamp."""
    return _DIGITS.sub("", captured_at)[:14]


def policy(app_origin: str) -> str:
    """The Content-Security-Policy of every capture."""
    return (
        "sandbox; default-src 'self' data:; script-src 'none'; object-src 'none'; "
        "style-src 'self' 'unsafe-inline' data:; connect-src 'none'; form-action 'none'; "
        f"base-uri 'none'; frame-ancestors {app_origin}"
    )


class Captures:
    """The captures of every archive folder of the collection, by URL."""

    def __init__(self, archives: Sequence[Path]) -> None:
        # Read only: an index the folder lacks is built in memory, not saved into it.
        self.indexes = [ArchiveIndex.open(a, save=False) for a in archives if warc_files([a])[0]]

    def nearest(self, url: str, when: str) -> tuple[ArchiveIndex, IndexEntry] | None:
        """The capture of ``url`` nearest the time ``when`` (digits of a timestamp)."""
        wanted = int(when.ljust(14, "0"))
        found = [(index, e) for index in self.indexes for e in index.captures(url)]
        if not found:
            return None
        return min(found, key=lambda pair: (
            pair[1].url != url, (pair[1].status or 0) >= 500,
            abs(int(pair[1].timestamp.ljust(14, "0")[:14]) - wanted),
        ))  # fmt: skip

    def response(self, url: str, when: str) -> HttpResponse | None:
        found = self.nearest(url, when)
        if found is None:
            return None
        index, entry = found
        try:
            return index.response(entry)
        except RecordError as exc:
            logger.warning("unreadable capture of %s: %s", url, exc)
            return None


def _content_type(response: HttpResponse) -> str:
    declared = response.header_dict()
    for name, value in declared.items():
        if name.lower() == "content-type":
            return value.split(";")[0].strip().lower()
    return "application/octet-stream"


def served(response: HttpResponse, url: str, when: str) -> tuple[str, bytes]:
    """The content type and body to serve: HTML and CSS rewritten into the archive."""
    kind = _content_type(response)
    if kind in ("text/html", "application/xhtml+xml"):
        return "text/html; charset=utf-8", rewrite.html(response.body, url, when)
    if kind == "text/css":
        return "text/css; charset=utf-8", rewrite.css(response.body, url, when)
    return kind, response.body


class CaptureHandler(BaseHTTPRequestHandler):
    """Serves :class:`Captures`; the class attributes are set per server."""

    captures: ClassVar[Captures]
    app_origin: ClassVar[str]
    #: Paths asked for, in order (what the tests read: what reached this origin).
    asked: ClassVar[list[str]]
    server_version = "jambicrawl-captures"

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("capture origin: " + format, *args)

    def do_GET(self) -> None:
        self.asked.append(self.path)
        match = _PATH.fullmatch(self.path)
        response = self.captures.response(match.group(2), match.group(1)) if match else None
        if match is None or response is None:
            self._send(404, "text/plain; charset=utf-8", b"not in the archive\n")
            return
        kind, body = served(response, match.group(2), match.group(1))
        self._send(response.status, kind, body)

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status if 200 <= status < 600 else 502)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", policy(self.app_origin))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
