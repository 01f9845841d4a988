"""The crawl frontier's queue database: whatever a crash or a disk leaves of it, it opens."""

from __future__ import annotations

import random
import shutil
import sqlite3
from typing import TYPE_CHECKING

from jambicrawl.frontier.sqlite import FRONTIER_FILE, FrontierDatabase

if TYPE_CHECKING:
    from pathlib import Path

REQUESTS = 24


def _filled(folder: Path) -> FrontierDatabase:
    database = FrontierDatabase.of(folder)
    for number in range(REQUESTS):
        database.push(str(number % 3), b"request %d " % number + b"x" * 200)
    return database


def _cuts(size: int, seed: int) -> list[int]:
    """Lengths to cut a file of ``size`` bytes at: every length through SQLite's 100-byte
    header and just past it, every page boundary and its neighbours, and 300 more drawn at
    random (every one of ``size`` lengths would take minutes for the same cases)."""
    page = 4096
    boundaries = {b + d for b in range(0, size + 1, page) for d in (-2, -1, 0, 1, 2)}
    drawn = random.Random(seed).sample(range(size + 1), min(300, size + 1))
    return sorted({*range(160), *boundaries, *drawn, size} & set(range(size + 1)))


def _drain(folder: Path) -> int:
    """Open the queue database as a resumed crawl does, and pop everything it holds."""
    database = FrontierDatabase.of(folder)
    try:
        popped = 0
        for queue in database.queues():
            while database.pop(queue, newest=True) is not None:
                popped += 1
        return popped
    finally:
        database.release()


def test_requests_come_back_in_queue_order(tmp_path: Path) -> None:
    database = _filled(tmp_path)
    assert sorted(database.queues()) == ["0", "1", "2"]
    assert database.pop("0", newest=False) == b"request 0 " + b"x" * 200
    assert database.pop("0", newest=True) == b"request 21 " + b"x" * 200
    database.release()
    assert _drain(tmp_path) == REQUESTS - 2


def test_a_database_cut_anywhere_opens(tmp_path: Path) -> None:
    source = tmp_path / "source"
    _filled(source).release()  # closed: everything checkpointed into the one file
    data = (source / FRONTIER_FILE).read_bytes()
    assert len(data) > 4096
    for length in _cuts(len(data), seed=1):
        folder = tmp_path / str(length)
        folder.mkdir()
        (folder / FRONTIER_FILE).write_bytes(data[:length])
        assert 0 <= _drain(folder) <= REQUESTS
        shutil.rmtree(folder)
    assert _drain(source) == REQUESTS


def test_a_write_ahead_log_cut_anywhere_keeps_what_was_committed_before(tmp_path: Path) -> None:
    """A kill leaves the last commits in the WAL file; a WAL torn at any point loses at most
    the commits after the tear."""
    source = tmp_path / "source"
    database = _filled(source)  # open: the commits are still in the WAL file
    wal = (source / f"{FRONTIER_FILE}-wal").read_bytes()
    main = (source / FRONTIER_FILE).read_bytes()
    assert len(wal) > 4096
    lengths = _cuts(len(wal), seed=2)
    counts = []
    for length in lengths:
        folder = tmp_path / str(length)
        folder.mkdir()
        (folder / FRONTIER_FILE).write_bytes(main)
        (folder / f"{FRONTIER_FILE}-wal").write_bytes(wal[:length])
        counts.append(_drain(folder))
        shutil.rmtree(folder)
    database.release()
    assert counts == sorted(counts)  # a longer log never holds fewer requests
    assert counts[-1] == REQUESTS


def test_an_unreadable_database_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / FRONTIER_FILE).write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert _drain(tmp_path) == 0
    assert (tmp_path / f"{FRONTIER_FILE}.damaged").exists()
    with sqlite3.connect(tmp_path / FRONTIER_FILE) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_a_priority_queue_keeps_its_database_open_while_queues_empty_and_refill(
    tmp_path: Path,
) -> None:
    """Scrapy closes a priority's queue whenever it runs empty; the job database must stay
    open meanwhile (reopening it costs a WAL checkpoint and a full integrity check)."""
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from jambicrawl.frontier.sqlite import LifoSqliteQueue, SqlitePriorityQueue

    crawler = get_crawler()
    crawler.spider = crawler._create_spider("frontier")
    queue = SqlitePriorityQueue.from_crawler(crawler, LifoSqliteQueue, str(tmp_path))
    database = FrontierDatabase.of(tmp_path)
    database.release()
    for round_ in range(3):
        queue.push(Request(f"https://example.com/{round_}"))
        popped = queue.pop()
        assert popped is not None and popped.url == f"https://example.com/{round_}"
        assert queue.pop() is None  # emptied: Scrapy has closed that priority's queue
        assert FrontierDatabase.of(tmp_path) is database  # the same open database
        database.release()
    queue.close()
    reopened = FrontierDatabase.of(tmp_path)
    assert reopened is not database  # closed with the queue
    reopened.release()
