"""Crawl worker processes: the sites of one crawl shared among several processes.

One Python process runs on one core whatever the number of crawlers in it, so
``jambicrawl crawl`` shares the sites among worker processes (default: one per core). Each
starts with an equal share; the sites left over go to whichever worker finishes a site
first, so that no core idles while another still has two sites to crawl.

Each worker talks to the main process through a pipe of its own (a worker killed in the
middle of a message can block no other) and obeys its stop events. The main process
watches the workers' pipes and their lives at once: a worker that dies is reported within
a second, and its unfinished sites are marked so.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, replace
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any

from jambicrawl.crawling.options import SiteResult
from jambicrawl.crawling.process import crawl_in_this_process
from jambicrawl.crawling.stopping import SharedFlag, StopRequests, ignore_signals, stop_timeout
from jambicrawl.processes import die_with_parent

if TYPE_CHECKING:
    from collections.abc import Sequence
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from jambicrawl.crawling.options import CrawlOptions

#: Finish reason of the sites of a worker that died.
WORKER_DIED = "worker_died"
#: How long workers may take to stop after a second stop request before they are killed.
KILL_AFTER_SECONDS = 30.0
#: How long after JAMBICRAWL_STOP_TIMEOUT the main process stops at once workers that have
#: not stopped themselves.
_STOP_GRACE_SECONDS = 5.0


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    sites: list[str]
    results: list[SiteResult] | None = None
    ended: bool = False
    open: bool = True
    #: Killed by the main process: it did not stop within KILL_AFTER_SECONDS of a stop at once.
    killed: bool = False


def crawl_in_workers(
    sites: Sequence[str], options: CrawlOptions, count: int, stops: StopRequests
) -> list[SiteResult]:
    """Crawl ``sites`` in ``count`` worker processes; their stats, by site."""
    timeout = stop_timeout(options.settings)  # before any worker starts: a bad value stops here
    context = multiprocessing.get_context("spawn")
    shared_stops = StopRequests(SharedFlag.create(context), SharedFlag.create(context))
    shared = len(sites) // count * count
    leftover = deque(sites[shared:])
    workers = []
    for i in range(count):
        share = list(sites[i:shared:count])
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_work,
            args=(share, options, theirs, shared_stops),
            name=f"jambicrawl-worker-{i + 1}",
        )
        process.start()
        theirs.close()
        workers.append(_Worker(process, ours, share))

    kill_at: float | None = None
    while not all(worker.ended for worker in workers):
        # The workers bound their graceful stop themselves, each saying so; this is for a
        # worker that cannot (its reactor blocked): the kill below follows a stop at once.
        stops.expire(timeout + _STOP_GRACE_SECONDS if timeout > 0 else 0)
        _pass_on(stops, shared_stops)
        if stops.now.is_set() and kill_at is None:
            kill_at = time.monotonic() + KILL_AFTER_SECONDS
        if kill_at is not None and time.monotonic() > kill_at:
            for worker in workers:
                if not worker.ended and worker.process.pid and not worker.killed:
                    worker.killed = True
                    os.kill(worker.process.pid, signal.SIGKILL)
        live = [w for w in workers if not w.ended]
        wait([w.conn for w in live if w.open] + [w.process.sentinel for w in live], timeout=0.5)
        for worker in live:
            _read(worker, leftover, stops)
            if not worker.process.is_alive():
                _read(worker, leftover, stops)  # what it sent before it ended
                worker.process.join()
                worker.ended = True
                if worker.results is None:
                    _report_death(worker)
    results = {r.site: r for w in workers for r in (w.results or [])}
    for worker in workers:
        for site in worker.sites:
            results.setdefault(site, SiteResult(site, {"finish_reason": WORKER_DIED}))
    return [results.get(site, SiteResult(site, {})) for site in sites]


def _pass_on(stops: StopRequests, shared: StopRequests) -> None:
    if stops.graceful.is_set() and not shared.graceful.is_set():
        shared.graceful.set()
    if stops.now.is_set() and not shared.now.is_set():
        shared.now.set()


def _read(worker: _Worker, leftover: deque[str], stops: StopRequests) -> None:
    """Handle what the worker sent: a site started, a request for another, its results."""
    while worker.open:
        try:
            if not worker.conn.poll():
                return
            kind, arg = worker.conn.recv()
        except (EOFError, OSError):
            worker.open = False
            return
        if kind == "next":
            site = leftover.popleft() if leftover and not stops.graceful.is_set() else None
            if site is not None:
                worker.sites.append(site)
            try:
                worker.conn.send(site)
            except OSError:
                worker.open = False
        elif kind == "done":
            worker.results = arg


def _report_death(worker: _Worker) -> None:
    if worker.killed:
        message = f"crawl worker {worker.process.pid} did not stop in time and was killed"
        print(f"jambicrawl: {message}; the summary says how to continue", file=sys.stderr)
        return
    code = worker.process.exitcode or 0
    how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
    sites = ", ".join(worker.sites) or "no site"
    print(
        f"jambicrawl: crawl worker {worker.process.pid} ({sites}) died ({how}); "
        "its sites are unfinished (the summary says how to continue them)",
        file=sys.stderr,
        flush=True,
    )


def _work(sites: list[str], options: CrawlOptions, conn: Connection, stops: StopRequests) -> None:
    """A worker process: crawl its share, then sites left over while there are any."""
    die_with_parent()
    ignore_signals()
    # Several processes cannot share a terminal table: they print plain progress lines.
    settings: dict[str, Any] = {"JAMBICRAWL_PROGRESS_LIVE": False, **dict(options.settings or {})}

    def next_site() -> str | None:
        conn.send(("next", None))
        site: str | None = conn.recv()
        return site

    results = crawl_in_this_process(
        sites, replace(options, settings=settings), stops=stops, next_site=next_site
    )
    conn.send(("done", results))
    conn.close()
