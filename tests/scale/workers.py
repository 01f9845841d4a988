"""Archive folders of several workers, for the commands that read them as one collection.

Two workers share a crawl through a real Redis, one after the other: the second re-reads
the discovery documents of the site they share and fetches its known articles again
(``--refresh``), so its WARC files hold revisits of records in the first worker's folder.
A third folder is a crawl on its own of that site, so its state database holds the same
articles as the first worker's.
"""

from __future__ import annotations

import sqlite3
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tests.crawl.mirror_process import MirrorProcess, crawl
from tests.scale.redis_process import RedisProcess

if TYPE_CHECKING:
    from pathlib import Path

#: The site every folder has; the first worker also crawls FIRST_ONLY, the second SECOND_ONLY.
SHARED_SITE = "antarajambi"
FIRST_ONLY = "tribunjambi"
SECOND_ONLY = "jambiekspres"
ARTICLES_PER_SITE = 4


@dataclass(frozen=True)
class WorkerArchives:
    first: Path
    second: Path
    #: A crawl of SHARED_SITE without Redis.
    alone: Path

    @property
    def folders(self) -> list[Path]:
        return [self.first, self.second, self.alone]

    @property
    def root(self) -> Path:
        """The folder holding them all."""
        return self.first.parent


def build(root: Path) -> WorkerArchives:
    archives = WorkerArchives(root / "worker1", root / "worker2", root / "alone")
    with ExitStack() as started:
        # Redis first: without redis-server it skips before anything is left running.
        server = RedisProcess.start(root.parent / f"{root.name}-redis")
        started.callback(server.stop)
        mirror = MirrorProcess.start(articles_per_site=ARTICLES_PER_SITE)
        started.callback(mirror.stop)
        shared = ("--redis", server.url, "--workers", "1")
        runs = [
            crawl(mirror.url, archives.first, *shared, sites=(FIRST_ONLY, SHARED_SITE)),
            crawl(mirror.url, archives.second, *shared, "--refresh",
                  sites=(SHARED_SITE, SECOND_ONLY)),
            crawl(mirror.url, archives.alone, sites=(SHARED_SITE,)),
        ]  # fmt: skip
    for run in runs:
        assert run.returncode == 0, run.stderr[-3000:]
    return archives


def canonical_urls(folder: Path) -> dict[str, str]:
    """The site of each article in a folder's state database, by canonical URL."""
    conn = sqlite3.connect(folder / "state.sqlite3")
    try:
        return dict(conn.execute("SELECT canonical_url, site FROM articles"))
    finally:
        conn.close()
