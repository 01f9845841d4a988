"""Local runs: ``jambicrawl crawl`` (then its follow-ups) as subprocesses of the scheduler.

Each run writes its output to ``ARCHIVE/logs/schedule/RUN-ENTRY.log`` (stderr: the crawl's
log) and ``.out`` (its summary table); a failure's reason is the log's last line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from jambicrawl.schedule.clock import utc_text
from jambicrawl.schedule.outcome import exit_reason, status_of_exit
from jambicrawl.schedule.record import RUN_ID_ENV
from jambicrawl.state.locks import busy_holder

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime
    from pathlib import Path

    from jambicrawl.schedule.planner import Decision
    from jambicrawl.state.runs import RunHistory, Status


@dataclass(frozen=True, slots=True)
class Outcome:
    status: Status
    exit_status: int | None
    reason: str = ""


class Launched(Protocol):
    """A run under way."""

    run_id: int
    decision: Decision

    def poll(self) -> Outcome | None:
        """The outcome once the run has ended (and is recorded), else None."""
        ...

    def stop(self) -> None:
        """Ask the run to stop: gracefully the first time (it can be resumed), at once the
        second; a local run is killed the third."""
        ...


class Launcher(Protocol):
    def start(self, decision: Decision, now: datetime) -> Launched | Outcome:
        """A run started, or the outcome of one that could not start (recorded)."""
        ...


def jambicrawl_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "jambicrawl", *args]


def last_line(path: Path) -> str:
    """The last non-empty line of a log, without the ``jambicrawl:`` prefix."""
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, handle.seek(0, os.SEEK_END) - 8192))
            lines = handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return ""
    text = next((line.strip() for line in reversed(lines) if line.strip()), "")
    return text.removeprefix("jambicrawl: ")


class LocalLauncher:
    """Starts each run as ``python -m jambicrawl crawl`` in a session of its own (so a
    Ctrl-C meant for the scheduler reaches the crawls only as the scheduler forwards it)."""

    def __init__(
        self,
        archive: Path,
        history: RunHistory,
        wake: threading.Event,
        sites_files: Sequence[str] = (),
    ) -> None:
        self.archive, self.history, self.wake = archive, history, wake
        self.sites_files = list(sites_files)

    def start(self, decision: Decision, now: datetime) -> LocalRun | Outcome:
        entry = decision.entry
        for site in decision.sites:
            holder = busy_holder(self.archive, site)
            if holder is not None:
                reason = holder.describe()
                self.history.start(entry.name, decision.sites, scheduled=decision.slot_text,
                                   note=decision.note, status="skipped", reason=reason)  # fmt: skip
                return Outcome("skipped", None, reason)
        run_id = self.history.start(
            entry.name, decision.sites, scheduled=decision.slot_text, note=decision.note
        )
        extra = [f"--sites-file={path}" for path in self.sites_files]
        crawl = jambicrawl_command(
            "crawl", *entry.crawl_arguments(decision.sites, now), "--archive",
            str(self.archive), *extra,
        )  # fmt: skip
        follow_ups = [self._follow_up(name, run_id, now) for name in entry.after]
        run = LocalRun(run_id, decision, self, [("crawl", crawl), *follow_ups])
        try:
            run.start_next()
        except OSError as exc:
            reason = f"cannot start the crawl: {exc.strerror or exc}"
            self.history.finish(run_id, "failed", None, reason)
            return Outcome("failed", None, reason)
        return run

    def follow_ups(self, decision: Decision, run_id: int, now: datetime) -> LocalRun | None:
        """The entry's ``after`` steps as a run of their own, not started: for a run whose
        crawl ran elsewhere (scrapyd) into this archive folder."""
        steps = [self._follow_up(name, run_id, now) for name in decision.entry.after]
        return LocalRun(run_id, decision, self, steps) if steps else None

    def _follow_up(self, name: str, run_id: int, now: datetime) -> tuple[str, list[str]]:
        archive = str(self.archive)
        if name == "index":
            return name, jambicrawl_command("index", archive)
        packages = self.archive / "wacz"
        packages.mkdir(parents=True, exist_ok=True)  # `wacz -o` writes into a folder that exists
        package = packages / f"{utc_text(now).replace(':', '')}-run{run_id}.wacz"
        return name, jambicrawl_command("wacz", archive, "-o", str(package))

    def log_paths(self, run: LocalRun) -> tuple[Path, Path]:
        folder = self.archive / "logs" / "schedule"
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{run.run_id}-{run.decision.entry.name}"
        return folder / f"{stem}.log", folder / f"{stem}.out"


class LocalRun:
    def __init__(
        self,
        run_id: int,
        decision: Decision,
        launcher: LocalLauncher,
        steps: list[tuple[str, list[str]]],
    ) -> None:
        self.run_id, self.decision, self.launcher = run_id, decision, launcher
        self.steps = steps
        self.step = ""
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = False
        self.stops_asked = 0
        self.log, self.out = launcher.log_paths(self)

    def start_next(self) -> None:
        self.step, command = self.steps.pop(0)
        env = {**os.environ, RUN_ID_ENV: str(self.run_id)}
        with self.log.open("ab") as err, self.out.open("ab") as out:
            self.process = subprocess.Popen(
                command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                start_new_session=True,
            )  # fmt: skip
        if self.step == "crawl":
            self.launcher.history.update(self.run_id, pid=self.process.pid)
        threading.Thread(target=self._wake_at_end, args=(self.process,), daemon=True).start()

    def _wake_at_end(self, process: subprocess.Popen[bytes]) -> None:
        """Wakes the scheduler as soon as the process ends."""
        process.wait()
        self.launcher.wake.set()

    def poll(self) -> Outcome | None:
        assert self.process is not None
        code = self.process.poll()
        if code is None:
            return None
        history = self.launcher.history
        if self.step == "crawl":
            outcome = self._crawl_outcome(code)
        elif code != 0 and self.stopping:
            outcome = Outcome("interrupted", code, f"stopped during {self.step}")
        elif code != 0:
            reason = f"after {self.step}: {last_line(self.log) or exit_reason(code)}"
            outcome = Outcome("failed", code, reason)
        else:
            row = history.get(self.run_id)
            outcome = Outcome(row.status, row.exit_status, row.reason) if row else Outcome("ok", 0)
        if outcome.status in ("ok", "alarm") and self.steps and not self.stopping:
            history.finish(self.run_id, outcome.status, outcome.exit_status, outcome.reason)
            history.update(self.run_id, ended=None)
            self.start_next()
            return None
        history.finish(self.run_id, outcome.status, outcome.exit_status, outcome.reason)
        return outcome

    def _crawl_outcome(self, code: int) -> Outcome:
        row = self.launcher.history.get(self.run_id)
        if row is not None and row.status == "skipped":
            return Outcome("skipped", code, row.reason)  # another process had a site
        if self.stopping and row is not None and row.ended is not None:
            # It had recorded its end and was exiting when the stop came.
            return Outcome(row.status, row.exit_status, row.reason)
        status = status_of_exit(code)
        if status == "ok":
            return Outcome(status, code)
        if status == "interrupted" and self.stopping:
            return Outcome(status, code, "stopped by the scheduler (--resume continues it)")
        # The crawl's last line says why (an alarm's reason, an error); the crawl's own
        # record (which site did not finish) when it printed nothing.
        recorded = row.reason if row is not None else ""
        return Outcome(status, code, last_line(self.log) or recorded or exit_reason(code))

    def stop(self) -> None:
        """SIGTERM (a crawl stops gracefully at the first, at once at the second), then
        SIGKILL to the session of the step, its worker and WARC writer processes too."""
        self.stopping = True
        self.stops_asked += 1
        if self.process is None or self.process.poll() is not None:
            return
        if self.stops_asked < 3:
            self.process.send_signal(signal.SIGTERM)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
