"""Per-site crawl locks: never two crawls of one site at once, across processes.

A lock is ``flock`` on ``ARCHIVE/locks/SITE.lock``: the kernel releases it when its holder
dies, however it dies, so a crashed crawl never leaves a site stuck. The holder writes its
PID (and run id) in the file and empties it when it releases the lock cleanly; a taker that
finds the file still filled knows its holder died, and says so.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jambicrawl.errors import JambicrawlError
from jambicrawl.state.database import utc_now

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import IO


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds (or held) a site's lock, as its file says."""

    site: str
    pid: int
    since: str
    run_id: int | None

    @classmethod
    def parse(cls, site: str, text: str) -> Holder | None:
        parts = text.split()
        if len(parts) < 2 or not parts[0].isdigit():
            return None
        run = parts[2] if len(parts) > 2 and parts[2].isdigit() else None
        return cls(site, int(parts[0]), parts[1], int(run) if run else None)

    def describe(self) -> str:
        return f"{self.site} is being crawled by process {self.pid} (since {self.since})"


class SiteBusyError(JambicrawlError):
    """A site's lock is held by a live process."""

    def __init__(self, holder: Holder | None, site: str) -> None:
        self.holder = holder
        super().__init__(holder.describe() if holder else f"{site} is being crawled")


def lock_path(archive: Path, site: str) -> Path:
    return archive / "locks" / f"{site}.lock"


class SiteLocks:
    """The locks of some sites, taken together or not at all."""

    def __init__(self, archive: Path, sites: Sequence[str]) -> None:
        self.archive = archive
        self.sites = list(sites)
        self._files: list[IO[str]] = []
        #: Holders that died with the lock: their file was still filled when taken.
        self.taken_over: list[Holder] = []

    def acquire(self, run_id: int | None = None) -> None:
        """Take every lock; :class:`SiteBusyError` (and none taken) when one is held."""
        (self.archive / "locks").mkdir(parents=True, exist_ok=True)
        try:
            for site in self.sites:
                self._take(site, run_id)
        except BaseException:
            self.release()
            raise

    def _take(self, site: str, run_id: int | None) -> None:
        # Opened without truncating: the file says who held the lock last.
        handle = lock_path(self.archive, site).open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = Holder.parse(site, handle.read())
            handle.close()
            raise SiteBusyError(holder, site) from None
        handle.seek(0)
        previous = Holder.parse(site, handle.read())
        if previous is not None:
            self.taken_over.append(previous)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {utc_now()} {run_id or ''}\n")
        handle.flush()
        self._files.append(handle)

    def release(self) -> None:
        """Empty each file (a clean end) and unlock it."""
        for handle in self._files:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        self._files = []

    def __enter__(self) -> SiteLocks:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def busy_holder(archive: Path, site: str) -> Holder | None:
    """Who holds ``site``'s lock now, or None when it is free (tried, then let go)."""
    path = lock_path(archive, site)
    if not path.exists():
        return None
    with path.open("r", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return Holder.parse(site, handle.read()) or Holder(site, 0, "?", None)
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None
