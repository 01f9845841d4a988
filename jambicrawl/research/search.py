"""Searching a collection: the matching Articles, best first (BM25 over the stemmed words,
a word in the title counting most), each Article once across the databases (its current
version captured last), with a snippet of the text whose hits are marked.

Filters narrow the query inside the index (site, category and the publication years are
words of its ``facets`` column, an author a phrase of its ``authors`` column); the exact
date window (the rule of ``crawl``: :class:`~jambicrawl.normalize.window.DateWindow`, an
undated Article kept) is then checked on each candidate.
"""

from __future__ import annotations

import heapq
import sqlite3
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from jambicrawl.export.columns import TABLE_COLUMNS
from jambicrawl.export.rows import version_row
from jambicrawl.normalize.stemming import words
from jambicrawl.normalize.window import DateWindow
from jambicrawl.research.query import QueryError, fts_expression
from jambicrawl.state.search import TEXT_COLUMNS, facet

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

    from jambicrawl.export.rows import Row
    from jambicrawl.research.collection import Database

#: How a hit is marked in a snippet, and how long a snippet is (in words).
MARK = ("**", "**")
SNIPPET_WORDS = 24


@dataclass(frozen=True, slots=True)
class Filters:
    site: str | None = None
    dates: DateWindow = field(default_factory=DateWindow)
    author: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    canonical_url: str
    version: int
    captured_at: str
    site: str
    date_published: str | None
    title: str | None
    snippet: str
    #: BM25 as SQLite gives it: lower is better.
    score: float
    database: Path


def _years(conn: sqlite3.Connection, dates: DateWindow) -> list[str] | None:
    """The publication years an Article in the window can have (its neighbours too: a
    year's ends differ by zone), from the years the index holds; None: any."""
    if not dates:
        return None
    low, high = conn.execute(
        "SELECT substr(min(date_published), 1, 4), substr(max(date_published), 1, 4) "
        "FROM search_docs WHERE date_published IS NOT NULL"
    ).fetchone()
    if low is None or not (low.isdigit() and high.isdigit()):
        return ["none"]
    first = max(int(low), dates.start.year - 1 if dates.start else 0)
    last = min(int(high), dates.end.year + 1 if dates.end else 9999)
    return [*(str(year) for year in range(first, last + 1)), "none"]


def expression(query: str, filters: Filters, conn: sqlite3.Connection) -> str:
    """The FTS5 expression of ``query`` under ``filters``. Raises :class:`QueryError`."""
    parts = [f"{{{' '.join(TEXT_COLUMNS)}}} : ({fts_expression(query)})"]
    if filters.site:
        parts.append(f'facets : "{facet("site", filters.site)}"')
    if filters.category:
        parts.append(f'facets : "{facet("cat", filters.category)}"')
    if filters.author:
        stems = words(filters.author)
        if not stems:
            raise QueryError(f"--author {filters.author!r}: no name to search for")
        parts.append(f'authors : "{" ".join(stems)}"')
    years = _years(conn, filters.dates)
    if years is not None:
        phrases = " OR ".join(f'"{facet("year", y)}"' for y in years)
        parts.append(f"facets : ({phrases})")
    return " AND ".join(parts)


def _ranked(db: Database, query: str, filters: Filters, *, snippets: bool) -> Iterator[Hit]:
    match = expression(query, filters, db.conn)
    # The column with the most hits; the body when that is the facets (no text of theirs).
    best, body = (
        f"snippet(search_index, {column}, ?, ?, '…', {SNIPPET_WORDS})" for column in (-1, 2)
    )
    shown = f"coalesce(nullif({best}, ''), {body}, ''), title" if snippets else "'', NULL"
    marks = MARK * 2 if snippets else ()
    try:
        cursor = db.conn.execute(
            f"SELECT rowid, rank, {shown} FROM search_index WHERE search_index MATCH ? "
            "ORDER BY rank",
            (*marks, match),
        )
        for docid, score, snippet, title in cursor:
            url, version, captured_at, site, published = db.conn.execute(
                "SELECT canonical_url, version, captured_at, site, date_published "
                "FROM search_docs WHERE docid = ?",
                (docid,),
            ).fetchone()
            if filters.dates.keeps_text(published):
                snippet = " ".join(snippet.split())  # paragraphs run on in a snippet
                yield Hit(url, version, captured_at, site, published, title, snippet, score,
                          db.path)  # fmt: skip
    except sqlite3.OperationalError as exc:  # the expression is ours: a bad query still
        raise QueryError(f"query {query!r}: {exc}") from None


def _latest_here(hit: Hit, index: int, databases: Sequence[Database]) -> bool:
    """True when no other database holds a later current version of the hit's Article."""
    for other_index, other in enumerate(databases):
        if other_index == index:
            continue
        row = other.conn.execute(
            "SELECT captured_at FROM search_docs WHERE canonical_url = ?", (hit.canonical_url,)
        ).fetchone()
        if row and (
            row[0] > hit.captured_at or (row[0] == hit.captured_at and other_index < index)
        ):
            return False
    return True


def hits(
    databases: Sequence[Database], query: str, filters: Filters, *, snippets: bool = True
) -> Iterator[Hit]:
    """Every matching Article once, best first."""
    if len(databases) == 1:
        yield from _ranked(databases[0], query, filters, snippets=snippets)
        return

    def streams(index: int, db: Database) -> Iterator[tuple[float, int, Hit]]:
        for hit in _ranked(db, query, filters, snippets=snippets):
            if _latest_here(hit, index, databases):
                yield hit.score, index, hit

    merged = heapq.merge(*(streams(i, db) for i, db in enumerate(databases)))
    for _score, _index, hit in merged:
        yield hit


def top(databases: Sequence[Database], query: str, filters: Filters, limit: int) -> list[Hit]:
    """The ``limit`` best hits, with snippets."""
    return list(islice(hits(databases, query, filters), limit))


def count(databases: Sequence[Database], query: str, filters: Filters) -> int:
    """How many Articles match."""
    if len(databases) == 1 and not filters.dates:
        db = databases[0]
        match = expression(query, filters, db.conn)
        try:
            row = db.conn.execute(
                "SELECT count(*) FROM search_index WHERE search_index MATCH ?", (match,)
            ).fetchone()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"query {query!r}: {exc}") from None
        return int(row[0])
    return sum(1 for _ in hits(databases, query, filters, snippets=False))


def article_rows(databases: Sequence[Database], found: Iterator[Hit]) -> Iterator[Row]:
    """The export rows (:mod:`jambicrawl.export.columns`) of the versions ``found``."""
    by_path = {db.path: db.conn for db in databases}
    for hit in found:
        table = (
            by_path[hit.database]
            .execute(
                f"SELECT {', '.join(TABLE_COLUMNS)}, held_back IS NOT NULL, article_json "
                "FROM article_versions WHERE canonical_url = ? AND version = ?",
                (hit.canonical_url, hit.version),
            )
            .fetchone()
        )
        *columns, held_back, article_json = table
        yield version_row(tuple(columns), bool(held_back), article_json)
