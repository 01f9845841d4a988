"""Read-only questions to the stored article versions, for the commands that report on a
collection (``report``, ``schedule``'s publishing rate): they never create, migrate or lock
the database, and a database without the article table answers nothing."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from jambicrawl.state.database import connect_read_only, table_columns

if TYPE_CHECKING:
    from pathlib import Path


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
