"""The scheduler loop behind ``schedule serve`` and ``schedule run-due``.

It plans from the run history, starts at most ``max_parallel`` runs, and sleeps until the
next run is due, a run ends, or a signal comes. SIGTERM or SIGINT stops it gracefully:
each running crawl gets SIGTERM (scrapyd jobs: ``cancel.json``), the scheduler waits for
them and records them (``interrupted``), then exits 0 after SIGTERM, 130 after SIGINT.
A crawl still running ``stop_timeout`` seconds later, or at a second signal, is stopped at
once (a second SIGTERM); one still running another ``stop_timeout`` later is killed.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from datetime import timedelta
from typing import TYPE_CHECKING

from jambicrawl.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL
from jambicrawl.schedule.auto import Rates
from jambicrawl.schedule.planner import Decision, next_wake, plan
from jambicrawl.schedule.runner import Outcome
from jambicrawl.state.locks import busy_holder

if TYPE_CHECKING:
    import threading
    from collections.abc import Sequence
    from pathlib import Path
    from types import FrameType

    from jambicrawl.schedule.clock import Clock
    from jambicrawl.schedule.model import Entry
    from jambicrawl.schedule.runner import Launched, Launcher
    from jambicrawl.state.runs import Run, RunHistory

#: The longest sleep between two looks at the clock (the wall clock may jump).
MAX_SLEEP = 60.0
#: How often runs that do not wake the scheduler themselves (scrapyd jobs) are polled.
POLL_INTERVAL = 2.0
#: Seconds a running crawl has to stop, once asked, before it is asked more firmly.
STOP_TIMEOUT = 120.0


def say(text: str) -> None:
    """One log line per event, on stdout (the journal, under systemd)."""
    print(text, flush=True)


def figures_text(run: Run) -> str:
    f = run.figures
    return (f"{f.articles_new} new, {f.articles_updated} updated, {f.pages} pages, "
            f"{f.bytes_archived} bytes, {f.warc_files} WARC files")  # fmt: skip


class Scheduler:
    def __init__(
        self,
        entries: Sequence[Entry],
        archive: Path,
        history: RunHistory,
        clock: Clock,
        launcher: Launcher,
        wake: threading.Event,
        max_parallel: int = 1,
        polled: bool = False,
        stop_timeout: float = STOP_TIMEOUT,
    ) -> None:
        self.entries, self.archive, self.history = entries, archive, history
        self.clock, self.launcher, self.wake = clock, launcher, wake
        self.max_parallel = max_parallel
        self.rates = Rates(archive)
        #: Runs must be polled (they do not set ``wake`` when they end).
        self.polled = polled
        self.queue: deque[Decision] = deque()
        self.running: list[Launched] = []
        self.stop_timeout = stop_timeout
        self.stop_signal: int | None = None
        #: A signal came after the first: stop the running crawls at once.
        self.hurry = False
        self.failures = 0

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        if self.stop_signal is None:
            self.stop_signal = number
        else:
            self.hurry = True
        self.wake.set()

    def run(self, once: bool = False) -> int:
        """Serve until a signal (``once``: start what is due now, wait for it, return)."""
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.forget_dead_runs()
            planned = False
            while self.stop_signal is None:
                if not (once and planned):
                    self._plan()
                    planned = True
                self._start()
                self._collect()
                if once and not self.queue and not self.running:
                    break
                self.clock.wait(self.wake, self._sleep(once))
                self.wake.clear()
            self._stop_all()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        if self.stop_signal == signal.SIGINT:
            return EXIT_INTERRUPTED
        if self.stop_signal is None and self.failures:
            return EXIT_PARTIAL
        return EXIT_OK

    def _busy(self) -> set[str]:
        return {r.decision.entry.name for r in self.running} | {d.entry.name for d in self.queue}

    def _plan(self) -> None:
        now = self.clock.now()
        for decision in plan(self.entries, self.history, self.rates, now, self._busy()):
            if decision.action == "run":
                self.queue.append(decision)
                continue
            self.history.start(decision.entry.name, decision.sites, scheduled=decision.slot_text,
                               status="skipped", reason=decision.reason)  # fmt: skip
            say(f"skip {decision.entry.name} {','.join(decision.sites)}: {decision.reason}")

    def _start(self) -> None:
        while self.queue and len(self.running) < self.max_parallel and self.stop_signal is None:
            decision = self.queue.popleft()
            started = self.launcher.start(decision, self.clock.now())
            sites = ",".join(decision.sites)
            if isinstance(started, Outcome):
                self.failures += started.status == "failed"
                say(f"{started.status} {decision.entry.name} {sites}: {started.reason}")
                continue
            self.running.append(started)
            note = f" ({decision.note})" if decision.note else ""
            say(f"start run {started.run_id} {decision.entry.name} {sites} "
                f"for {decision.slot_text}{note}")  # fmt: skip

    def _collect(self) -> None:
        for launched in list(self.running):
            outcome = launched.poll()
            if outcome is None:
                continue
            self.running.remove(launched)
            self.failures += outcome.status in ("failed", "partial", "alarm")
            run = self.history.get(launched.run_id)
            figures = figures_text(run) if run else ""
            reason = f" ({outcome.reason})" if outcome.reason else ""
            say(f"end run {launched.run_id} {launched.decision.entry.name} "
                f"{outcome.status}{reason}: {figures}")  # fmt: skip

    def _sleep(self, once: bool) -> float:
        limit = POLL_INTERVAL if self.polled and self.running else MAX_SLEEP
        if once or (self.queue and len(self.running) >= self.max_parallel):
            return limit  # woken by a run that ends
        now = self.clock.now()
        wake = next_wake(self.entries, self.history, self.rates, now)
        if wake is None:
            return limit
        return min(limit, max((wake - now).total_seconds(), 0.0) + 0.5)

    def _stop_all(self) -> None:
        """Ask the running crawls to stop, more firmly at each ``stop_timeout`` (or at a
        further signal), and wait for their ends."""
        asked, deadline = 0, self.clock.now()
        while self.running:
            if self.hurry or self.clock.now() >= deadline:
                asked += 1
                self.hurry = False
                deadline = self.clock.now() + timedelta(seconds=self.stop_timeout)
                say(f"stopping: {len(self.running)} running crawl(s) {_ASKED[min(asked, 3)]}")
                for launched in self.running:
                    launched.stop()
            left = (deadline - self.clock.now()).total_seconds()
            self.clock.wait(self.wake, min(POLL_INTERVAL, left))
            self.wake.clear()
            self._collect()

    def forget_dead_runs(self) -> None:
        """Rows left ``running`` by a local crawl that died while no scheduler watched
        (a reboot): its process is gone and its sites are free."""
        for run in self.history.running():
            if run.runner != "local" or run.pid is None or _alive(run.pid):
                continue
            if any(busy_holder(self.archive, site) for site in run.sites):
                continue
            reason = f"process {run.pid} ended without recording its end"
            self.history.finish(run.id, "failed", None, reason)
            say(f"run {run.id} {run.entry}: {reason}")


#: What each further ``Launched.stop`` does, as the log says it.
_ASKED = {
    1: "asked to stop",
    2: "asked to stop at once",
    3: "killed (scrapyd jobs: cancelled again)",
}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
