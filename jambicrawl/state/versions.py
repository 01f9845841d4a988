"""Read-only questions to the stored article versions, for the commands that read a
collection (``export``, ``report``, ``schedule``'s publishing rate): they never create,
migrate or lock the database, and a database without the article table answers nothing."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from jambicrawl.state.database import connect_read_only, table_columns

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

#: The columns of ``article_versions`` that describe a version (beside its Article JSON,
#: its publication date and ``held_back``), in the order an export row begins with them.
VERSION_COLUMNS: tuple[str, ...] = (
    "canonical_url", "version", "captured_at", "job_id", "content_hash", "site",
)  # fmt: skip
#: ``job_id``'s name in a database older than it that no crawl has migrated yet.
_OLD_JOB_COLUMN = "crawl_id"


def _job_column(conn: sqlite3.Connection) -> str:
    """The name of the ``job_id`` column in this database (read-only: never migrated here)."""
    return "job_id" if "job_id" in table_columns(conn, "article_versions") else _OLD_JOB_COLUMN


def _stored_columns(conn: sqlite3.Connection) -> str:
    """:data:`VERSION_COLUMNS` as a select list that reads an unmigrated database too."""
    job = _job_column(conn)
    return ", ".join(job if c == "job_id" else c for c in VERSION_COLUMNS)


def _held_back(conn: sqlite3.Connection) -> str:
    """The condition true of a held-back version (none before the version guard)."""
    return (
        "held_back IS NOT NULL" if "held_back" in table_columns(conn, "article_versions") else "0"
    )


def stored_versions(
    conn: sqlite3.Connection, site: str | None, *, include_held: bool, articles: bool
) -> Iterator[tuple[tuple[Any, ...], bool, str | None, str | None]]:
    """``(VERSION_COLUMNS values, held back, date_published, Article JSON)`` of every
    version of ``site`` (all sites: None), ordered by canonical URL and version; held-back
    versions only when ``include_held``; no Article JSON (None) unless ``articles``."""
    held = _held_back(conn)
    conditions, params = (["site = ?"], [site]) if site else ([], [])
    if not include_held:
        conditions.append(f"NOT ({held})")
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    query = (
        f"SELECT {_stored_columns(conn)}, {held}, date_published,"
        f" {'article_json' if articles else 'NULL'}"
        f" FROM article_versions {where} ORDER BY canonical_url, version"
    )
    for *columns, held_back, date_published, article_json in conn.execute(query, params):
        yield tuple(columns), bool(held_back), date_published, article_json


def current_versions_of_others(
    conn: sqlite3.Connection, site: str, job_id: str, limit: int
) -> list[str]:
    """The Article JSON of ``site``'s current versions that a job other than ``job_id``
    stored, the latest first, at most ``limit``."""
    rows = conn.execute(
        "SELECT v.article_json FROM articles a JOIN article_versions v "
        "ON v.canonical_url = a.canonical_url AND v.version = a.current_version "
        f"WHERE a.site = ? AND v.{_job_column(conn)} != ? ORDER BY v.captured_at DESC LIMIT ?",
        (site, job_id, limit),
    ).fetchall()
    return [str(row[0]) for row in rows]


def _rows(path: Path, query: str, params: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    try:
        conn = connect_read_only(path)
    except sqlite3.Error:
        return []
    try:
        return [tuple(row) for row in conn.execute(query, params)]
    except sqlite3.OperationalError:  # no article table yet
        return []
    finally:
        conn.close()


def _not_held(path: Path) -> str:
    """The condition that leaves out held-back versions (none before the version guard)."""
    try:
        conn = connect_read_only(path)
    except sqlite3.Error:
        return "1"
    try:
        guarded = "held_back" in table_columns(conn, "article_versions")
    finally:
        conn.close()
    return "held_back IS NULL" if guarded else "1"


def articles_per_day(path: Path) -> list[tuple[str, str, int]]:
    """``(site, day, articles)``: how many articles each site published each day, by the
    publication date of each article's first version not held back (dates known to the day
    or finer; a month or a year alone is no day)."""
    query = (
        "SELECT site, substr(date_published, 1, 10), COUNT(*) FROM ("
        "  SELECT site, canonical_url, date_published, MIN(version) FROM article_versions"
        f"  WHERE {_not_held(path)} GROUP BY canonical_url"
        ") WHERE length(date_published) >= 10 GROUP BY 1, 2"
    )
    return [(site, day, int(n)) for site, day, n in _rows(path, query)]


def first_publication_times(path: Path, site: str, since: str) -> list[tuple[str, str]]:
    """``(canonical URL, publication time)`` of ``site``'s articles whose earliest stored
    publication time is ``since`` or later, compared as text (a narrowing: times carry their
    own offsets)."""
    query = (
        "SELECT canonical_url, MIN(date_published) FROM article_versions "
        "WHERE site = ? AND date_published >= ? GROUP BY canonical_url"
    )
    return [(str(url), str(published)) for url, published in _rows(path, query, (site, since))]


def versions_of(conn: sqlite3.Connection, canonical_url: str) -> list[tuple[Any, ...]]:
    """``(version, captured_at, job_id, content_hash, held_back, article_json)`` of every
    stored version of one article, oldest first (``held_back`` None: it was not)."""
    columns = table_columns(conn, "article_versions")
    held = "held_back" if "held_back" in columns else "NULL"
    query = (
        f"SELECT version, captured_at, {_job_column(conn)}, content_hash, {held}, article_json "
        "FROM article_versions WHERE canonical_url = ? ORDER BY version"
    )
    return [tuple(row) for row in conn.execute(query, (canonical_url,))]


def standing_counts(conn: sqlite3.Connection, *, edited_only: bool) -> dict[str, int]:
    """Per canonical URL, how many of its versions stood as the Article (none held back);
    ``edited_only``: the articles with more than one."""
    having = " HAVING count(*) > 1" if edited_only else ""
    query = (
        f"SELECT canonical_url, count(*) FROM article_versions WHERE NOT ({_held_back(conn)}) "
        f"GROUP BY canonical_url{having}"
    )
    return {str(url): int(n) for url, n in conn.execute(query)}
