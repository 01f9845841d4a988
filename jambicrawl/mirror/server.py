"""The mirror's HTTP/1.1 server on loopback: one thread per connection, keep-alive."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import socketserver
import sys
import threading
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from jambicrawl.mirror.catalogue import build_catalogue
from jambicrawl.mirror.clock import MirrorClock
from jambicrawl.mirror.control import PATH as CLOCK
from jambicrawl.mirror.control import clock_reply
from jambicrawl.mirror.living import LivingMirror
from jambicrawl.mirror.redesign import CHANGED_LAYOUT, KINDS
from jambicrawl.mirror.replies import etag, not_modified, server_error
from jambicrawl.mirror.routes import Mirror

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping
    from pathlib import Path

    from jambicrawl.mirror.catalogue import Catalogue
    from jambicrawl.mirror.clock import Publishing
    from jambicrawl.mirror.replies import Reply
    from jambicrawl.mirror.site import Faults
    from jambicrawl.registry import Registry

_CHUNK = 8192


def accepts_gzip(header: str | None) -> bool:
    """True when an Accept-Encoding header allows gzip (``gzip;q=0`` refuses it)."""
    weights: dict[str, float] = {}
    for part in (header or "").split(","):
        name, _, params = part.partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[name.strip().lower()] = weight
    for name in ("gzip", "x-gzip"):
        if name in weights:
            return weights[name] > 0
    return weights.get("*", 0.0) > 0


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    #: The mirror browsed under ``/{host}/``, and the sites as themselves (by Host header).
    mirror: Mirror
    as_sites: Mirror
    #: ``Last-Modified`` of every page: what the mirror serves is fixed from its start on
    #: (a living mirror's replies say when each changed).
    started: datetime
    living: LivingMirror | None

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (getfqdn); loopback needs no DNS.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a client that hung up is no server error
        super().handle_error(request, client_address)


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "jambicrawl-mirror"
    #: An idle keep-alive connection is closed after this many seconds.
    timeout = 60
    # Headers and body are separate writes: with Nagle on, each response waits for the
    # client's delayed ACK (40 ms), which would cap a keep-alive crawl at 25 pages a second.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._send(head=False)

    def do_HEAD(self) -> None:
        self._send(head=True)

    def do_POST(self) -> None:
        # Only a living mirror's clock takes a POST (BASE/_clock?advance=DURATION).
        if cast("_HTTPServer", self.server).living is None:
            self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")
            return
        self._send(head=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a crawl makes thousands of requests; the crawler logs them

    def _reply(self) -> Reply:
        try:
            server = cast("_HTTPServer", self.server)
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            if server.as_sites.serves(host) and self.command != "POST":
                return server.as_sites.answer_as_site(host, self.path)
            if server.living and (self.command == "POST" or urlsplit(self.path).path == CLOCK):
                return clock_reply(server.living, self.command, self.path)
            return server.mirror.answer(self.path)
        except Exception as exc:  # keep serving; say what broke
            print(f"jambicrawl mirror: {self.path}: {exc!r}", file=sys.stderr)
            return server_error(self.path)

    def _send(self, *, head: bool) -> None:
        reply = self._reply()
        body = reply.body
        gzipped = reply.transport == "gzip" and accepts_gzip(self.headers.get("Accept-Encoding"))
        if gzipped:
            # Level 1: a benchmark crawl asks for thousands of pages.
            body = gzip.compress(body, compresslevel=1, mtime=0)
        validators: list[tuple[str, str]] = []
        if reply.status == 200:
            # As WordPress and CDN-fronted sites do: validators on every page, and a 304
            # without a body for a conditional request that names the current one.
            started = (reply.modified or cast("_HTTPServer", self.server).started).astimezone(UTC)
            tag = etag(body)
            validators = [("ETag", tag), ("Last-Modified", format_datetime(started, usegmt=True))]
            inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            if not_modified(inm, ims, tag, started):
                self._send_not_modified(validators, vary=reply.transport == "gzip")
                return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in validators:
            self.send_header(name, value)
        if reply.location:
            self.send_header("Location", reply.location)
        if reply.transport == "gzip":
            self.send_header("Vary", "Accept-Encoding")
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
        # Chunked encoding does not exist in HTTP/1.0: such clients get a length.
        chunked = reply.transport == "chunked" and self.request_version == "HTTP/1.1"
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if head:
            return
        if not chunked:
            self.wfile.write(body)
            return
        for at in range(0, len(body), _CHUNK):
            chunk = body[at : at + _CHUNK]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def _send_not_modified(self, validators: list[tuple[str, str]], *, vary: bool) -> None:
        # A 304 carries the validators (and Vary) a 200 would, and never a body.
        self.send_response(304)
        for name, value in validators:
            self.send_header(name, value)
        if vary:
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class MirrorServer:
    """Every registered site, served from the fixtures on a loopback port.

    ``start()`` serves in a background thread and returns the base URL; ``serve_forever()``
    serves in the calling thread; ``stop()`` ends either.
    """

    def __init__(
        self,
        port: int = 0,
        articles_per_site: int = 0,
        host: str = "127.0.0.1",
        *,
        registry: Registry | None = None,
        fixtures: Path | None = None,
        changed_layout: Collection[str] = (),
        redesigns: Mapping[str, str] | None = None,
        publishing: Publishing | None = None,
        clock: MirrorClock | None = None,
    ) -> None:
        if not _loopback(host):
            raise ValueError(f"the mirror binds to loopback only, not {host!r}")
        self.host = host
        self.port = port
        #: Site key to the kind of redesign its article pages are served with
        #: (mirror/redesign/); ``changed_layout`` sites get the client-rendered one.
        self.redesigns = dict.fromkeys(changed_layout, CHANGED_LAYOUT) | dict(redesigns or {})
        unknown = [kind for kind in self.redesigns.values() if kind not in KINDS]
        if unknown:
            raise ValueError(f"unknown redesign {unknown[0]!r}")
        self.catalogue: Catalogue = build_catalogue(
            articles_per_site, registry=registry, fixtures=fixtures
        )
        #: What the sites publish and edit as the clock runs; None: they stay as they are.
        self.living = (
            LivingMirror(self.catalogue, publishing, clock or MirrorClock()) if publishing else None
        )
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._serving = False

    def _bind(self) -> _HTTPServer:
        if self._httpd is None:
            server_class = _HTTPServer6 if ":" in self.host else _HTTPServer
            httpd = server_class((self.host, self.port), _Handler)
            name = f"[{self.host}]" if ":" in self.host else self.host
            base = f"http://{name}:{httpd.server_port}"
            living = self.living
            httpd.mirror = Mirror(self.catalogue, base, self.redesigns, living=living)
            httpd.as_sites = Mirror(
                self.catalogue, base, self.redesigns, as_sites=True, living=living
            )
            httpd.started = datetime.now(UTC).replace(microsecond=0)
            httpd.living = living
            self._httpd = httpd
        return self._httpd

    @property
    def url(self) -> str:
        """The base URL (``http://127.0.0.1:PORT``); the server must have been started."""
        if self._httpd is None:
            raise RuntimeError("the mirror is not started")
        return self._httpd.mirror.base

    @property
    def faults(self) -> dict[str, Faults]:
        """Each site's deliberate faults (301, 404, 500-then-200), as mirror URLs."""
        if self._httpd is None:
            raise RuntimeError("the mirror is not started")
        return {key: site.faults for key, site in self._httpd.mirror.sites.items()}

    def start(self) -> str:
        httpd = self._bind()
        if not self._serving:
            self._serving = True
            self._thread = threading.Thread(
                target=httpd.serve_forever, name="jambicrawl-mirror", daemon=True
            )
            self._thread.start()
        return self.url

    def serve_forever(self) -> None:
        httpd = self._bind()
        self._serving = True
        httpd.serve_forever()

    def stop(self) -> None:
        if self._httpd is None:
            return
        if self._serving:
            self._httpd.shutdown()
            self._serving = False
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._httpd = None

    def __enter__(self) -> MirrorServer:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
