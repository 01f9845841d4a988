"""Searching a collection: the matching Articles, best first (BM25 over the stemmed words,
a word in the title counting most), each Article once across the databases (its current
version captured last), with a snippet of the text whose hits are marked.

An author is a phrase of the index's ``authors`` column; the site and category are
conditions on ``search_docs`` (joined by rowid), and so is the date window (the rule of
``crawl``: :class:`~jambicrawl.normalize.window.DateWindow`, an undated Article kept),
which is first a range of docids FTS5 seeks to (docids follow the publication time). SQLite
does the work: it applies the filters, ranks the matches (BM25) keeping only the best ones
asked for, and counts them; snippets are made for the hits shown only.
"""

from __future__ import annotations

import heapq
import sqlite3
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from jambicrawl.export.columns import TABLE_COLUMNS
from jambicrawl.export.rows import version_row
from jambicrawl.normalize.stemming import words
from jambicrawl.normalize.window import DateWindow
from jambicrawl.research.query import QueryError, fts_expression
from jambicrawl.state.search import (
    DOCIDS_PER_SECOND,
    TEXT_COLUMNS,
    dated_docids,
    facet,
    microseconds,
)

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
    and window are conditions of :func:`_selection`). Raises :class:`QueryError`."""
    parts = [f"{{{' '.join(TEXT_COLUMNS)}}} : ({fts_expression(query)})"]
    if filters.author:
        stems = words(filters.author)
        if not stems:
            raise QueryError(f"--author {filters.author!r}: no name to search for")
        parts.append(f'authors : "{" ".join(stems)}"')
    return " AND ".join(parts)


def _facets(filters: Filters) -> tuple[str, dict[str, Any]]:
    """The conditions (on ``search_docs d``) of the site and category, and their values."""
    values = {"site": filters.site, "category": filters.category}
    given = {name: facet(value) for name, value in values.items() if value}
    return "".join(f" AND d.{name}_facet = :{name}" for name in given), given


def _window(filters: Filters) -> tuple[str, dict[str, Any]]:
    """The conditions of the window on a dated Article, and their values: the range of
    docids FTS5 seeks to (:func:`~jambicrawl.state.search.dated_docids`), then the exact
    instants."""
    start, end = (None if m is None else microseconds(m) for m in (filters.dates.start,
                                                                   filters.dates.end))  # fmt: skip
    low, high = dated_docids(start, end)
    bounds = {name: value for name, value in (("start", start), ("end", end)) if value is not None}
    exact = "".join(f" AND d.published_us {'>=' if name == 'start' else '<'} :{name}"
                    for name in bounds)  # fmt: skip
    return f" AND search_index.rowid BETWEEN :low AND :high{exact}", {
        **bounds,
        "low": low,
        "high": high,
    }


def _selection(filters: Filters, columns: str, *, joined: bool) -> tuple[str, dict[str, Any]]:
    """A SELECT of ``columns`` over the matches of ``:match`` (``search_docs d`` joined when
    ``joined`` or a filter needs it) under the filters, and its parameters. In a window,
    the dated Articles are those of its range of docids, and the undated ones, which every
    window keeps, those of theirs: two ranges FTS5 seeks to."""
    facets, parameters = _facets(filters)
    join = _JOIN if joined or facets or filters.dates else ""
    source = f"SELECT {columns} FROM search_index{join} WHERE search_index MATCH :match{facets}"
    if not filters.dates:
        return source, parameters
    window, bounds = _window(filters)
    undated = " AND search_index.rowid < :undated"
    parameters.update(bounds, undated=DOCIDS_PER_SECOND)
    return f"{source}{window} UNION ALL {source}{undated}", parameters


def _rows(
    db: Database, query: str, sql: str, parameters: Sequence[object] | dict[str, Any]
) -> list[Any]:
    try:
        return db.conn.execute(sql, parameters).fetchall()
    except sqlite3.OperationalError as exc:  # the expression is ours: a bad query still
        raise QueryError(f"query {query!r}: {exc}") from None


_JOIN = " JOIN search_docs d ON d.docid = search_index.rowid"
#: The best matches first, ties in the order of the index (of publication): one page of
#: them, ranked over the index alone (``search_docs`` joined only in a window), described
#: once ranked.
_RANKED = (
    "SELECT best.rowid, best.rank, d.canonical_url, d.version, d.captured_at, d.site, "
    "d.date_published FROM ({selection} ORDER BY 2, 1 LIMIT :size OFFSET :offset) best "
    "JOIN search_docs d ON d.docid = best.rowid ORDER BY best.rank, best.rowid"
)
# The column with the most hits; the body when that snippet is empty.
_SNIPPET = "coalesce(nullif({}, ''), {}, '')".format(
    *(f"snippet(search_index, {column}, ?, ?, '…', {SNIPPET_WORDS})" for column in (-1, 2))
)


def _shown(db: Database, query: str, match: str, docid: int) -> tuple[str, str | None]:
    """The snippet and title of one match."""
    ((snippet, title),) = _rows(
        db,
        query,
        f"SELECT {_SNIPPET}, title FROM search_index WHERE search_index MATCH ? AND rowid = ?",
        (*MARK, *MARK, match, docid),
    )
    return " ".join(snippet.split()), title  # paragraphs run on in a snippet


def _ranked(
    db: Database, query: str, filters: Filters, *, snippets: bool, page: int | None
) -> Iterator[Hit]:
    """The matches of one database, best first: SQLite ranks them (BM25) and keeps the
    best ``page`` (every match when None), the next ones asked for in pages twice as long;
    snippets only for the hits given."""
    match = expression(query, filters)
    columns = "search_index.rowid AS rowid, search_index.rank AS rank"
    selection, parameters = _selection(filters, columns, joined=False)
    sql = _RANKED.format(selection=selection)
    offset = 0
    while True:
        size = -1 if page is None else page
        rows = _rows(db, query, sql, {**parameters, "match": match, "size": size,
                                      "offset": offset})  # fmt: skip
        for docid, score, url, version, captured_at, site, published in rows:
            snippet, title = _shown(db, query, match, docid) if snippets else ("", None)
            yield Hit(url, version, captured_at, site, published, title, snippet, score, db.path)
        if page is None or len(rows) < size:
            return
        offset, page = offset + size, page * 2


def _latest_here(url: str, captured_at: str, index: int, databases: Sequence[Database]) -> bool:
    """True when no other database holds a later current version of the Article."""
    for other_index, other in enumerate(databases):
        if other_index == index:
            continue
        row = other.conn.execute(
            "SELECT captured_at FROM search_docs WHERE canonical_url = ?", (url,)
        ).fetchone()
        if row and (row[0] > captured_at or (row[0] == captured_at and other_index < index)):
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


def count(databases: Sequence[Database], query: str, filters: Filters) -> int:
    """How many Articles match: counted by SQLite, unranked (each Article once across the
    databases: its current version captured last)."""
    if len(databases) == 1:
        return int(_matching(databases[0], query, filters, "count(*)", "search_index.rowid")[0][0])
    return sum(
        _latest_here(url, captured_at, index, databases)
        for index, db in enumerate(databases)
        for url, captured_at in _matching(db, query, filters, "*", "d.canonical_url, d.captured_at")
    )


def _matching(db: Database, query: str, filters: Filters, result: str, columns: str) -> list[Any]:
    """``result`` over the ``columns`` of the matches."""
    selection, parameters = _selection(filters, columns, joined="d." in columns)
    sql = f"SELECT {result} FROM ({selection})"
    return _rows(db, query, sql, {**parameters, "match": expression(query, filters)})


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
