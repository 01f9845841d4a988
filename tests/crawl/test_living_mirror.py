"""Crawls of a living mirror at two moments, as real processes: the second stores the
articles published since the first, and every kind of newsroom edit as the article's current
version (the version guard holds none of them back)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from jambicrawl.mirror.catalogue import EPOCH
from jambicrawl.mirror.edits import EDIT_KINDS
from jambicrawl.registry import load_registry
from jambicrawl.schedule.auto import publishing_rate
from tests.crawl.mirror_process import MirrorProcess, crawl, latest_stats

if TYPE_CHECKING:
    from pathlib import Path

#: A clock that moves only when told, from the real time: a sitemap's lastmod after an edit
#: is after the crawl's last capture, as on a real site.
LIVING = ("--publish-every", "1h", "--speed", "0")


def advance(mirror: MirrorProcess, by: str) -> dict[str, Any]:
    """Move the mirror's clock; what it has published and edited since it started."""
    request = urllib.request.Request(f"{mirror.url}/_clock?advance={by}", method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        found: dict[str, Any] = json.load(answer)
    return found


def versions(archive: Path) -> dict[str, tuple[int, int]]:
    """Each stored article's number of versions and current version."""
    with sqlite3.connect(archive / "state.sqlite3") as db:
        rows = db.execute("SELECT canonical_url, versions, current_version FROM articles")
        return {url: (count, current) for url, count, current in rows}


def stored(archive: Path, url: str) -> list[dict[str, Any]]:
    """Every version of an article, oldest first, and whether it was held back."""
    with sqlite3.connect(archive / "state.sqlite3") as db:
        rows = db.execute(
            "SELECT article_json, held_back FROM article_versions WHERE canonical_url = ? "
            "ORDER BY version",
            (url,),
        ).fetchall()
    return [json.loads(text) | {"held_back_reason": held} for text, held in rows]


@dataclass
class Moments:
    archive: Path
    changes: list[dict[str, Any]]
    #: Articles and their versions after the second crawl (no --refresh), and its stats.
    after_second: dict[str, tuple[int, int]]
    second_stats: dict[str, dict[str, Any]]
    runs: list[subprocess.CompletedProcess[str]]

    def of_kind(self, *kinds: str) -> list[dict[str, Any]]:
        return [c for c in self.changes if c["kind"] in kinds]


@pytest.fixture(scope="module")
def moments(tmp_path_factory: pytest.TempPathFactory) -> Moments:
    """A crawl, the clock one step on, a crawl, then a crawl with --refresh."""
    archive = tmp_path_factory.mktemp("living") / "archive"
    mirror = MirrorProcess.start(10, *LIVING)
    try:
        first = crawl(mirror.url, archive)
        changes = advance(mirror, "1h")["changes"]
        second = crawl(mirror.url, archive)
        after_second, second_stats = versions(archive), latest_stats(archive)
        third = crawl(mirror.url, archive, "--refresh")
    finally:
        mirror.stop()
    return Moments(archive, changes, after_second, second_stats, [first, second, third])


def test_every_crawl_ran_to_its_end(moments: Moments) -> None:
    for run in moments.runs:
        assert run.returncode == 0, run.stderr[-2000:]


def test_the_second_crawl_stores_the_articles_published_since_the_first(
    moments: Moments,
) -> None:
    published = moments.of_kind("published")
    sites = {site.key for site in load_registry()}
    assert sorted(c["site"] for c in published) == sorted(sites)  # one a site
    for change in published:
        assert moments.after_second[change["url"]] == (1, 1), change
    for site in sites:
        assert moments.second_stats[site]["state/new"] == 1, site


def test_a_recrawl_fetches_again_the_articles_whose_sitemap_lastmod_moved(
    moments: Moments,
) -> None:
    """Without --refresh a known article is fetched again when a sitemap dates it after its
    last capture: the edits of sites with sitemaps are stored by the second crawl."""
    with_sitemaps = {site.key for site in load_registry() if site.discovery.sitemaps}
    edits = [c for c in moments.of_kind(*EDIT_KINDS) if c["site"] in with_sitemaps]
    assert edits
    for change in edits:
        assert moments.after_second[change["url"]] == (2, 2), change


def test_every_kind_of_edit_becomes_the_current_version(moments: Moments) -> None:
    edits = moments.of_kind(*EDIT_KINDS)
    assert {c["kind"] for c in edits} == set(EDIT_KINDS)
    after = versions(moments.archive)
    for change in edits:
        assert after[change["url"]] == (2, 2), change  # stored, and current
        old, new = stored(moments.archive, change["url"])
        assert new["held_back_reason"] is None and "held_back" not in new["flags"], new["flags"]
        kind = change["kind"]
        assert (old["title"] != new["title"]) == (kind == "title"), change
        assert (old["date_published"] != new["date_published"]) == (kind == "time"), change
        assert (old["body"] != new["body"]) == (kind in ("sentence", "paragraph")), change
        if kind == "time":
            assert old["date_published"][:10] == new["date_published"][:10]
        if kind == "paragraph":
            assert new["body"].startswith(old["body"]) and "Pembaruan: " in new["body"]


def test_stats_shows_the_new_articles_of_each_run(moments: Moments) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jambicrawl", "stats", str(moments.archive), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for site in json.loads(done.stdout):
        new = [run["articles_new"] for run in site["trend"]]
        assert new == [10, 1, 0], site["site"]


def test_the_publishing_rate_of_every_auto_follows_the_mirror(tmp_path: Path) -> None:
    """Two weeks of a mirror publishing every 12 hours: ``every = "auto"`` reads one
    article per 12 hours a site."""
    archive = tmp_path / "archive"
    since = (EPOCH + timedelta(days=1)).isoformat()  # after every article of the fixtures
    mirror = MirrorProcess.start(0, "--publish-every", "12h", "--speed", "0", "--clock", since)
    try:
        now = datetime.fromisoformat(advance(mirror, "14d")["now"])
        done = crawl(mirror.url, archive)
    finally:
        mirror.stop()
    assert done.returncode == 0, done.stderr[-2000:]
    for site in load_registry():
        assert publishing_rate(archive, site.key, now) == pytest.approx(1 / 12), site.key
