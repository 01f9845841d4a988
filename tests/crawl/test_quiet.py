"""Quiet by default: a re-crawl that finds nothing new logs nothing per article on stderr,
no warning for a setting that is off on purpose, and its summary says why nothing was stored."""

from __future__ import annotations

import logging
import subprocess
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

import pytest
from scrapy.exceptions import DropItem

from jambicrawl.logformatter import LogFormatter
from jambicrawl.pipelines.drops import expected, held_back
from jambicrawl.spiders.fetched import NotModified
from tests.crawl.mirror_process import MirrorProcess

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from scrapy import Spider

SITES = ("tribunjambi", "antarajambi")


@pytest.fixture(scope="module")
def mirror() -> Iterator[MirrorProcess]:
    process = MirrorProcess.start()
    yield process
    process.stop()


def _crawl(mirror: MirrorProcess, archive: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """A crawl as a user runs it: the default log level, no ``-s`` at all."""
    command = [sys.executable, "-m", "jambicrawl", "crawl", *SITES, "--mirror", mirror.url,
               "--archive", str(archive), "--workers", "1", *extra]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def _log_lines(stderr: str) -> list[str]:
    """stderr without the progress lines (one per site)."""
    return [line for line in stderr.splitlines() if " articles " not in line]


@pytest.mark.parametrize("refresh", [True, False], ids=["refresh", "again"])
def test_a_crawl_of_unchanged_articles_is_quiet_and_says_why(
    mirror: MirrorProcess, tmp_path: Path, refresh: bool
) -> None:
    archive = tmp_path / "archive"
    first = _crawl(mirror, archive)
    assert first.returncode == 0, first.stderr[-2000:]
    assert _log_lines(first.stderr) == []  # no "Disabled ...SiteLockMiddleware" either
    again = _crawl(mirror, archive, *(["--refresh"] if refresh else []))
    assert again.returncode == 0, again.stderr[-2000:]
    assert _log_lines(again.stderr) == []  # no "Dropped: ...", no NotModified(...) repr
    known = "known, unchanged" if refresh else "known, not fetched again"
    for site in SITES:
        assert f"{site}: no new or changed article: 3 {known}" in again.stdout, again.stdout


def _logged(exception: DropItem) -> logging.LogRecord:
    settings = {"DEFAULT_DROPITEM_LOG_LEVEL": "WARNING"}
    spider = cast("Spider", SimpleNamespace(crawler=SimpleNamespace(settings=settings)))
    item = NotModified("tribunjambi", "https://jambi.tribunnews.com/x")
    entry = LogFormatter().dropped(item, exception, None, spider)
    return logging.makeLogRecord({"levelno": entry["level"], "msg": entry["msg"],
                                  "args": entry["args"]})  # fmt: skip


def test_expected_drops_are_debug_and_held_back_versions_a_short_warning() -> None:
    unchanged = _logged(expected("https://a.b/x: unchanged since it was last stored"))
    assert unchanged.levelno == logging.DEBUG
    assert unchanged.getMessage() == "Dropped: https://a.b/x: unchanged since it was last stored"
    held = _logged(held_back("https://a.b/x: held back, the stored version stays (soft_404)"))
    assert held.levelno == logging.WARNING
    assert "NotModified" not in held.getMessage()
    assert len(held.getMessage().splitlines()) == 1
