"""Crashes, kills and signals at any moment: the next ``--resume`` finishes, every article once.

Real crawls of the offline mirror in real processes, stopped by real signals. A crash is a
matter of timing, so the kill moments are drawn from seeds and met as events (the number of
articles stored, the frontier appearing), never after a fixed sleep.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from jambicrawl.registry import load_registry
from tests.archive.warcs import open_paths, read_warc, warc_paths, warcio_check
from tests.crawl.mirror_process import (
    MirrorProcess,
    crawl,
    crawl_command,
    crawl_under_way,
    items,
    module_mirror,
    stored_articles,
    wait_for,
)

if TYPE_CHECKING:
    pass

SITES = len(load_registry())
PER_SITE = 40
TOTAL = PER_SITE * SITES
#: Every resumed crawl below must end well within this (a hang fails, never blocks CI).
RESUME_TIMEOUT = 300

mirror = module_mirror(PER_SITE)


def _frontier_exists(archive: Path) -> bool:
    return any(archive.glob("jobs/*/requests.queue/frontier.sqlite3"))


def _resume(mirror: MirrorProcess, archive: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        crawl_command(mirror.url, archive, "--resume"),
        capture_output=True,
        text=True,
        timeout=RESUME_TIMEOUT,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result


def _assert_every_article_once(archive: Path) -> None:
    """The state database, the job files and the WARC files agree: each article once."""
    with sqlite3.connect(archive / "state.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored, most_versions = conn.execute(
            "SELECT COUNT(*), MAX(versions) FROM articles"
        ).fetchone()
        versions = conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0]
        index = conn.execute("SELECT warc_file, record_id FROM warc_digests").fetchall()
    assert stored == TOTAL and most_versions == 1 and versions == TOTAL
    # Every job's file, the killed ones' included, lists what it stored: each article once.
    counts = Counter(a["canonical_url"] for a in items(archive))
    assert len(counts) == TOTAL and max(counts.values()) == 1
    # Every WARC file readable to its end; every payload the digest index remembers is in it.
    assert not open_paths(archive)
    paths = warc_paths(archive)
    checked = warcio_check(paths)
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr[-2000:]
    ids = {path.name: {r.id for r in read_warc(path).records} for path in paths}
    for warc_file, record_id in index:
        assert record_id in ids.get(warc_file, set()), (warc_file, record_id)


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the crawl and every process it started, at once (an OOM kill, a power cut
    of the container)."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


@pytest.mark.parametrize("seed", range(1, 9))
def test_three_sigkills_at_random_moments_then_resume_finishes_every_article_once(
    mirror: MirrorProcess, tmp_path: Path, seed: int
) -> None:
    archive = tmp_path / "archive"
    moments = random.Random(seed)
    for kill in range(3):
        # Stored so far plus a random step; 0 kills as soon as a frontier exists.
        step = moments.choice([0, 1, moments.randrange(2, TOTAL // 4)])
        target = min(stored_articles(archive) + step, TOTAL - 10)
        resume = ("--resume",) if kill else ()
        process = subprocess.Popen(
            crawl_command(mirror.url, archive, *resume),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if step == 0:
            wait_for(lambda: _frontier_exists(archive), process)
        else:
            wait_for(lambda t=target: stored_articles(archive) >= t, process)  # type: ignore[misc]
        _kill_tree(process)
    _resume(mirror, archive)
    _assert_every_article_once(archive)


def test_a_frontier_truncated_at_any_length_never_stops_a_resume(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    """What a disk fault or a torn copy leaves: the queue is set aside with one warning, and
    discovery finds every article again."""
    first = tmp_path / "first"
    _kill_tree(crawl_under_way(mirror, first, stored=30))
    frontiers = sorted(first.glob("jobs/*/requests.queue/frontier.sqlite3"))
    assert frontiers
    size = frontiers[0].stat().st_size
    for length in sorted({0, 1, 100, size // 2, size - 1}):
        archive = tmp_path / f"cut-{length}"
        subprocess.run(["cp", "-a", str(first), str(archive)], check=True)
        for path in archive.glob("jobs/*/requests.queue/frontier.sqlite3*"):
            with path.open("r+b") as stream:
                stream.truncate(min(length, path.stat().st_size))
        _resume(mirror, archive)
        _assert_every_article_once(archive)


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_to_the_main_process_stops_every_worker_gracefully(
    mirror: MirrorProcess, tmp_path: Path, stop: int, status: int
) -> None:
    """``kill -INT``/``kill -TERM`` of the main process alone (``docker stop``, systemd,
    ``timeout``): workers and archive processes stop gracefully, files closed, summary."""
    archive = tmp_path / "archive"
    process = crawl_under_way(mirror, archive, "--workers", "2")
    os.kill(process.pid, stop)
    assert process.wait(timeout=120) == status
    assert not open_paths(archive)
    summary = (tmp_path / "crawl.out").read_text("utf-8")
    assert "total" in summary and "--resume" in summary
    _resume(mirror, archive)
    _assert_every_article_once(archive)


#: Moments of a crawl's start, as files that appear in its archive folder: the log (its
#: crawlers are opening their spiders), the state database, the first WARC file.
STARTING = {"log": "logs/crawl-*.log", "state": "state.sqlite3", "warc": "*.warc.gz.open"}


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("moment", STARTING)
def test_a_signal_while_the_crawl_starts_stops_it_and_the_resume_finishes(
    mirror: MirrorProcess, tmp_path: Path, moment: str, workers: str
) -> None:
    """A stop asked before a crawler's engine runs is not lost: the crawl stops as soon as
    it can, instead of crawling to its end and then never exiting."""
    archive = tmp_path / "archive"
    slowed = ("-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "DOWNLOAD_DELAY=0.05")
    command = crawl_command(mirror.url, archive, "--workers", workers, *slowed)
    with (tmp_path / "crawl.err").open("wb") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for(lambda: any(archive.glob(STARTING[moment])), process)
        os.kill(process.pid, signal.SIGTERM)
        assert process.wait(timeout=120) == 143
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    stats = [json.loads(p.read_text("utf-8")) for p in (archive / "stats").glob("*.json")]
    # Each site stopped, or never begun (stopped before it began, or left for a worker to
    # take next).
    stats = {p.name: json.loads(p.read_text("utf-8")) for p in (archive / "stats").glob("*.json")}
    reasons = {name: s.get("finish_reason") for name, s in stats.items()}
    assert len(reasons) == SITES and set(reasons.values()) <= {"shutdown", None}, reasons
    assert stored_articles(archive) < TOTAL
    _resume(mirror, archive)
    _assert_every_article_once(archive)


def test_a_second_signal_stops_at_once_leaving_files_the_resume_repairs(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    process = crawl_under_way(mirror, archive)
    os.kill(process.pid, signal.SIGTERM)
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=60) == 143
    _resume(mirror, archive)
    _assert_every_article_once(archive)


def _workers(pid: int) -> list[int]:
    """The crawl's worker processes: its children started by multiprocessing's spawn."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def test_a_worker_killed_alone_is_reported_and_the_crawl_exits_non_zero(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    process = crawl_under_way(mirror, archive, "--workers", "2", stored=10)
    workers = _workers(process.pid)
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    assert process.wait(timeout=RESUME_TIMEOUT) == 1
    err = (tmp_path / "crawl.err").read_text("utf-8")
    assert f"crawl worker {workers[0]} (" in err and "died (killed by SIGKILL)" in err
    assert "not finished, its worker process died" in (tmp_path / "crawl.out").read_text()
    _resume(mirror, archive)
    _assert_every_article_once(archive)


