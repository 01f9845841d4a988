"""End-to-end: real crawls of the offline mirror, in real processes, on loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from jambicrawl.normalize.urls import canonical_url
from jambicrawl.registry import load_registry
from tests.archive.warcs import read_warc, warc_paths
from tests.crawl.mirror_process import (
    MirrorProcess,
    crawl,
    crawl_under_way,
    items,
    latest_stats,
    stored_articles,
)
from tests.fixturecases import all_cases

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

REGISTERED = {site.key for site in load_registry()}
CASES = [case for case in all_cases() if case.site in REGISTERED]


@pytest.fixture(scope="module")
def mirror() -> Iterator[MirrorProcess]:
    process = MirrorProcess.start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def first_crawl(mirror: MirrorProcess, tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = tmp_path_factory.mktemp("archive")
    result = crawl(mirror.url, archive)
    assert result.returncode == 0, result.stderr[-2000:]
    return archive


def test_every_fixture_article_comes_out_once_with_its_fields(
    mirror: MirrorProcess, first_crawl: Path
) -> None:
    articles = items(first_crawl)
    counts = Counter(a["canonical_url"] for a in articles)
    assert all(n == 1 for n in counts.values()), counts.most_common(3)
    by_url = {a["canonical_url"]: a for a in articles}
    for case in CASES:
        expected = case.expected
        article = by_url.get(canonical_url(expected["canonical_url"]))
        assert article is not None, f"{case.id} not crawled"
        for field, value in expected.items():
            if field in {"url", "canonical_url"}:
                # The sites' own URLs (the mirror is beneath the spider), fetched without
                # tracking parameters (canonical_url).
                assert canonical_url(article[field]) == canonical_url(value), f"{case.id}: {field}"
            else:
                assert article[field] == value, f"{case.id}: {field}"


def test_multi_page_articles_are_stitched_and_complete(
    mirror: MirrorProcess, first_crawl: Path
) -> None:
    multi = [a for a in items(first_crawl) if a["page_count"] > 1]
    assert len(multi) >= 3
    assert all(a["complete"] for a in multi)
    assert all(len(a["captures"]) == a["page_count"] for a in multi)


def test_second_crawl_fetches_no_known_article(mirror: MirrorProcess, first_crawl: Path) -> None:
    first_stats = latest_stats(first_crawl)
    first = {site: int(s.get("item_scraped_count", 0)) for site, s in first_stats.items()}
    # Each site lists an article under an old URL that redirects to it for good (301).
    assert all(s.get("downloader/response_status_count/301", 0) >= 1 for s in first_stats.values())
    result = crawl(mirror.url, first_crawl)
    assert result.returncode == 0, result.stderr[-2000:]
    second = latest_stats(first_crawl)
    for site, stats in second.items():
        assert stats.get("item_scraped_count", 0) == 0, site
        assert stats.get("jambicrawl/articles_skipped_known", 0) >= first[site], site
        assert stats.get("jambicrawl/later_pages_requested", 0) == 0, site
        # The old URL is known as the article's: not fetched again.
        assert stats.get("downloader/response_status_count/301", 0) == 0, (site, stats)


def test_killed_crawl_resumes_with_every_article_once(tmp_path: Path) -> None:
    per_site = 25
    mirror = MirrorProcess.start(articles_per_site=per_site)
    try:
        archive = tmp_path / "archive"
        process = crawl_under_way(mirror, archive)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        killed_at = stored_articles(archive)
        result = crawl(mirror.url, archive, "--resume")
        assert result.returncode == 0, result.stderr[-2000:]
        # The state database is the record of what was archived: every article once.
        with sqlite3.connect(archive / "state.sqlite3") as conn:
            stored, most_versions = conn.execute(
                "SELECT COUNT(*), MAX(versions) FROM articles"
            ).fetchone()
        assert killed_at < stored == per_site * len(REGISTERED)
        assert most_versions == 1
        # The resumed job's own file lists each article it stored once.
        resumed: list[dict[str, Any]] = items(archive)
        assert max(Counter(a["canonical_url"] for a in resumed).values()) == 1
    finally:
        mirror.stop()


def test_sites_left_over_go_to_the_first_worker_free(tmp_path: Path) -> None:
    # Seven sites, three workers: two sites each, and the seventh to whichever worker
    # finishes one first (no worker is given it at the start).
    mirror = MirrorProcess.start(articles_per_site=8)
    try:
        archive = tmp_path / "archive"
        result = crawl(mirror.url, archive, "--workers", "3")
        assert result.returncode == 0, result.stderr[-2000:]
    finally:
        mirror.stop()
    stats = latest_stats(archive)
    assert set(stats) == REGISTERED
    assert {s["finish_reason"] for s in stats.values()} == {"finished"}
    assert all(s.get("item_scraped_count", 0) >= 8 for s in stats.values())
    # Each worker writes through one WARC writer process, whose id names its WARC files.
    writers = {path.name.rsplit("-", 1)[1].split("~")[0] for path in archive.glob("*.warc.gz")}
    assert len(writers) == 3


def test_ctrl_c_stops_gracefully_and_resume_finishes(tmp_path: Path) -> None:
    per_site = 25
    mirror = MirrorProcess.start(articles_per_site=per_site)
    try:
        archive = tmp_path / "archive"
        process = crawl_under_way(mirror, archive)
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=120) == 130
        # Stopped, not killed: every WARC file closed, every stored article's page in one.
        assert not list(archive.glob("*.open"))
        cited = {c["warc_file"] for a in items(archive) for c in a["captures"]}
        assert cited and "" not in cited
        assert cited <= {path.name for path in archive.glob("*.warc.gz")}
        result = crawl(mirror.url, archive, "--resume")
        assert result.returncode == 0, result.stderr[-2000:]
        with sqlite3.connect(archive / "state.sqlite3") as conn:
            stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert stored == per_site * len(REGISTERED)
    finally:
        mirror.stop()


def test_a_one_day_window_finds_every_article_of_that_day(
    mirror: MirrorProcess, first_crawl: Path, tmp_path: Path
) -> None:
    """``--since D --until D`` is all of day D (in the site's zone), in crawl as in export."""
    days = Counter(
        a["date_published"][:10] for a in items(first_crawl) if a["site"] == "tribunjambi"
    )
    day, count = days.most_common(1)[0]
    expected = {
        a["canonical_url"]
        for a in items(first_crawl)
        if a["site"] == "tribunjambi" and a["date_published"][:10] == day
    }
    archive = tmp_path / "day"
    window = ("--since", day, "--until", day)
    result = crawl(mirror.url, archive, *window, sites=["tribunjambi"])
    assert result.returncode == 0, result.stderr[-2000:]
    assert {a["canonical_url"] for a in items(archive)} == expected and count >= 1


def test_captures_and_articles_carry_the_sites_own_urls(first_crawl: Path) -> None:
    """The mirror is beneath the spider: nothing of its address reaches what is kept, and
    what each site's robots.txt forbids is never fetched."""
    hosts = {host for site in load_registry() for host in site.hosts}
    assert all(urlsplit(a["url"]).hostname in hosts for a in items(first_crawl))
    uris = [
        record.uri
        for path in warc_paths(first_crawl)
        for record in read_warc(path).records
        if record.type in {"request", "response", "revisit"}
    ]
    assert uris and all(urlsplit(uri).hostname in hosts for uri in uris)
    assert not [uri for uri in uris if "/internal/" in uri]
    assert all(s.get("robotstxt/forbidden", 0) >= 1 for s in latest_stats(first_crawl).values())
    warcinfo = read_warc(warc_paths(first_crawl)[0]).records[0]
    assert warcinfo.type == "warcinfo" and b"mirror: yes" in warcinfo.payload


def test_each_site_fetches_its_robots_txt_once_and_obeys_it(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    """The spider's discovery request for robots.txt is the fetch Scrapy's rules come from:
    one capture a host, and its forbidden section is still never fetched."""
    archive = tmp_path / "archive"
    result = crawl(mirror.url, archive)
    assert result.returncode == 0, result.stderr[-2000:]
    robots = Counter(
        urlsplit(record.uri).hostname
        for path in warc_paths(archive)
        for record in read_warc(path).records
        if record.type in {"response", "revisit"} and record.uri.endswith("/robots.txt")
    )
    stats = latest_stats(archive)
    assert len(robots) == len(stats) and set(robots.values()) == {1}, robots
    for site, values in stats.items():
        assert values["robotstxt/request_count"] == 1, site
        assert values["robotstxt/forbidden"] >= 1, site


def test_a_crawl_of_a_mirror_on_another_port_finds_the_same_articles(
    first_crawl: Path, tmp_path: Path
) -> None:
    """The demo run twice (a new port each time) does not double the state database."""
    before = stored_articles(first_crawl)
    other = MirrorProcess.start()
    try:
        result = crawl(other.url, first_crawl)
    finally:
        other.stop()
    assert result.returncode == 0, result.stderr[-2000:]
    assert stored_articles(first_crawl) == before


def test_the_main_process_of_a_crawl_in_workers_loads_no_scrapy(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    """The process that hands sites to workers and waits for them imports neither Scrapy
    nor Twisted: 26 MB of a crawl's memory (target: under 400 MB at 3,000 per site)."""
    archive = tmp_path / "archive"
    code = (
        "import sys\n"
        "from jambicrawl.cli.main import main\n"
        "if __name__ == '__main__':\n"
        f"    status = main(['crawl', 'jambione', 'detailjambi', '--mirror', {mirror.url!r},\n"
        f"                   '--archive', {str(archive)!r}, '--workers', '2'])\n"
        "    print(status, sorted(m for m in ('scrapy', 'twisted') if m in sys.modules))\n"
    )  # fmt: skip
    script = tmp_path / "main_process.py"
    script.write_text(code, "utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stdout[-2000:] + done.stderr[-2000:]
    assert stored_articles(archive) > 0


#: What ``jambicrawl`` itself reads of the mirror: the redesign kinds its ``mirror --help``
#: lists. Nothing that serves or fetches.
_CLI_READS = ("jambicrawl.mirror", "jambicrawl.mirror.redesign")
_REDESIGN_KINDS = "jambicrawl.mirror.redesign."


def _mirror_modules_after_crawl(tmp_path: Path, call: str, mirror_url: str = "") -> list[str]:
    """The modules of ``jambicrawl.mirror`` a process holds after a crawl in it (one worker:
    Scrapy crawls in that process), through the API or the command, of a site whose host
    refuses connections, or of the offline mirror at ``mirror_url``."""
    with socket.socket() as probe:  # a port nothing listens on once this closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[sites.nowhere]\nscheme = "http"\nhosts = ["127.0.0.1:{port}"]\n', "utf-8")
    site, archive = ("jambione" if mirror_url else "nowhere"), str(tmp_path / "archive")
    if call == "api":
        run = ("from jambicrawl.crawling.run import CrawlOptions, run_crawl\n"
               f"run_crawl([{site!r}], CrawlOptions(archive=Path({archive!r}), "
               f"mirror={mirror_url!r}, sites_files=[{str(sites)!r}], workers=1))\n")  # fmt: skip
    else:
        mirror = ["--mirror", mirror_url] if mirror_url else []
        run = ("from jambicrawl.cli.main import main\n"
               f"main(['crawl', {site!r}, '--archive', {archive!r}, '--sites-file', "
               f"{str(sites)!r}, '--workers', '1', *{mirror!r}])\n")  # fmt: skip
    code = (
        "import json, sys\nfrom pathlib import Path\n" + run +
        "print(json.dumps([sorted(m for m in sys.modules if m.startswith('jambicrawl.mirror')),\n"
        "                  'scrapy.crawler' in sys.modules]))\n"
    )  # fmt: skip
    script = tmp_path / "crawl.py"
    script.write_text(code, "utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    loaded, crawled = json.loads(done.stdout.strip().splitlines()[-1])
    assert crawled, "the crawl ran in another process: the check would see nothing"
    return list(loaded)


def test_a_crawl_without_mirror_imports_none_of_the_mirror(tmp_path: Path) -> None:
    """The mirror's add-on is in ``ADDONS`` only for a crawl of the mirror."""
    assert _mirror_modules_after_crawl(tmp_path, "api") == []


def test_the_command_crawling_without_mirror_reads_only_the_mirror_help(tmp_path: Path) -> None:
    loaded = _mirror_modules_after_crawl(tmp_path, "cli")
    assert [m for m in loaded if m not in _CLI_READS and not m.startswith(_REDESIGN_KINDS)] == []


def test_a_crawl_of_the_mirror_loads_its_download_handler(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    """The other side of the two tests above: the check sees the mirror when it is there,
    and the crawl fetched from it."""
    assert "jambicrawl.mirror.handler" in _mirror_modules_after_crawl(tmp_path, "api", mirror.url)
    assert stored_articles(tmp_path / "archive") > 0
