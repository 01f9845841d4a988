"""The processes of a crawl open a new archive's state database at the same moment: each
finds the tables ready, none fails on another's migration."""

from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING

from jambicrawl.state.articles import ArticleStore, schema_current
from jambicrawl.state.database import connect

if TYPE_CHECKING:
    from multiprocessing.synchronize import Barrier
    from pathlib import Path

PROCESSES = 4
ROUNDS = 8


def _open(path: Path, barrier: Barrier) -> None:
    barrier.wait()  # all at once: the moment a crawl's workers start
    ArticleStore(path).close()


def test_processes_opening_a_new_database_together_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    for round_number in range(ROUNDS):
        path = tmp_path / f"round{round_number}" / "state.sqlite3"
        barrier = context.Barrier(PROCESSES)
        processes = [context.Process(target=_open, args=(path, barrier)) for _ in range(PROCESSES)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=120)
        assert [p.exitcode for p in processes] == [0] * PROCESSES, round_number
        conn = connect(path)
        try:
            assert schema_current(conn)
        finally:
            conn.close()
