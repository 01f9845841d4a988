"""What the redesign battery reads back from an archive: each Article's current version
and each site's last run.

The current version of an Article is, today, its highest version in ``article_versions``.
The version guard (issue 21, item 3) will give the state database its own notion of the
current version (a worse version stored flagged, not current): :func:`current_versions` is
the one place to change when it lands.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jambicrawl.state.jobs import JobStore

if TYPE_CHECKING:
    from pathlib import Path

    from jambicrawl.state.jobs import JobRecord


@dataclass(frozen=True, slots=True)
class Version:
    """An Article's version: the fields the battery judges it by."""

    site: str
    version: int
    title: str | None
    date_published: str | None
    body: str | None

    def data(self) -> tuple[str | None, str | None, str | None]:
        return self.title, self.date_published, self.body


def current_versions(archive: Path) -> dict[str, Version]:
    """Canonical URL to the current version of every Article of the archive."""
    query = (
        "SELECT v.canonical_url, v.site, v.version, v.article_json FROM article_versions v "
        "JOIN (SELECT canonical_url, MAX(version) AS version FROM article_versions "
        "GROUP BY canonical_url) m USING (canonical_url, version)"
    )
    with sqlite3.connect(archive / "state.sqlite3") as conn:
        rows = conn.execute(query).fetchall()
    found = {}
    for url, site, version, article_json in rows:
        article = json.loads(article_json)
        found[url] = Version(
            site, version, article.get("title"), article.get("date_published"), article.get("body")
        )
    return found


def last_runs(archive: Path) -> dict[str, JobRecord]:
    """Each site's last run in the job history."""
    with JobStore.of_archive(archive) as store:
        return store.last_runs()
