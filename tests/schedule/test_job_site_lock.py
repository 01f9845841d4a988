"""A crawl run as scrapyd runs it (``scrapy crawl SITE`` with the settings ``schedule
--scrapyd`` sends) takes its site's lock itself: a site another crawl holds is not crawled."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl.schedule.model import Entry
from jambicrawl.schedule.planner import Decision
from jambicrawl.schedule.scrapyd import spider_settings
from jambicrawl.state.locks import SiteLocks, busy_holder
from tests.schedule.helpers import stored_articles

if TYPE_CHECKING:
    from tests.crawl.mirror_process import MirrorProcess

REPO = Path(__file__).resolve().parents[2]
SITE = "jambione"


def _scrapy_crawl(mirror: MirrorProcess, archive: Path) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl SITE`` from the project folder, as a scrapyd job with its settings."""
    now = datetime.now(UTC)
    entry = Entry("job", (SITE,), cron="0 * * * *", mirror=mirror.url, max_articles=2)
    fields = spider_settings(Decision(entry, (SITE,), now, "run"), archive.resolve(), now)
    command = [sys.executable, "-m", "scrapy", "crawl", SITE]
    for _, value in fields:
        command += ["-s", value]
    return subprocess.run(command, cwd=REPO, env=os.environ.copy(), capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def test_a_job_whose_site_is_held_fetches_nothing(mirror: MirrorProcess, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with SiteLocks(archive, [SITE]):
        done = _scrapy_crawl(mirror, archive)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"{SITE} is being crawled by process {os.getpid()}" in done.stderr
    assert "'finish_reason': 'site_busy'" in done.stderr
    assert "downloader/request_count" not in done.stderr  # not one request made
    assert stored_articles(archive) == 0


def test_a_job_holds_its_sites_lock_while_it_crawls(mirror: MirrorProcess, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    done = _scrapy_crawl(mirror, archive)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "site_busy" not in done.stderr
    assert stored_articles(archive, SITE) == 2
    # It was held (the lock file names the holder while it runs; emptied at a clean end).
    assert (archive / "locks" / f"{SITE}.lock").exists()
    assert busy_holder(archive, SITE) is None
