"""What the redesign battery reads back from an archive: each Article's current version
and each site's last run.

The current version of an Article is ``articles.current_version`` (the version guard keeps
a worse version stored, held back, and the current one stays); an Article none of whose
versions stands has none. :func:`current_versions` is the one place that knows.
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
    #: How many versions are stored, held back ones included.
    stored: int
    title: str | None
    date_published: str | None
    body: str | None

    def data(self) -> tuple[str | None, str | None, str | None]:
        return self.title, self.date_published, self.body


def current_versions(archive: Path) -> dict[str, Version]:
    """Canonical URL to the current version of every Article of the archive."""
    query = (
        "SELECT a.canonical_url, a.site, a.current_version, a.versions, v.article_json "
        "FROM articles a JOIN article_versions v "
        "ON v.canonical_url = a.canonical_url AND v.version = a.current_version"
    )
    with sqlite3.connect(archive / "state.sqlite3") as conn:
        rows = conn.execute(query).fetchall()
    found = {}
    for url, site, version, stored, article_json in rows:
        article = json.loads(article_json)
        found[url] = Version(
            site,
            version,
            stored,
            article.get("title"),
            article.get("date_published"),
            article.get("body"),
        )
    return found


def last_runs(archive: Path) -> dict[str, JobRecord]:
    """Each site's last run in the job history."""
    with JobStore.of_archive(archive) as store:
        return store.last_runs()
