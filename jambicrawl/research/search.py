"""Searching a collection: the matching Articles, best first (BM25 over the stemmed words,
a word in the title counting most), each Article once across the databases (its current
version captured last), with a snippet of the text whose hits are marked.

An author is a phrase of the index's ``authors`` column; the site, category and date
window (the rule of ``crawl``: :class:`~jambicrawl.normalize.window.DateWindow`, an undated
Article kept) are conditions SQLite applies (:mod:`jambicrawl.state.search_queries`, which
holds the SQL), over the shards of the index the window reaches. SQLite does the work: it
applies the filters, ranks the matches (BM25, each shard with its own statistics) keeping
only the best ones asked for, and counts them; snippets are made for the hits shown only.
"""

from __future__ import annotations

import heapq
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from jambicrawl.export.columns import TABLE_COLUMNS
from jambicrawl.export.rows import version_row
from jambicrawl.normalize.stemming import words
from jambicrawl.normalize.window import DateWindow
from jambicrawl.research.query import QueryError, fts_expression
from jambicrawl.state import search_queries as queries
from jambicrawl.state.search import TEXT_COLUMNS, microseconds
from jambicrawl.state.search_queries import Where

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


def expression(query: str, filters: Filters) -> str:
    """The FTS5 expression of ``query`` under ``filters`` (the author; the site, category
    and window are conditions, :func:`where`). Raises :class:`QueryError`."""
    parts = [f"{{{' '.join(TEXT_COLUMNS)}}} : ({fts_expression(query)})"]
    if filters.author:
        stems = words(filters.author)
        if not stems:
            raise QueryError(f"--author {filters.author!r}: no name to search for")
        parts.append(f'authors : "{" ".join(stems)}"')
    return " AND ".join(parts)


def where(filters: Filters) -> Where:
    """The conditions SQLite applies of ``filters`` (all but the author)."""
    start, end = (None if moment is None else microseconds(moment)
                  for moment in (filters.dates.start, filters.dates.end))  # fmt: skip
    return Where(filters.site, filters.category, start, end)


@contextmanager
def readable(query: str) -> Iterator[None]:
    """An expression FTS5 cannot read said as a bad query (the expression is ours: a bad
    query still)."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        raise QueryError(f"query {query!r}: {exc}") from None


def _page(
    db: Database,
    query: str,
    filters: Filters,
    *,
    snippets: bool,
    size: int,
    offset: int = 0,
    counted: bool = False,
) -> tuple[Iterator[Hit], int | None]:
    """The matches of one database from the ``offset``-th best, ``size`` of them (all when
    -1), each given its snippet as it is taken; and how many match when ``counted``."""
    match = expression(query, filters)
    with readable(query):
        rows = queries.ranked(db.conn, match, where(filters), size, offset, counted=counted)

    def described() -> Iterator[Hit]:
        for docid, score, _total, url, version, captured_at, site, published in rows:
            text, title = "", None
            if snippets:
                with readable(query):
                    text, title = queries.snippet(db.conn, match, docid, MARK, SNIPPET_WORDS)
            text = " ".join(text.split())  # paragraphs run on in a snippet
            yield Hit(url, version, captured_at, site, published, title, text, score, db.path)

    # Past the last match no row says how many: no more than the offset.
    return described(), rows[0][2] if rows else (0 if counted else None)


def _ranked(
    db: Database, query: str, filters: Filters, *, snippets: bool, page: int | None
) -> Iterator[Hit]:
    """The matches of one database, best first: the best ``page`` (every match when
    None), the next ones asked for in pages twice as long."""
    offset = 0
    while True:
        size = -1 if page is None else page
        found, _total = _page(db, query, filters, snippets=snippets, size=size, offset=offset)
        given = 0
        for hit in found:
            given += 1
            yield hit
        if page is None or given < size:
            return
        offset, page = offset + size, page * 2


def _latest_here(url: str, captured_at: str, index: int, databases: Sequence[Database]) -> bool:
    """True when no other database holds a later current version of the Article."""
    for other_index, other in enumerate(databases):
        if other_index == index:
            continue
        theirs = queries.captured_at(other.conn, url)
        if theirs and (theirs > captured_at or (theirs == captured_at and other_index < index)):
            return False
    return True


def hits(
    databases: Sequence[Database],
    query: str,
    filters: Filters,
    *,
    snippets: bool = True,
    page: int | None = None,
) -> Iterator[Hit]:
    """Every matching Article once, best first; ``page``: how many to rank at first in
    each database (all of them when None), when only the first few are wanted."""
    if len(databases) == 1:
        yield from _ranked(databases[0], query, filters, snippets=snippets, page=page)
        return

    def streams(index: int, db: Database) -> Iterator[tuple[float, int, Hit]]:
        for hit in _ranked(db, query, filters, snippets=snippets, page=page):
            if _latest_here(hit.canonical_url, hit.captured_at, index, databases):
                yield hit.score, index, hit

    merged = heapq.merge(*(streams(i, db) for i, db in enumerate(databases)))
    for _score, _index, hit in merged:
        yield hit


def top(databases: Sequence[Database], query: str, filters: Filters, limit: int) -> list[Hit]:
    """The ``limit`` best hits, with snippets."""
    return list(islice(hits(databases, query, filters, page=limit), limit))


def top_and_count(
    databases: Sequence[Database], query: str, filters: Filters, limit: int
) -> tuple[list[Hit], int]:
    """:func:`top` and :func:`count`: in one pass over the matches of one database when
    its filters would make a count apart read ``search_docs`` again."""
    if len(databases) == 1 and not queries.counted_apart(where(filters)):
        found, total = _page(databases[0], query, filters, snippets=True, size=limit,
                             counted=True)  # fmt: skip
        assert total is not None  # counted
        return list(found), total
    return top(databases, query, filters, limit), count(databases, query, filters)


def count(databases: Sequence[Database], query: str, filters: Filters) -> int:
    """How many Articles match: counted by SQLite, unranked (each Article once across the
    databases: its current version captured last)."""
    if len(databases) == 1:
        return sum(n for (n,) in _matching(databases[0], query, filters, "count(*)", "{t}.rowid"))
    return sum(
        _latest_here(url, captured_at, index, databases)
        for index, db in enumerate(databases)
        for url, captured_at in _matching(db, query, filters, "*", "d.canonical_url, d.captured_at")
    )


def _matching(db: Database, query: str, filters: Filters, result: str, columns: str) -> list[Any]:
    """``result`` over the ``columns`` of the matches."""
    match = expression(query, filters)
    with readable(query):
        return queries.matching(db.conn, match, where(filters), result, columns)


def article_rows(databases: Sequence[Database], found: Iterator[Hit]) -> Iterator[Row]:
    """The export rows (:mod:`jambicrawl.export.columns`) of the versions ``found``."""
    by_path = {db.path: db.conn for db in databases}
    for hit in found:
        stored = queries.stored_version(
            by_path[hit.database], hit.canonical_url, hit.version, TABLE_COLUMNS
        )
        *columns, held_back, article_json = stored
        yield version_row(tuple(columns), bool(held_back), article_json)
