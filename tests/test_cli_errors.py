"""Bad options and values: one line on stderr, the documented status, nothing started.

Each command runs as a real process; where a mistake could start a crawl, the crawl is
pointed at a closed local port so that a missing check fails fast instead of fetching."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

CLOSED = "http://127.0.0.1:9"
CRAWL = ["crawl", "tribunjambi", "--workers", "1"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([*CRAWL, "--mirror", CLOSED, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=abc"],
         "-s CONCURRENT_REQUESTS_PER_DOMAIN=abc: expected a whole number"),
        ([*CRAWL, "--mirror", CLOSED, "-s", "DOWNLOAD_DELAY=soon"], "expected a number"),
        ([*CRAWL, "--mirror", CLOSED, "-s", "WARC_ENABLED=maybe"], "expected true or false"),
        ([*CRAWL, "--mirror", "notaurl"], "--mirror: 'notaurl' is not an http:// URL"),
        ([*CRAWL, "--mirror", "http://127.0.0.1:99999"], ":99999': bad port"),
        (["mirror", "--port", "70000"], "--port: 70000 is not a port number"),
        (["demo", "--articles-per-site", "-1"], "--articles-per-site: must be 0 or more"),
        (["demo", "-s", "RETRY_TIMES=twice"], "-s RETRY_TIMES=twice: expected a whole number"),
        ([*CRAWL, "--mirror", CLOSED, "-s", "CONCURENT_REQUESTS=4"],
         "-s CONCURENT_REQUESTS: unknown setting (did you mean 'CONCURRENT_REQUESTS'?)"),
        (["demo", "-s", "JAMBICRAWL_CONTACT_ULR=https://x"],
         "(did you mean 'JAMBICRAWL_CONTACT_URL'?)"),
        ([*CRAWL, "--mirror", CLOSED, "--workers", "0"], "--workers: must be 1 or more"),
        (["crawl", "tribunjamb", "--mirror", CLOSED],
         "unknown site 'tribunjamb' (did you mean 'tribunjambi'?)"),
        ([*CRAWL, "--mirror", CLOSED, "--since", "2 dayz"], "--since: not a date: '2 dayz'"),
        (["schedule", "history", "--limit", "0"], "--limit: must be 1 or more"),
    ],
)  # fmt: skip
def test_bad_value_is_one_line_and_status_2(tmp_path: Path, argv: list[str], message: str) -> None:
    archive = tmp_path / "archive"
    if argv[0] in ("crawl", "demo"):
        argv = [*argv, "--archive", str(archive)]
    done = subprocess.run(
        [sys.executable, "-m", "jambicrawl", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.startswith("jambicrawl: ")
    assert len(done.stderr.splitlines()) == 1, done.stderr[-2000:]
    assert message in done.stderr
    assert not archive.exists()  # nothing started


@pytest.mark.parametrize("contents", ["empty", "not-warc"])
def test_from_archive_needs_warc_files(tmp_path: Path, contents: str) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    if contents == "not-warc":
        (folder / "notes.txt").write_text("no WARC here", "utf-8")
        (folder / "index.cdxj").write_text("", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "jambicrawl", *CRAWL, "--from-archive", str(folder),
         "--archive", str(tmp_path / "rerun")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr == f"jambicrawl: --from-archive: {folder}: no WARC files" + (
        " (an .open file needs 'archive repair')\n"
    )
