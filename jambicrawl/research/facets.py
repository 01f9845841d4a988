"""Counts over every match of a search, made by SQLite: how many matching Articles per site,
month, category, author and day of publication (the facets and the attention chart of
``browse``), and samples of the matches and of the rest of the collection.

Each database's matches (the FTS5 expression and filters of
:mod:`jambicrawl.research.search`) are put once in a temporary table of its connection,
with the columns of ``search_docs`` the counts read; each count is then a ``GROUP BY`` over
that table, summed across the databases. An Article held by several databases (the
worker folders of a shared crawl) is counted once, in the database whose entry was captured
last (the first such database on a tie), as :func:`~jambicrawl.research.search.hits` gives
it: the other databases are attached, read-only, and a match whose Article one of them holds
captured later is taken out of the table, in a single statement per batch of attached
databases rather than a look-up per match.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from jambicrawl.research.search import expression, readable, where
from jambicrawl.state.database import read_only_uri
from jambicrawl.state.search_queries import selection

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import TracebackType

    from jambicrawl.research.collection import Database
    from jambicrawl.research.search import Filters

#: The temporary table of a connection's matches (their docids, and :data:`COPIED`).
TABLE = "temp.browse_matches"
#: What the counts read of each match, copied from ``search_docs`` into the table once: each
#: count then reads the table alone, not a row of ``search_docs`` per match (at 1,000,000
#: Articles, a quarter of them matching, that read cost each count about 0.4 s).
COPIED = ("site", "date_published", "category", "authors")


class Matches(AbstractContextManager["Matches"]):
    """The matches of ``query`` under ``filters`` in ``databases``, each Article once, held
    in a temporary table of each connection for the ``with`` block. Raises
    :class:`~jambicrawl.research.query.QueryError`."""

    def __init__(self, databases: Sequence[Database], query: str, filters: Filters) -> None:
        self.databases = databases
        try:
            self._fill(query, filters)
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def _fill(self, query: str, filters: Filters) -> None:
        match, kept = expression(query, filters), where(filters)
        copied = ", ".join(f"d.{column}" for column in COPIED)
        for index, db in enumerate(self.databases):
            # n: the rank of a match in the order the shards give them (each shard's in
            # docid order, that is publication order), a sample's points seek to.
            columns = f"n INTEGER PRIMARY KEY, docid INTEGER NOT NULL, {', '.join(COPIED)}"
            _change(db, f"CREATE TABLE IF NOT EXISTS {TABLE} ({columns})")
            _change(db, f"DELETE FROM {TABLE}")
            selected = selection(db.conn, kept, "{t}.rowid AS docid")
            if selected is not None:  # None: nothing indexed in this database
                sql, parameters = selected
                fill = (f"INSERT INTO {TABLE} (docid, {', '.join(COPIED)}) "
                        f"SELECT s.docid, {copied} FROM ({sql}) s "
                        "JOIN main.search_docs d ON d.docid = s.docid")  # fmt: skip
                with readable(query):
                    db.conn.execute(fill, {**parameters, "match": match})
                db.conn.commit()
            _drop_superseded(self.databases, index)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for db in self.databases:
            db.conn.rollback()  # a statement a failure left in its transaction
            _change(db, f"DROP TABLE IF EXISTS {TABLE}")

    def counts(self, *keys: str, source: str = "") -> Counter[tuple[Any, ...]]:
        """How many matches have each value of the SQL expressions ``keys`` (over the
        columns :data:`COPIED` of ``search_docs``, as ``d``, and the tables of ``source``
        joined), summed across the databases (NULL values too: None)."""
        groups = ", ".join(str(n) for n in range(1, len(keys) + 1))
        sql = f"SELECT {', '.join(keys)}, count(*) FROM {TABLE} d{source} GROUP BY {groups}"
        counted: Counter[tuple[Any, ...]] = Counter()
        for db in self.databases:
            for *values, n in db.conn.execute(sql):
                counted[tuple(values)] += n
        return counted

    def sample(self, column: str, size: int) -> list[Any]:
        """``column`` of ``search_docs`` (the title as written) for up to ``size`` matches
        spread evenly over them in publication order (:data:`_MATCHES`), each database
        giving its share."""
        shares = _shares([self._total(db) for db in self.databases], size)
        found: list[Any] = []
        for db, share in zip(self.databases, shares, strict=True):
            if share:
                found += _column(db, column, _MATCHES, {"share": share, "start": 0})
        return found

    def sample_rest(self, column: str, size: int) -> list[Any]:
        """``column`` of up to ``size`` dated Articles that do not match, at evenly spaced
        points of publication time (:data:`_OTHERS`), each database giving its share.
        (An Article two databases hold may be drawn twice: a sample, not a count.)"""
        shares = _shares([_articles(db) for db in self.databases], size)
        found: list[Any] = []
        for db, share in zip(self.databases, shares, strict=True):
            if share:
                found += _column(db, column, _OTHERS, {"share": share, "start": 0})
        return found

    @staticmethod
    def _total(db: Database) -> int:
        return int(db.conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0])


def _at_points(table: str, key: str) -> str:
    """The docids of the rows of ``table`` first at or after ``:share`` points evenly
    spaced over its integer ``key`` from ``:start`` (a seek each, not a walk over the
    table); fewer when rows share a point. (The bounds are two subqueries: SQLite seeks to
    a lone ``min()`` or ``max()``, but walks the whole table for the two in one SELECT.)"""
    return f"""WITH RECURSIVE bounds(low, high) AS (
            SELECT (SELECT min({key}) FROM {table} WHERE {key} >= :start),
                   (SELECT max({key}) FROM {table} WHERE {key} >= :start)),
        points(k, at) AS (
            SELECT 0, low FROM bounds
            UNION ALL SELECT k + 1, low + CAST((high - low + 1) * (k + 1.0) / :share AS INTEGER)
            FROM points, bounds WHERE k + 1 < :share)
        SELECT DISTINCT (SELECT docid FROM {table} WHERE {key} >= at ORDER BY {key} LIMIT 1)
            AS docid FROM points"""


#: Matches spread evenly over their ranks (publication order).
_MATCHES = _at_points(TABLE, "n")
#: Dated Articles spread evenly over their docids, that is over publication time: seeks,
#: not a walk over every Article (an Article after a long gap is the likelier drawn, one
#: sharing its second with another the less); the unordered, their docids below 0 (the
#: undated among them), would stretch the span and are left out; the matches too.
_OTHERS = (f"SELECT docid FROM ({_at_points('main.search_docs', 'docid')}) "
           f"WHERE docid NOT IN (SELECT docid FROM {TABLE})")  # fmt: skip


def _column(db: Database, column: str, docids: str, parameters: dict[str, Any]) -> list[Any]:
    # A column of search_docs: read through search_text, each title would parse its
    # Article's JSON (2,000 of them, about 150 ms at 1,000,000 Articles).
    sql = f"SELECT d.{column} FROM ({docids}) s JOIN main.search_docs d ON d.docid = s.docid"
    return [value for (value,) in db.conn.execute(sql, parameters)]


def _articles(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM main.search_docs").fetchone()[0])


def _shares(sizes: Sequence[int], size: int) -> list[int]:
    """``size`` shared out in proportion to ``sizes`` (rounded up: each gives at least one
    when it has any)."""
    total = sum(sizes)
    return [0 if not total else -(-size * n // total) for n in sizes]


def _change(db: Database, sql: str) -> None:
    """A statement on the connection's temporary tables, committed: a read-only connection
    writes its temporary database, and detaches only outside a transaction."""
    db.conn.execute(sql)
    db.conn.commit()


#: The matches of ``main`` whose Article ``{other}`` holds captured later (``{earlier}``: on
#: a tie too, ``{other}`` coming first in the collection).
_SUPERSEDED = """DELETE FROM {table} WHERE n IN (
    SELECT m.n FROM {table} m JOIN main.search_docs d ON d.docid = m.docid
    JOIN {other}.search_docs x ON x.canonical_url = d.canonical_url
    WHERE x.captured_at > d.captured_at OR (x.captured_at = d.captured_at AND {earlier}))"""


def _drop_superseded(databases: Sequence[Database], index: int) -> None:
    """The matches of ``databases[index]`` whose Article another database holds captured
    later (or at the same time, that database coming first) taken out of its table: the
    others attached a batch at a time (SQLite attaches only so many at once)."""
    db = databases[index]
    others = [(n, other) for n, other in enumerate(databases) if n != index]
    batch = max(db.conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED), 1)
    for first in range(0, len(others), batch):
        attached = others[first : first + batch]
        for slot, (_n, other) in enumerate(attached):
            db.conn.execute(f"ATTACH DATABASE ? AS other{slot}", (read_only_uri(other.path),))
        try:
            for slot, (n, _other) in enumerate(attached):
                earlier = "1" if n < index else "0"
                sql = _SUPERSEDED.format(table=TABLE, other=f"other{slot}", earlier=earlier)
                db.conn.execute(sql)
            db.conn.commit()
        finally:
            db.conn.rollback()
            for slot in range(len(attached)):
                db.conn.execute(f"DETACH DATABASE other{slot}")
