"""The offline mirror and crawls, run as real processes for end-to-end tests."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence


@dataclass
class MirrorProcess:
    process: subprocess.Popen[str]
    url: str

    @classmethod
    def start(cls, articles_per_site: int = 0, *args: str) -> MirrorProcess:
        """``jambicrawl mirror ARGS`` (``--port 0`` unless ARGS name one), once it serves."""
        port = [] if "--port" in args else ["--port", "0"]
        command = [sys.executable, "-m", "jambicrawl", "mirror", *port, *args]
        if articles_per_site:
            command += ["--articles-per-site", str(articles_per_site)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("http://127.0.0.1:"):
            process.kill()
            process.wait()
            process.stdout.close()
            raise RuntimeError(f"mirror did not start: {line!r}")
        return cls(process, line.split()[0])

    def stop(self) -> None:
        os.kill(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


def crawl_command(
    mirror: str, archive: Path, *extra: str, sites: Sequence[str] = ("all",)
) -> list[str]:
    return [sys.executable, "-m", "jambicrawl", "crawl", *sites, "--mirror", mirror,
            "--archive", str(archive), "-s", "LOG_LEVEL=WARNING", *extra]  # fmt: skip


def crawl(
    mirror: str, archive: Path, *extra: str, sites: Sequence[str] = ("all",)
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(mirror, archive, *extra, sites=sites),
        capture_output=True,
        text=True,
        timeout=600,
    )


def items(archive: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted((archive / "items").glob("*.jsonl")):
        found += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    return found


def latest_stats(archive: Path) -> dict[str, dict[str, Any]]:
    """The newest stats file of each site."""
    stats: dict[str, dict[str, Any]] = {}
    for path in sorted((archive / "stats").glob("*.json")):
        site = path.name.rsplit("-", 1)[0]
        stats[site] = json.loads(path.read_text("utf-8"))
    return stats


def stored_articles(archive: Path) -> int:
    """Articles in the archive's state database (0 while it does not exist)."""
    db = archive / "state.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def wait_for(
    condition: Callable[[], bool], process: subprocess.Popen[Any], timeout: float = 120
) -> None:
    """Wait until ``condition()`` holds while ``process`` runs (an event seen by polling)."""
    deadline = time.monotonic() + timeout
    while not condition() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the crawl ended before the moment came"
    assert condition(), "the moment did not come"


def crawl_under_way(
    mirror: MirrorProcess,
    archive: Path,
    *extra: str,
    sites: Sequence[str] = ("all",),
    stored: int = 20,
    slow: bool = True,
) -> subprocess.Popen[bytes]:
    """A crawl of the mirror (slowed, unless told) that has stored ``stored`` articles, in a
    process group of its own (a terminal's Ctrl-C reaches the whole group). Its output goes
    to ``crawl.out`` and ``crawl.err`` beside the archive folder (a pipe nobody reads would
    block it)."""
    slowed = ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "DOWNLOAD_DELAY=0.05"] if slow else []
    archive.parent.mkdir(parents=True, exist_ok=True)
    with (
        (archive.parent / "crawl.out").open("wb") as out,
        (archive.parent / "crawl.err").open("wb") as err,
    ):
        process = subprocess.Popen(
            crawl_command(mirror.url, archive, *slowed, *extra, sites=sites),
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
    wait_for(lambda: stored_articles(archive) >= stored, process)
    return process


def module_mirror(articles_per_site: int) -> Any:
    """A module-scoped ``mirror`` fixture: one mirror process for the module's tests
    (``mirror = module_mirror(40)`` in the test module)."""
    import pytest

    @pytest.fixture(scope="module")
    def mirror() -> Iterator[MirrorProcess]:
        process = MirrorProcess.start(articles_per_site=articles_per_site)
        yield process
        process.stop()

    return mirror
