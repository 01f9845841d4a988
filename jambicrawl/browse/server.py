"""The two servers of ``browse``, each in a thread: the application's origin and the
capture origin (another port: another origin)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING

from jambicrawl.browse.app import AppHandler
from jambicrawl.browse.captures import CaptureHandler, Captures

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


def _origin(server: ThreadingHTTPServer, host: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{server.server_address[1]}"


@dataclass
class Browse:
    """Both servers, listening once made; :meth:`start` serves, :meth:`stop` ends them."""

    archives: Sequence[Path]
    host: str = "127.0.0.1"
    port: int = 0
    capture_port: int = 0
    #: The paths each origin was asked for, in order.
    app_asked: list[str] = field(default_factory=list)
    capture_asked: list[str] = field(default_factory=list)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        captures = Captures(self.archives)  # before listening: the index is built first
        self.app = ThreadingHTTPServer((self.host, self.port), AppHandler)
        try:
            self.captures = ThreadingHTTPServer((self.host, self.capture_port), CaptureHandler)
        except OSError:
            self.app.server_close()
            raise
        self.url, self.capture_origin = (
            _origin(self.app, self.host),
            _origin(self.captures, self.host),
        )
        port = self.app.server_address[1]
        hosts = {f"{name}:{port}" for name in (self.host, "127.0.0.1", "localhost")}
        self.app.RequestHandlerClass = type("App", (AppHandler,), {
            "archives": tuple(self.archives), "capture_origin": self.capture_origin,
            "hosts": frozenset(hosts | {self.url.removeprefix("http://")}), "asked": self.app_asked,
        })  # fmt: skip
        self.captures.RequestHandlerClass = type("Capture", (CaptureHandler,), {
            "captures": captures, "app_origin": self.url, "asked": self.capture_asked,
        })  # fmt: skip

    def start(self) -> None:
        for server in (self.app, self.captures):
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in (self.app, self.captures):
            if self._threads:
                server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join()
