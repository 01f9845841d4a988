"""Workers sharing one crawl through a real Redis: three ``jambicrawl crawl --redis`` processes,
each with its own archive folder, crawl the offline mirror at once and make one collection."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from jambicrawl.registry import load_registry
from jambicrawl.scale.digests import DIGESTS_KEY
from tests.archive.warcs import open_paths, read_warc, warc_paths, warcio_check
from tests.crawl.mirror_process import (
    MirrorProcess,
    crawl_command,
    latest_stats,
    module_mirror,
    stored_articles,
    wait_for,
)
from tests.scale.redis_process import RedisProcess

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

SITES = len(load_registry())
PER_SITE = 40
TOTAL = PER_SITE * SITES
TIMEOUT = 300

mirror = module_mirror(PER_SITE)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisProcess]:
    process = RedisProcess.start(tmp_path / "redis")
    yield process
    process.stop()


#: Every worker a test started, killed (with its WARC writer) when the test ends.
_STARTED: list[subprocess.Popen[bytes]] = []


@pytest.fixture(autouse=True)
def _no_worker_left() -> Iterator[None]:
    yield
    while _STARTED:
        worker = _STARTED.pop()
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=60)


def _worker(
    mirror: MirrorProcess,
    server: RedisProcess,
    archive: Path,
    *extra: str,
    sites: Sequence[str] = ("all",),
) -> subprocess.Popen[bytes]:
    """One worker, in a process group of its own, its output beside its archive folder."""
    archive.mkdir(parents=True)
    shared = ("--redis", server.url, "--workers", "1")
    command = crawl_command(mirror.url, archive, *shared, *extra, sites=sites)
    with (
        (archive.parent / f"{archive.name}.out").open("wb") as out,
        (archive.parent / f"{archive.name}.err").open("wb") as err,
    ):
        worker = subprocess.Popen(command, stdout=out, stderr=err, start_new_session=True)
    _STARTED.append(worker)
    return worker


def _finish(worker: subprocess.Popen[bytes], archive: Path) -> int:
    code = worker.wait(timeout=TIMEOUT)
    err = (archive.parent / f"{archive.name}.err").read_text(errors="replace")
    assert "Traceback" not in err, err[-3000:]
    return code


def _export(archives: Sequence[Path], output: Path) -> list[dict[str, object]]:
    command = [sys.executable, "-m", "jambicrawl", "export", *map(str, archives), "-o", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in output.read_text("utf-8").splitlines()]


def _assert_one_collection(archives: Sequence[Path], tmp_path: Path) -> None:
    """Each article stored once across the workers, and the merged export has them all."""
    rows = _export(archives, tmp_path / "collection.jsonl")
    counts = Counter(str(row["canonical_url"]) for row in rows)
    assert len(counts) == TOTAL and max(counts.values()) == 1


def _records(archives: Sequence[Path]) -> dict[Path, list[object]]:
    """Every WARC file of every worker, read to its end by warcio (``warcio check`` too)."""
    paths = [path for archive in archives for path in warc_paths(archive)]
    assert not [p for archive in archives for p in open_paths(archive)]
    checked = warcio_check(paths)
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr[-2000:]
    return {path: read_warc(path).records for path in paths}


def test_three_workers_fetch_each_page_once_and_make_one_collection(
    mirror: MirrorProcess, server: RedisProcess, tmp_path: Path
) -> None:
    archives = [tmp_path / f"worker{i}" for i in (1, 2, 3)]
    first = _worker(mirror, server, archives[0])
    # The others start once the first has archived payloads: the ones they fetch again
    # (each worker reads robots.txt itself) must become revisits of the first's records.
    client = server.client()
    wait_for(lambda: client.hlen(DIGESTS_KEY) >= 5, first)
    workers = [first] + [_worker(mirror, server, archive) for archive in archives[1:]]
    assert [_finish(w, a) for w, a in zip(workers, archives, strict=True)] == [0, 0, 0]

    # Every article stored by exactly one worker: the state databases together hold each once.
    stored = [stored_articles(archive) for archive in archives]
    assert sum(stored) == TOTAL
    assert sum(1 for n in stored if n) >= 2, stored  # the work was shared
    _assert_one_collection(archives, tmp_path)

    # No page fetched by two workers: every URL's successful responses are in one worker's
    # WARC files (a 500 retried may land on another worker; robots.txt each worker reads).
    records = _records(archives)
    fetched_by: dict[str, set[Path]] = {}
    for path, rs in records.items():
        for r in rs:
            if r.type in ("response", "revisit") and r.status == 200:
                fetched_by.setdefault(r.uri, set()).add(path.parent)
    shared = [u for u, folders in fetched_by.items() if len(folders) > 1]
    assert len(fetched_by) > TOTAL
    registry = load_registry()
    assert [u for u in shared if any(site.is_article_url(u) for site in registry)] == []
    # Discovery documents too, unless a site's crawl ended before another worker came to
    # it: that worker began the site's next crawl, which reads them again (README).
    stats = [latest_stats(archive) for archive in archives]
    crawls = [{s.get(site.key, {}).get("redis/crawl_id") for s in stats} for site in registry]
    if all(len(ids) == 1 for ids in crawls):
        assert [u for u in shared if not u.endswith("/robots.txt")] == []

    # A payload archived by one worker is a revisit in another's WARC file.
    owner = {r.id: path.parent for path, rs in records.items() for r in rs if r.type == "response"}
    revisits = [
        (path.parent, r.warc_headers["warc-refers-to"])
        for path, rs in records.items()
        for r in rs
        if r.type == "revisit"
    ]
    assert any(owner.get(ref) not in (None, folder) for folder, ref in revisits), revisits[:5]
    client.close()


def test_a_worker_killed_mid_crawl_has_its_requests_finished_by_the_others(
    mirror: MirrorProcess, server: RedisProcess, tmp_path: Path
) -> None:
    archives = [tmp_path / f"worker{i}" for i in (1, 2, 3)]
    # Slowed, so that the kill lands mid-crawl with requests taken; a short heartbeat
    # timeout, so that the others declare the killed worker dead quickly. The victim starts
    # first, slower still: the others, started once it has stored some, join its crawl
    # (started together, they could end it before the victim had stored any).
    extra = ("-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "DOWNLOAD_DELAY=0.05",
             "-s", "JAMBICRAWL_REDIS_WORKER_TIMEOUT=2")  # fmt: skip
    victim = _worker(mirror, server, archives[0], *extra, "-s", "DOWNLOAD_DELAY=0.5")
    wait_for(lambda: stored_articles(archives[0]) >= 10, victim)
    workers = [victim] + [_worker(mirror, server, archive, *extra) for archive in archives[1:]]
    wait_for(lambda: any(stored_articles(archive) for archive in archives[1:]), victim)
    os.killpg(victim.pid, signal.SIGKILL)  # the crawl process and its WARC writer process
    victim.wait(timeout=60)
    assert [_finish(w, a) for w, a in zip(workers[1:], archives[1:], strict=True)] == [0, 0]

    # The survivors put the dead worker's taken requests back on the queue and fetched them.
    recovered = 0
    for archive in archives[1:]:
        for path in (archive / "stats").glob("*.json"):
            recovered += int(json.loads(path.read_text("utf-8")).get("redis/requests_recovered", 0))
    assert recovered > 0
    # The killed worker's last file is closed by the repair any next crawl of it runs first.
    repair = [sys.executable, "-m", "jambicrawl", "archive", "repair", str(archives[0])]
    subprocess.run(repair, check=True, capture_output=True, timeout=TIMEOUT)
    _records(archives)
    _assert_one_collection(archives, tmp_path)


def test_redis_unreachable_at_start_is_one_line_and_status_1(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    port = RedisProcess.free_port()  # nothing listens there
    command = crawl_command(mirror.url, tmp_path / "a", "--redis", f"redis://127.0.0.1:{port}/0")
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("jambicrawl: --redis: "), result.stderr
    assert not list((tmp_path / "a").glob("*.warc.gz*"))


def test_redis_lost_mid_crawl_stops_the_crawl_keeping_what_was_archived(
    mirror: MirrorProcess, server: RedisProcess, tmp_path: Path
) -> None:
    archive = tmp_path / "worker"
    slow = ("-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "DOWNLOAD_DELAY=0.05")
    worker = _worker(mirror, server, archive, *slow)
    wait_for(lambda: stored_articles(archive) >= 10, worker)
    server.stop()
    assert _finish(worker, archive) == 1
    err = (tmp_path / "worker.err").read_text()
    assert f"Redis at {server.url} lost" in err
    # Files closed, every record readable, what was stored still there.
    _records([archive])
    assert stored_articles(archive) >= 10


def test_a_workers_refresh_revalidates_its_discovery_documents_against_redis(
    mirror: MirrorProcess, server: RedisProcess, tmp_path: Path
) -> None:
    """The digest index of a shared crawl is in Redis: an unchanged sitemap or listing that
    this worker archived is asked for conditionally, and read from its kept body."""
    archive = tmp_path / "worker"
    shared = ("--redis", server.url, "--workers", "1")
    for extra in ((), ("--refresh",)):
        command = crawl_command(mirror.url, archive, *shared, *extra, sites=["tribunjambi"])
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        assert done.returncode == 0, done.stderr[-3000:]
    second = latest_stats(archive)["tribunjambi"]
    assert second["conditional/documents_kept"] >= 1, second
    # Every article found again through the kept documents, and unchanged.
    assert second["state/unchanged"] == stored_articles(archive) == PER_SITE


def test_max_articles_counts_the_articles_of_every_worker(
    mirror: MirrorProcess, server: RedisProcess, tmp_path: Path
) -> None:
    """``--max-articles N`` given to each worker of a shared crawl stores N articles in
    all, not N a worker."""
    archives = [tmp_path / f"worker{i}" for i in (1, 2)]
    # One request at a time, slowed: each worker takes its share of the discovery
    # documents, and of the articles, instead of the first taking the whole queue.
    cap = ("--max-articles", "15", "-s", "CONCURRENT_REQUESTS=1",
           "-s", "DOWNLOAD_DELAY=0.2")  # fmt: skip
    workers = [_worker(mirror, server, a, *cap, sites=["tribunjambi"]) for a in archives]
    assert [_finish(w, a) for w, a in zip(workers, archives, strict=True)] == [0, 0]
    crawls = {latest_stats(archive)["tribunjambi"]["redis/crawl_id"] for archive in archives}
    assert len(crawls) == 1  # one crawl, shared
    # At most 15 (16 and more without the shared count); fewer only when an article failed
    # after discovery had ended, too late for its place to go to another.
    stored = [stored_articles(archive) for archive in archives]
    assert 10 <= sum(stored) <= 15, stored
