"""Inputs checked: what schedule files take, ``--since``/``--until`` take; a command that only
reads creates nothing; a stopped crawl's resume hint works when pasted."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from jambicrawl.crawling.overrides import checked_settings
from jambicrawl.normalize.window import before
from tests.crawl.mirror_process import MirrorProcess, crawl_under_way, stored_articles

ROOT_SCHEDULES = str(Path(__file__).resolve().parents[1] / "schedules.toml")


def _jambicrawl(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "jambicrawl", *argv]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=cwd)


def test_settings_of_scrapy_jambicrawl_and_spidermon_are_known() -> None:
    given = [("CLOSESPIDER_TIMEOUT", "5"), ("WARC_OUTLINKS", "True"), ("JAMBICRAWL_SINCE", ""),
             ("SPIDERMON_EXPRESSIONS_MONITOR_CLASS", "x"),
             ("SCHEDULER_DISK_QUEUE", "x")]  # fmt: skip
    assert checked_settings(given) == dict(given)


@pytest.mark.parametrize("text", ["2 days", "15m", "1 week"])
def test_durations_are_read_as_schedule_files_read_them(text: str) -> None:
    now = datetime(2026, 3, 25, 12, 0).astimezone()
    since = datetime.fromisoformat(before(text, now))
    assert timedelta(minutes=15) <= now - since <= timedelta(days=7)
    assert before("2026-03-01", now) == "2026-03-01"


def test_crawl_takes_a_duration_for_since(tmp_path: Path) -> None:
    """``--since "2 days"`` gets as far as the crawl (of a closed port: a failed crawl, 1)."""
    done = _jambicrawl("crawl", "tribunjambi", "--mirror", "http://127.0.0.1:9",
                       "--workers", "1", "--since", "2 days", "--archive", str(tmp_path / "a"),
                       cwd=tmp_path)  # fmt: skip
    assert "not a date" not in done.stderr
    assert done.returncode == 1, done.stderr[-2000:]


@pytest.mark.parametrize(
    "argv",
    [
        ["schedule", "list", ROOT_SCHEDULES, "--archive", "TYPO"],
        ["schedule", "next", ROOT_SCHEDULES, "--archive", "TYPO"],
        ["schedule", "history", "--archive", "TYPO"],
        ["stats", "TYPO"],
        ["export", "TYPO", "-o", "out.jsonl"],
        ["report", "TYPO", "-o", "report.html"],
        ["replay", "TYPO", "-o", "out.jsonl"],
        ["crawl", "nosuchsite", "--archive", "TYPO"],
        ["demo", "--archive", "TYPO", "-s", "NO_SUCH_SETTING=1"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_a_command_that_reads_or_is_refused_creates_nothing(
    tmp_path: Path, argv: list[str]
) -> None:
    done = _jambicrawl(*argv, cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _hint(output: str) -> list[str]:
    found = re.search(r"stopped before the end: `(.+)` continues", output)
    assert found, output[-2000:]
    words = shlex.split(found.group(1))
    assert words[0] == "jambicrawl" and words[-1] == "--resume"
    return [sys.executable, "-m", "jambicrawl", *words[1:]]


def test_the_resume_hint_of_a_stopped_crawl_works_when_pasted(tmp_path: Path) -> None:
    per_site = 12
    mirror = MirrorProcess.start(articles_per_site=per_site)
    try:
        archive = tmp_path / "archive"
        sites = ("tribunjambi", "jambione")
        process = crawl_under_way(mirror, archive, "--workers", "1", sites=sites, stored=2)
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=120) == 130
        command = _hint((tmp_path / "crawl.out").read_text("utf-8"))
        assert {"--mirror", mirror.url, "--archive", str(archive), *sites} <= set(command)
        resumed = subprocess.run(command, capture_output=True, text=True, timeout=300,
                                 cwd=tmp_path)  # fmt: skip
        assert resumed.returncode == 0, resumed.stderr[-2000:]
        assert stored_articles(archive) == per_site * len(sites)
    finally:
        mirror.stop()
