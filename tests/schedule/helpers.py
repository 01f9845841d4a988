"""What the schedule tests share: schedule files, a clock the test drives, the history."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from jambicrawl.cli.main import main
from jambicrawl.registry import load_registry
from jambicrawl.schedule.loader import load_schedules
from jambicrawl.state.runs import RunHistory

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Iterator
    from pathlib import Path

    import pytest

    from jambicrawl.schedule.model import Entry


class FakeClock:
    """Time that moves only when the test (or a wait) moves it."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta

    def wait(self, event: threading.Event, seconds: float) -> bool:
        if event.is_set():
            return True
        self.moment += timedelta(seconds=seconds)
        return False


def write(folder: Path, text: str, name: str = "schedules.toml") -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def entries(path: Path) -> list[Entry]:
    return load_schedules(path, load_registry())


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def runs(archive: Path) -> list[dict[str, Any]]:
    with RunHistory(archive) as history:
        return [run.to_dict() for run in history.runs()]


def wait_for(condition: Any, timeout: float = 120.0) -> None:
    """Until ``condition()`` holds (checked every 0.1 s), failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.1)


def stored_articles(archive: Path, site: str = "") -> int:
    query = "SELECT COUNT(*) FROM articles" + (" WHERE site = ?" if site else "")
    try:
        with sqlite3.connect(archive / "state.sqlite3", timeout=5) as conn:
            return int(conn.execute(query, (site,) if site else ()).fetchone()[0])
    except sqlite3.Error:
        return 0


@contextmanager
def reaped(process: subprocess.Popen[str]) -> Iterator[subprocess.Popen[str]]:
    """``process``, killed and waited for if the block leaves it running (a failed test)."""
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
