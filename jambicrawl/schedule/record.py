"""What ``jambicrawl crawl`` does around a crawl: take the site locks, record the run.

A crawl started by hand gets a history row of its own (entry ``manual``); one the scheduler
starts fills in the row the scheduler made, named by ``JAMBICRAWL_RUN_ID``.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from jambicrawl.crawling.options import failures
from jambicrawl.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, CommandError
from jambicrawl.schedule.outcome import status_of_exit
from jambicrawl.state.causes import ended_well
from jambicrawl.state.jobs import STOPPED_ON_REQUEST
from jambicrawl.state.locks import SiteBusyError, SiteLocks
from jambicrawl.state.runs import MANUAL, Figures, RunHistory

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from types import TracebackType

    from jambicrawl.crawling.run import SiteResult

#: The history row a scheduler made for this crawl.
RUN_ID_ENV = "JAMBICRAWL_RUN_ID"


class CrawlRecord:
    """``with CrawlRecord(archive, sites) as record: ... record.finish(results, status)``.

    A site that another live process is crawling stops the crawl before it starts (exit
    status 2, one line naming the process); the refused run is recorded as skipped."""

    def __init__(self, archive: Path, sites: Sequence[str]) -> None:
        self.history = RunHistory(archive)
        given = os.environ.get(RUN_ID_ENV, "")
        if given.isdigit():
            self.run_id = int(given)
            self.history.update(self.run_id, pid=os.getpid())
        else:
            self.run_id = self.history.start(MANUAL, sites, pid=os.getpid())
        self.locks = SiteLocks(archive, sites)
        self.finished = False

    def __enter__(self) -> CrawlRecord:
        try:
            self.locks.acquire(self.run_id)
        except SiteBusyError as exc:
            self.history.finish(self.run_id, "skipped", EXIT_BAD_INPUT, str(exc))
            self.history.close()
            raise CommandError(f"{exc}; try again when it ends") from None
        for holder in self.locks.taken_over:
            note = (
                f"took over the lock of {holder.site} from process {holder.pid}, "
                f"which died without releasing it"
            )
            print(f"jambicrawl: {note}", file=sys.stderr)
            self.history.add_note(self.run_id, note)
            dead = self.history.get(holder.run_id) if holder.run_id else None
            if dead is not None and dead.status == "running":
                reason = (
                    f"process {holder.pid} died during the run (lock taken by run {self.run_id})"
                )
                self.history.finish(dead.id, "failed", None, reason)
        return self

    def finish(self, results: Sequence[SiteResult], status: int) -> None:
        """Record the figures and the outcome of the crawl's exit ``status``."""
        failed = [
            f"{r.site}: {r.finish_reason}"
            for r in results
            if not (ended_well(r.finish_reason) or r.finish_reason == STOPPED_ON_REQUEST)
        ] + failures(results)
        self.history.update(self.run_id, figures=Figures.from_stats([r.stats for r in results]))
        self.history.finish(self.run_id, status_of_exit(status), status, "; ".join(failed))
        self.finished = True

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self.finished and kind is not None:
                if issubclass(kind, KeyboardInterrupt):
                    self.history.finish(self.run_id, "interrupted", EXIT_INTERRUPTED, "interrupted")
                else:
                    self.history.finish(self.run_id, "failed", None, str(exc) or kind.__name__)
        finally:
            self.locks.release()
            self.history.close()