def test_the_job_file_of_a_killed_crawl_is_written_from_the_state_database(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    _kill_tree(crawl_under_way(mirror, archive, sites=["tribunjambi"], stored=5))
    assert not list((archive / "items").glob("*.jsonl"))
    result = crawl(mirror.url, archive, "--resume", sites=["tribunjambi"])
    assert result.returncode == 0, result.stderr[-2000:]
    files = sorted((archive / "items").glob("tribunjambi-*.jsonl"))
    assert len(files) == 2  # the killed job's and the resumed one's
    killed = [json.loads(line) for line in files[0].read_text("utf-8").splitlines()]
    with sqlite3.connect(archive / "state.sqlite3") as conn:
        (job,) = {
            row[0]
            for row in conn.execute("SELECT job_id FROM article_versions")
            if files[0].name.startswith(row[0])
        }
        count = conn.execute(
            "SELECT COUNT(*) FROM article_versions WHERE job_id = ?", (job,)
        ).fetchone()[0]
    assert len(killed) == count >= 5


def test_a_crawl_stalled_by_a_task_that_never_ends_stops_with_a_clear_line(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    stuck = '{"tests.crawl.stuck_pipeline.NeverReturns": 50}'
    result = subprocess.run(
        crawl_command(mirror.url, archive, "-s", f"ITEM_PIPELINES={stuck}",
                      "-s", "JAMBICRAWL_STALL_SECONDS=1", sites=["jambione"]),
        capture_output=True, text=True, timeout=RESUME_TIMEOUT, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-2000:]
    assert "crawl stalled" in result.stderr
    assert "jambione: stopped (stalled)" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_signal_after_a_worker_died_still_stops_the_crawl(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    """The stop reaches the live workers whatever became of a dead one (a stop shared through
    a lock a dead waiter held would hang the main process)."""
    archive = tmp_path / "archive"
    process = crawl_under_way(mirror, archive, "--workers", "2", stored=10)
    workers = _workers(process.pid)
    os.kill(workers[0], signal.SIGKILL)
    wait_for(lambda: "died" in (tmp_path / "crawl.err").read_text("utf-8"), process)
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=120) == 143
    _resume(mirror, archive)
    _assert_every_article_once(archive)
