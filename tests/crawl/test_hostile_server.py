"""Bad input from servers: each case logged with its reason, counted, and the crawl goes on."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.archive.warcs import read_warc, warc_paths

if TYPE_CHECKING:
    from collections.abc import Iterator

SERVER = Path(__file__).with_name("hostile_server.py")
SITES = """
[sites.hostile]
name = "Hostile"
family = "generic"
hosts = ["hostile.example"]
[sites.hostile.discovery]
robots = true
feeds = ["/feed"]
listings = ["/list"]
article_pattern = "/news/"
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port_file = tmp_path_factory.mktemp("server") / "port"
    process = subprocess.Popen([sys.executable, str(SERVER), str(port_file)])
    try:
        for _ in range(100):
            if port_file.exists() and port_file.read_text():
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port_file.read_text()}"
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def crawl(
    server: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any], Path]:
    root = tmp_path_factory.mktemp("crawl")
    sites = root / "sites.toml"
    sites.write_text(SITES, "utf-8")
    archive = root / "archive"
    settings = ["DOWNLOAD_TIMEOUT=2", "DOWNLOAD_MAXSIZE=100000", "RETRY_TIMES=1",
                "JAMBICRAWL_LISTING_MAX_PAGES=4", "ROBOTSTXT_OBEY=False"]  # fmt: skip
    command = [sys.executable, "-m", "jambicrawl", "crawl", "hostile", "--sites-file", str(sites),
               "--mirror", server, "--archive", str(archive)]  # fmt: skip
    for setting in settings:
        command += ["-s", setting]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    # Finished; most pages failed, so the error-rate monitor raised its alarm (status 4).
    assert result.returncode == 4, result.stderr[-3000:]
    assert "ALARM hostile: error_rate:" in result.stderr
    (stats_file,) = (archive / "stats").glob("hostile-*.json")
    return result, json.loads(stats_file.read_text("utf-8")), archive


def test_crawl_goes_on_and_extracts_the_good_article(crawl: Any) -> None:
    result, stats, archive = crawl
    assert stats["finish_reason"] == "finished", result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    items = [
        json.loads(line)
        for f in (archive / "items").glob("*.jsonl")
        for line in f.read_text().splitlines()
    ]
    assert {i["title"] for i in items} == {"Jalan Baru Diresmikan"}
    assert stats["item_scraped_count"] >= 1


def test_pages_that_hold_no_article_are_archived_but_make_no_article(crawl: Any) -> None:
    _, _, archive = crawl
    archived = {record.uri for path in warc_paths(archive) for record in read_warc(path).records}
    assert {
        "https://hostile.example/news/deep",
        "https://hostile.example/news/manylinks",
    } <= archived


@pytest.mark.parametrize(
    ("stat", "minimum"),
    [
        ("jambicrawl/malformed_sitemaps", 1),
        ("jambicrawl/malformed_feeds", 1),
        ("jambicrawl/listing_page_limit", 1),
        ("jambicrawl/not_html", 1),
        ("jambicrawl/not_article", 2),  # 5,000-deep nesting, 4,000 links
        ("jambicrawl/article_errors", 4),  # redirect loop, 5xx storm, timeout, too large
        ("retry/count", 1),
    ],
)
def test_each_bad_input_is_counted(crawl: Any, stat: str, minimum: int) -> None:
    _, stats, _ = crawl
    assert stats.get(stat, 0) >= minimum, stat


def test_listing_that_pages_forever_stops_at_the_limit(crawl: Any) -> None:
    _, stats, _ = crawl
    assert stats["jambicrawl/listing_pages"] == 4


@pytest.mark.parametrize(
    "reason",
    ["redirect", "503", "timeout|took longer", "maxsize|max size|cancel", "not HTML",
     "sitemap without entries or malformed", "feed without items or malformed",
     "listing page limit"],
)  # fmt: skip
def test_each_bad_input_is_logged_with_its_reason(crawl: Any, reason: str) -> None:
    import re

    _, _, archive = crawl
    log = "".join(path.read_text("utf-8") for path in (archive / "logs").glob("*.log"))
    assert re.search(reason, log, re.IGNORECASE), reason


def test_stderr_holds_what_needs_action_and_the_log_file_the_rest(crawl: Any) -> None:
    """Per-page failures are counted and logged to the archive's log, not shouted."""
    result, _, archive = crawl
    assert "article failed" not in result.stderr
    assert "listing page limit" in result.stderr  # discovery cut short: worth a look
    log = "".join(path.read_text("utf-8") for path in (archive / "logs").glob("*.log"))
    assert "article failed" in log
