"""The SQL of a search over the index (:mod:`jambicrawl.state.search`): the matches of an FTS5
expression under the filters, in every shard the window reaches; the best of them ranked
and counted in one pass; a snippet; what another database holds of an Article.
:mod:`jambicrawl.research.search` composes them. Each raises ``sqlite3.OperationalError``
on an expression FTS5 cannot read.

The site and category are conditions on ``search_docs d`` (joined by rowid), and so is the
date window (an undated Article kept), which is first a range of docids FTS5 seeks to in
each year's shard (docids follow the publication time); the unordered shard, which no
range bounds, is read with the exact instant alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jambicrawl.state.search import dated_docids, facet, shard_of, shards

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Sequence


@dataclass(frozen=True, slots=True)
class Where:
    """The filters of a search, as the index holds them."""

    #: A site's key and a category as written (folded here: :func:`facet`); None: any.
    site: str | None = None
    category: str | None = None
    #: Published at or after ``start_us``, before ``end_us`` (UTC microseconds; None: no
    #: bound): an undated Article is in every window.
    start_us: int | None = None
    end_us: int | None = None

    @property
    def windowed(self) -> bool:
        return self.start_us is not None or self.end_us is not None


_JOIN = " JOIN search_docs d ON d.docid = {t}.rowid"


def _conditions(where: Where) -> tuple[list[str], dict[str, Any]]:
    """The conditions on ``search_docs d`` of the site, the category and the window (the
    exact instant of an Article, an undated one kept), and their values."""
    values = {"site": where.site, "category": where.category}
    given = {name: facet(value) for name, value in values.items() if value}
    conditions = [f"d.{name}_facet = :{name}" for name in given]
    ends = (("start", where.start_us, ">="), ("end", where.end_us, "<"))
    bounds = {name: value for name, value, _ in ends if value is not None}
    if bounds:
        exact = " AND ".join(f"d.published_us {op} :{name}" for name, _, op in ends
                             if name in bounds)  # fmt: skip
        conditions.append(f"(d.published_us IS NULL OR ({exact}))")
    return conditions, {**given, **bounds}


def selection(
    conn: sqlite3.Connection, where: Where, columns: str, *, joined: bool = False
) -> tuple[str, dict[str, Any]] | None:
    """A SELECT of ``columns`` over the matches of the parameter ``:match`` (an FTS5
    expression) under ``where``, every shard the window reaches in a UNION ALL, and its
    parameters; ``search_docs d`` joined when ``joined`` or a filter needs it. In
    ``columns``, ``{t}`` names the shard's table and ``{kept}`` is true of a match the
    filters keep. None when nothing is indexed (no shard)."""
    conditions, parameters = _conditions(where)
    low, high = dated_docids(where.start_us, where.end_us)
    parameters.update(low=low, high=high)
    join = _JOIN if joined or conditions else ""
    kept = " AND ".join(conditions) or "1"
    parts = []
    for shard in shards(conn, low, high):
        seek = " AND {t}.rowid BETWEEN :low AND :high" if where.windowed and shard.ordered else ""
        part = f"SELECT {columns} FROM {{t}}{join} WHERE {{t}} MATCH :match{seek}"
        part += "".join(f" AND {condition}" for condition in conditions)
        parts.append(part.format(t=shard.table, kept=kept))
    return (" UNION ALL ".join(parts), parameters) if parts else None


#: The best matches first, ties in the order of the index (of publication): one page of
#: them, ranked over the shards alone (``search_docs`` joined only in a window or under a
#: filter), each shard with its own statistics (per-shard IDF), described once ranked;
#: ``{total}``: how many match, counted on the way, or NULL.
_RANKED = (
    "SELECT best.rowid, best.rank, best.total, d.canonical_url, d.version, d.captured_at, "
    "d.site, d.date_published FROM (SELECT rowid, rank, {total} AS total "
    "FROM ({selection}) ORDER BY 2, 1 LIMIT :size OFFSET :offset) best "
    "JOIN search_docs d ON d.docid = best.rowid ORDER BY best.rank, best.rowid"
)

#: A ranked match: docid, BM25 score (lower is better), how many match in all (None when
#: not counted), and the canonical URL, version, capture time, site and
#: ``date_published`` indexed.
Ranked = tuple[int, float, "int | None", str, int, str, str, "str | None"]


def ranked(
    conn: sqlite3.Connection,
    match: str,
    where: Where,
    size: int,
    offset: int = 0,
    *,
    counted: bool = False,
) -> list[Ranked]:
    """The matches of ``match`` under ``where`` from the ``offset``-th best, ``size`` of them
    (-1: all), best first; each saying how many match when ``counted`` (every match is
    kept a moment longer: worth it only when counting them apart would repeat the reads of
    ``search_docs`` the filters need, :func:`counted_apart`)."""
    # SQLite reads a column of the index (its rank: BM25) for every match before the
    # conditions on search_docs, unless its expression needs search_docs too: ranked only
    # when kept, a site's matches in a year rank in half the time (100,000 Articles).
    rank = "CASE WHEN {kept} THEN {t}.rank END"
    selected = selection(conn, where, f"{{t}}.rowid AS rowid, {rank} AS rank")
    if selected is None:
        return []
    sql, parameters = selected
    values = {**parameters, "match": match, "size": size, "offset": offset}
    total = "count(*) OVER ()" if counted else "NULL"
    return conn.execute(_RANKED.format(selection=sql, total=total), values).fetchall()


def counted_apart(where: Where) -> bool:
    """True when counting the matches is cheapest as a pass of its own: one over the index
    alone, no filter reading ``search_docs``. (At 1M Articles: 20 ms to count a word's
    250,000 matches apart, 85 ms to count them in the ranking's pass; with a site and a
    year, 13 ms saved by counting in the ranking's pass.)"""
    return not (where.site or where.category or where.windowed)


def matching(
    conn: sqlite3.Connection, match: str, where: Where, result: str, columns: str
) -> list[Any]:
    """``result`` over the ``columns`` of the matches (no row when nothing is indexed)."""
    selected = selection(conn, where, columns, joined="d." in columns)
    if selected is None:
        return []
    sql, parameters = selected
    return conn.execute(f"SELECT {result} FROM ({sql})", {**parameters, "match": match}).fetchall()


# The column with the most hits; the body when that snippet is empty.
_SNIPPET = "coalesce(nullif({}, ''), {}, '')".format(
    *(f"snippet({{t}}, {column}, :open, :close, '…', :words)" for column in (-1, 2))
)


def snippet(
    conn: sqlite3.Connection, match: str, docid: int, mark: tuple[str, str], words: int
) -> tuple[str, str | None]:
    """The snippet of ``words`` words of one match, its hits between the two ``mark``s, and
    its title as written."""
    table = shard_of(docid).table
    sql = (f"SELECT {_SNIPPET.format(t=table)}, title FROM {table} "
           f"WHERE {table} MATCH :match AND rowid = :docid")  # fmt: skip
    values = {"open": mark[0], "close": mark[1], "words": words, "match": match, "docid": docid}
    ((text, title),) = conn.execute(sql, values).fetchall()
    return text, title


def captured_at(conn: sqlite3.Connection, canonical_url: str) -> str | None:
    """When the version of ``canonical_url`` this index holds was captured; None: it holds
    none."""
    row = conn.execute(
        "SELECT captured_at FROM search_docs WHERE canonical_url = ?", (canonical_url,)
    ).fetchone()
    return None if row is None else str(row[0])


def stored_version(
    conn: sqlite3.Connection, canonical_url: str, version: int, columns: Sequence[str]
) -> tuple[Any, ...]:
    """The ``columns`` of one stored version (of ``article_versions``), the held-back mark
    and the Article's JSON after them."""
    row: tuple[Any, ...] = conn.execute(
        f"SELECT {', '.join(columns)}, held_back IS NOT NULL, article_json "
        "FROM article_versions WHERE canonical_url = ? AND version = ?",
        (canonical_url, version),
    ).fetchone()
    return row
