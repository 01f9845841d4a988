"""What a crawl is asked to do, and what it reports per site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jambicrawl.state.causes import failure_cause

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path


@dataclass(slots=True)
class CrawlOptions:
    archive: Path
    mirror: str = ""
    since: str = ""
    until: str = ""
    max_articles: int = 0
    refresh: bool = False
    resume: bool = False
    sites_files: Sequence[str] = ()
    settings: Mapping[str, Any] | None = None
    #: Serve responses from this archive instead of the network.
    from_archive: Path | None = None
    #: Processes to share the sites among; 0: one per core.
    workers: int = 0
    #: A Redis URL: a worker of a shared crawl (jambicrawl/scale/); "": crawl alone.
    redis: str = ""


@dataclass(slots=True)
class SiteResult:
    site: str
    stats: dict[str, Any]

    def value(self, key: str) -> int:
        return int(self.stats.get(key, 0) or 0)

    @property
    def articles(self) -> int:
        return self.value("item_scraped_count")

    @property
    def pages(self) -> int:
        return self.value("response_received_count")

    @property
    def bytes_archived(self) -> int:
        return self.value("warc/bytes_written")

    @property
    def finish_reason(self) -> str:
        return str(self.stats.get("finish_reason", "not started"))

    @property
    def failure(self) -> str:
        """Why a crawl that ran to its end fetched nothing it could use, else ""."""
        return failure_cause(self.stats)

    @property
    def errors(self) -> int:
        keys = ("log_count/ERROR", "jambicrawl/article_errors", "jambicrawl/discovery_errors")
        return sum(self.value(k) for k in keys)


def failures(results: Sequence[SiteResult]) -> list[str]:
    """``SITE: cause`` of each site whose crawl ran to its end but fetched nothing it could
    use (unreachable, its discovery documents unreadable: jambicrawl/state/causes.py)."""
    return [f"{r.site}: {r.failure}" for r in results if r.failure]
