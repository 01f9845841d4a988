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
    TEXT_COLUMNS,
    dated_docids,
    facet,
    microseconds,
    shard_of,
    shards,
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
    """The conditions of the window on the exact instant of an Article (an undated one
    kept), and their values."""
    start, end = (None if m is None else microseconds(m) for m in (filters.dates.start,
                                                                   filters.dates.end))  # fmt: skip
    bounds = {name: value for name, value in (("start", start), ("end", end)) if value is not None}
    exact = " AND ".join(f"d.published_us {'>=' if name == 'start' else '<'} :{name}"
                         for name in bounds)  # fmt: skip
    low, high = dated_docids(start, end)
    return f"(d.published_us IS NULL OR ({exact}))", {**bounds, "low": low, "high": high}


def _selection(
    db: Database, filters: Filters, columns: str, *, joined: bool
) -> tuple[str | None, dict[str, Any]]:
    """A SELECT of ``columns`` (``{t}``: the shard's table) over the matches of ``:match``
    in every shard the window reaches (``search_docs d`` joined when ``joined`` or a
    filter needs it), under the filters, and its parameters. A year's shard is read from
    the window's range of docids, which FTS5 seeks to, then the exact instants; the
    unordered Articles, which no range bounds, by their instant alone. None when the index
    has no shard yet (nothing indexed)."""
    facets, parameters = _facets(filters)
    window, bounds = _window(filters) if filters.dates else ("", {"low": 0, "high": 2**63 - 1})
    parameters.update(bounds)
    join = _JOIN if joined or facets or window else ""
    parts = []
    for shard in shards(db.conn, bounds["low"], bounds["high"]):
        part = f"SELECT {columns} FROM {{t}}{join} WHERE {{t}} MATCH :match{facets}"
        if window and shard.ordered:
            part += f" AND {{t}}.rowid BETWEEN :low AND :high AND {window}"
        elif window:
            part += f" AND {window}"
        parts.append(part.format(t=shard.table))
    return " UNION ALL ".join(parts) or None, parameters


def _rows(
    db: Database, query: str, sql: str, parameters: Sequence[object] | dict[str, Any]
) -> list[Any]:
    try:
        return db.conn.execute(sql, parameters).fetchall()
    except sqlite3.OperationalError as exc:  # the expression is ours: a bad query still
        raise QueryError(f"query {query!r}: {exc}") from None


_JOIN = " JOIN search_docs d ON d.docid = {t}.rowid"
#: The best matches first, ties in the order of the index (of publication): one page of
#: them, ranked over the shards alone (``search_docs`` joined only in a window or under a
#: filter), each shard with its own statistics (:mod:`jambicrawl.state.search`), described
#: once ranked; with how many match, counted on the way (a second pass over the matches
#: to count them cost a third of a faceted search).
_RANKED = (
    "SELECT best.rowid, best.rank, best.total, d.canonical_url, d.version, d.captured_at, "
    "d.site, d.date_published FROM (SELECT rowid, rank, count(*) OVER () AS total "
    "FROM ({selection}) ORDER BY 2, 1 LIMIT :size OFFSET :offset) best "
    "JOIN search_docs d ON d.docid = best.rowid ORDER BY best.rank, best.rowid"
)
# The column with the most hits; the body when that snippet is empty.
_SNIPPET = "coalesce(nullif({}, ''), {}, '')".format(
    *(f"snippet({{t}}, {column}, ?, ?, '…', {SNIPPET_WORDS})" for column in (-1, 2))
)


def _shown(db: Database, query: str, match: str, docid: int) -> tuple[str, str | None]:
    """The snippet and title of one match."""
    table = shard_of(docid).table
    ((snippet, title),) = _rows(
        db,
        query,
        f"SELECT {_SNIPPET.format(t=table)}, title FROM {table} WHERE {table} MATCH ? "
        "AND rowid = ?",
        (*MARK, *MARK, match, docid),
    )
    return " ".join(snippet.split()), title  # paragraphs run on in a snippet


def _page(
    db: Database, query: str, filters: Filters, *, snippets: bool, size: int, offset: int = 0
) -> tuple[list[Hit], int]:
    """The matches of one database from the ``offset``-th best, ``size`` of them (all when
    -1): SQLite ranks them (BM25); snippets only for the hits given. And how many match."""
    match = expression(query, filters)
    selection, parameters = _selection(db, filters, "{t}.rowid AS rowid, {t}.rank AS rank",
                                       joined=False)  # fmt: skip
    if selection is None:
        return [], 0
    rows = _rows(db, query, _RANKED.format(selection=selection),
                 {**parameters, "match": match, "size": size, "offset": offset})  # fmt: skip
    found = []
    for docid, score, _total, url, version, captured_at, site, published in rows:
        snippet, title = _shown(db, query, match, docid) if snippets else ("", None)
        found.append(
            Hit(url, version, captured_at, site, published, title, snippet, score, db.path)
        )
    # Past the last match there is no row to say how many: they were the offset at most.
    return found, rows[0][2] if rows else 0


def _ranked(
    db: Database, query: str, filters: Filters, *, snippets: bool, page: int | None
) -> Iterator[Hit]:
    """The matches of one database, best first: the best ``page`` (every match when
    None), the next ones asked for in pages twice as long."""
    offset = 0
    while True:
        size = -1 if page is None else page
        found, _total = _page(db, query, filters, snippets=snippets, size=size, offset=offset)
        yield from found
        if page is None or len(found) < size:
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


def top_and_count(
    databases: Sequence[Database], query: str, filters: Filters, limit: int
) -> tuple[list[Hit], int]:
    """:func:`top` and :func:`count`: in one pass over the matches for one database."""
    if len(databases) == 1:
        return _page(databases[0], query, filters, snippets=True, size=limit)
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
    """``result`` over the ``columns`` of the matches (no row when nothing is indexed)."""
    selection, parameters = _selection(db, filters, columns, joined="d." in columns)
    if selection is None:
        return []
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
