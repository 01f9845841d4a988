"""The polite test site (``polite_server.py``) as a process, and crawls of it with signals.

A test waits on the server's output lines (a request arrived, a download is held) instead
of sleeping: each line is an event of the crawl seen from the other end.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterable

SERVER = Path(__file__).with_name("polite_server.py")
#: How long a test waits for the server's next event before it fails.
WAIT = 120
#: A command's prefix that runs it with the default SIGINT and SIGTERM handling, whatever
#: this process's (a parent under ``nohup`` or a script ignores SIGINT, and its children
#: inherit that). ``exec`` keeps the defaults; ``preexec_fn`` is unsafe beside threads.
DEFAULT_SIGNALS = [
    sys.executable,
    "-c",
    "import os, signal, sys\n"
    "for s in (signal.SIGINT, signal.SIGTERM): signal.signal(s, signal.SIG_DFL)\n"
    "os.execv(sys.argv[1], sys.argv[1:])",
]
SITE = """
[sites.{name}]
name = "Situs {name}"
family = "generic"
scheme = "http"
hosts = ["127.0.0.1:{port}"]
[sites.{name}.discovery]
robots = true
listings = ["/list"]
article_pattern = "/news/"
"""


@dataclass
class PoliteServer:
    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    #: Every line it printed, in order.
    seen: list[str] = field(default_factory=list)
    port: int = 0

    @classmethod
    def start(cls, mode: str = "held") -> PoliteServer:
        """The server answering as ``mode`` says (see ``polite_server.py``), once it listens."""
        process = subprocess.Popen(
            [sys.executable, str(SERVER), mode], stdout=subprocess.PIPE, text=True
        )
        server = cls(process)
        threading.Thread(target=server._read, daemon=True).start()
        server.port = int(server.next("port ").split()[1])
        return server

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.seen.append(line.rstrip("\n"))
            self.lines.put(self.seen[-1])

    def next(self, prefix: str, crawl: subprocess.Popen[Any] | None = None) -> str:
        """The next line starting with ``prefix``; fails when ``crawl`` ends first."""
        for _ in range(WAIT):
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if crawl is not None and crawl.poll() is not None:
                    pytest.fail(f"the crawl ended (status {crawl.returncode}) before {prefix!r}")
                continue
            if line.startswith(prefix):
                return line
        pytest.fail(f"the server printed no {prefix!r} within {WAIT} s")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        assert self.process.stdout is not None
        self.process.stdout.close()


def sites_file(path: Path, sites: Iterable[tuple[str, PoliteServer]]) -> Path:
    """A sites file of one site per server: each site's only host is its server."""
    path.write_text("".join(SITE.format(name=n, port=s.port) for n, s in sites), "utf-8")
    return path
