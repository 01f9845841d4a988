"""The full-text index of the state database: the current version of every Article, kept
current by the store itself (:class:`jambicrawl.state.articles.ArticleStore` calls
:func:`refresh` in the transaction that changes an article's current version).

``search_docs`` holds one row per indexed Article (its canonical URL, the version indexed,
site and date, and the publication time as UTC microseconds, :func:`published_us`); its
docid, the rowid in the index too, follows the publication time (:data:`DOCIDS_PER_SECOND`)
so that a date window is a range of rowids FTS5 seeks to. The words are in FTS5 tables, one
per year of publication (WIB, the window's zone) and one for the unordered Articles
(undated, or past the docids of their second): the shards, listed in ``search_shards`` with
their range of docids (:func:`shards`). BM25 reads the document frequency of each word of a
query over the whole table it searches, however few Articles the filters leave: a window of
a year reads that year's shard only. Each shard ranks with its own frequencies, as each
shard of Elasticsearch does (per-shard IDF): an Article's score does not depend on the
window asked for. The shards hold the stemmed words of the title, subtitle, body, authors
and tags (:mod:`jambicrawl.normalize.stemming`). The site and category are filters on
``search_docs`` (their folded words, :func:`facet`), not words of the index: a facet's
phrase would cost each query a read over every Article of the site. ``search_docs``'s
``category``, ``authors`` (a JSON list) and ``title`` are the Article's as written, for the
counts of ``browse``'s facets (:mod:`jambicrawl.research.facets`): read there, the stored
Article's JSON would be parsed once per match. The shards' content is the view
``search_text``, which reads the original text from the stored Article: the index holds
stems, its snippets show the words as written (one stem per word, in the same place). A
held-back version never enters the index."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from jambicrawl.normalize.dates import parse_stored
from jambicrawl.normalize.stemming import ANALYZER, WORD, analyze, fold

#: The indexed columns, in order.
TEXT_COLUMNS = ("title", "subtitle", "body", "authors", "tags")
#: BM25 weights of :data:`TEXT_COLUMNS`: a word in the title counts most.
RANK = "bm25(10.0, 4.0, 1.0, 3.0, 3.0)"

#: The layout of the index's tables: an index of another layout (or analysis) is rebuilt.
LAYOUT = 7
#: What ``search_meta`` says of an index this code reads; any other is rebuilt.
VERSION = f"{ANALYZER}/layout-{LAYOUT}"

#: ``date_published`` as the store writes it (:func:`jambicrawl.normalize.dates.iso`).
_STORED_FORM = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_SECOND_US = 1_000_000
#: A dated Article's docid is its UTC publication second times this, plus a count among
#: those of the same second: docids run in publication order, so a date window is a range
#: of rowids the index seeks to. Few per second keep the docids dense: the index stores
#: each docid as its difference from the previous one of the word, in a varint (2**24 a
#: second made those 5 bytes and more: 1,709 bytes an Article against 1,407). A second's
#: 1,024 are a day's news of a whole region dated to the day only (all at midnight); past
#: them, an Article is unordered.
DOCIDS_PER_SECOND = 1 << 10
#: The docids of the unordered Articles (undated, before 1970, or past their second's
#: docids) are negative, the first -1: every window reads them, checking the time itself.
UNORDERED = "unordered"
#: The zone of the shards' years: the window's (WIB), so a year asked for is one shard.
SHARD_ZONE = timezone(timedelta(hours=7))
_LOWEST = -(2**63)
_HIGHEST = 2**63 - 1

_LISTS = {"authors", "tags"}
#: How a list field is joined into the text indexed (the view joins it the same way).
LIST_SEPARATOR = ", "


def _text_expression(column: str) -> str:
    if column in _LISTS:
        return (
            f"(SELECT group_concat(value, '{LIST_SEPARATOR}') "
            f"FROM json_each(v.article_json, '$.{column}'))"
        )
    return f"json_extract(v.article_json, '$.{column}')"


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS search_docs (
    docid INTEGER PRIMARY KEY,
    canonical_url TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    captured_at TEXT NOT NULL,
    site TEXT NOT NULL,
    date_published TEXT,
    published_us INTEGER,
    site_facet TEXT NOT NULL,
    category_facet TEXT NOT NULL,
    category TEXT,
    authors TEXT NOT NULL,
    title TEXT
);
CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS search_shards (
    name TEXT PRIMARY KEY,
    low INTEGER NOT NULL,
    high INTEGER NOT NULL
);
CREATE VIEW IF NOT EXISTS search_text AS SELECT d.docid AS docid,
    {", ".join(f"{_text_expression(c)} AS {c}" for c in TEXT_COLUMNS)}
    FROM search_docs d JOIN article_versions v
    ON v.canonical_url = d.canonical_url AND v.version = d.version
"""
#: One shard: every shard reads its text from the one view (docids are the collection's).
_SHARD = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
    f"{', '.join(TEXT_COLUMNS)}, content='search_text', content_rowid='docid', "
    "tokenize='unicode61 remove_diacritics 2')"
)


@dataclass(frozen=True, slots=True)
class Shard:
    """One FTS5 table of the index: the docids from ``low`` to ``high``."""

    table: str
    low: int
    high: int

    @property
    def ordered(self) -> bool:
        """False for the shard of the unordered Articles, which no range of docids bounds
        in time."""
        return self.low >= 0


def facet(value: str | None) -> str:
    """One exact value of a filter (site, category) as ``search_docs`` holds it: its words,
    folded (``Ekonomi & Bisnis`` -> ``ekonomi bisnis``); ``none`` for no value."""
    return " ".join(fold(word) for word in WORD.findall(value or "")) or "none"


def document(data: dict[str, Any]) -> tuple[str, ...]:
    """The indexed values of an Article (its stored JSON, as a dict): its stemmed text
    columns."""
    texts = (
        LIST_SEPARATOR.join(data.get(c) or []) if c in _LISTS else data.get(c) for c in TEXT_COLUMNS
    )
    return tuple(analyze(text) for text in texts)


def microseconds(moment: datetime) -> int:
    """An aware datetime as UTC microseconds since 1970, as ``search_docs`` holds it."""
    return (moment - _EPOCH) // _MICROSECOND


def published_us(date_published: str | None) -> int | None:
    """An Article's ``date_published`` as UTC microseconds; None when it names no date (an
    undated Article, which every date window keeps)."""
    moment = _stored(date_published) or parse_stored(date_published)
    return None if moment is None else microseconds(moment)


def _stored(text: str | None) -> datetime | None:
    """The form the store writes, read fast (a rebuild reads every Article's); None: read
    it as any other (:func:`~jambicrawl.normalize.dates.parse_stored`)."""
    if not text or not _STORED_FORM.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if 1990 <= moment.year <= 2100 else None


def shard_of(docid: int) -> Shard:
    """The shard holding ``docid``: its year of publication's, or the unordered one."""
    if docid < 0:
        return Shard(f"search_index_{UNORDERED}", _LOWEST, -1)
    year = datetime.fromtimestamp(docid // DOCIDS_PER_SECOND, SHARD_ZONE).year
    low, high = (
        int(datetime(y, 1, 1, tzinfo=SHARD_ZONE).timestamp()) * DOCIDS_PER_SECOND
        for y in (year, year + 1)
    )
    return Shard(f"search_index_{year}", low, high - 1)


def shards(conn: sqlite3.Connection, low: int = 0, high: int = _HIGHEST) -> list[Shard]:
    """The shards holding docids from ``low`` to ``high``, with the unordered one (which
    any window may hold): in docid order."""
    rows = conn.execute(
        "SELECT name, low, high FROM search_shards WHERE low < 0 OR (high >= ? AND low <= ?) "
        "ORDER BY low",
        (low, high),
    )
    return [Shard(*row) for row in rows]


def has_index(conn: sqlite3.Connection) -> bool:
    """True when the database has an index of this layout, built by this analysis: the
    store keeps only such an index current, and a search rebuilds any other."""
    try:
        row = conn.execute("SELECT value FROM search_meta WHERE key = 'analyzer'").fetchone()
    except sqlite3.OperationalError:  # no such table: an older database
        return False
    return bool(row) and row[0] == VERSION


def create(conn: sqlite3.Connection) -> None:
    """An empty index (in the caller's transaction): its shards come with their Articles."""
    for statement in _SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO search_meta VALUES ('analyzer', ?)", (VERSION,))


def drop(conn: sqlite3.Connection) -> None:
    """The index gone, of any layout (in the caller's transaction)."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%' "
            "AND (name = 'search_index' OR name LIKE 'search\\_index\\_%' ESCAPE '\\')"
        )
    ]
    for table in tables:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute("DROP VIEW IF EXISTS search_text")
    for table in ("search_docs", "search_shards", "search_meta"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def _shard_for(conn: sqlite3.Connection, docid: int) -> str:
    """The table of ``docid``'s shard, made when it is the first of its year."""
    shard = shard_of(docid)
    added = conn.execute(
        "INSERT OR IGNORE INTO search_shards VALUES (?, ?, ?)", (shard.table, shard.low, shard.high)
    ).rowcount
    if added:
        conn.execute(_SHARD.format(table=shard.table))
        conn.execute(f"INSERT INTO {shard.table}({shard.table}, rank) VALUES ('rank', ?)", (RANK,))
    return shard.table


_VALUES = ", ".join("?" * len(TEXT_COLUMNS))
_COLUMNS = ", ".join(TEXT_COLUMNS)


def _remove(conn: sqlite3.Connection, docid: int, article_json: str) -> None:
    # An FTS5 index with external content forgets a row given the values it indexed.
    table = shard_of(docid).table
    conn.execute(
        f"INSERT INTO {table}({table}, rowid, {_COLUMNS}) VALUES ('delete', ?, {_VALUES})",
        (docid, *document(json.loads(article_json))),
    )
    conn.execute("DELETE FROM search_docs WHERE docid = ?", (docid,))


def _add(
    conn: sqlite3.Connection, url: str, version: int, captured_at: str, article_json: str
) -> None:
    data = json.loads(article_json)
    published = data.get("date_published")
    moment = published_us(published)
    docid = _free_docid(conn, moment)
    conn.execute(
        "INSERT INTO search_docs (docid, canonical_url, version, captured_at, site, "
        "date_published, published_us, site_facet, category_facet, category, authors, title) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (docid, url, version, captured_at, data.get("site") or "", published, moment,
         facet(data.get("site")), facet(data.get("category")), data.get("category") or None,
         _names(data.get("authors")), data.get("title")),
    )  # fmt: skip
    conn.execute(
        f"INSERT INTO {_shard_for(conn, docid)}(rowid, {_COLUMNS}) VALUES (?, {_VALUES})",
        (docid, *document(data)),
    )


def _names(authors: Any) -> str:
    """The authors of an Article as ``search_docs`` holds them: a JSON list of its names,
    the empty ones left out."""
    return json.dumps([str(name) for name in authors or () if name], ensure_ascii=False)


def _free_docid(conn: sqlite3.Connection, moment: int | None) -> int:
    """The next docid of the publication second of ``moment`` (:data:`DOCIDS_PER_SECOND`);
    the next unordered one when it has none left, or none (:data:`UNORDERED`)."""
    if moment is not None and moment >= 0:
        first = moment // _SECOND_US * DOCIDS_PER_SECOND
        (last,) = conn.execute(
            "SELECT max(docid) FROM search_docs WHERE docid BETWEEN ? AND ?",
            (first, first + DOCIDS_PER_SECOND - 1),
        ).fetchone()
        if last is None:
            return first
        if last < first + DOCIDS_PER_SECOND - 1:
            return int(last) + 1
    (lowest,) = conn.execute("SELECT min(docid) FROM search_docs WHERE docid < 0").fetchone()
    return -1 if lowest is None else int(lowest) - 1


def dated_docids(start_us: int | None, end_us: int | None) -> tuple[int, int]:
    """The ordered docids of the Articles published from ``start_us`` to before ``end_us``
    (UTC microseconds; None: no bound), whole seconds: a range holding every one of them
    but the unordered (negative) ones."""
    low = 0 if start_us is None else max(start_us // _SECOND_US * DOCIDS_PER_SECOND, 0)
    if end_us is None:
        return low, _HIGHEST
    return low, ((end_us - 1) // _SECOND_US + 1) * DOCIDS_PER_SECOND - 1


def refresh(conn: sqlite3.Connection, canonical_url: str) -> None:
    """The article's entry made its current version (gone when none stands), in the
    caller's transaction; nothing when the database has no index of this layout (an older
    one is rebuilt by the next search, :mod:`jambicrawl.research.collection`)."""
    if not has_index(conn):
        return
    indexed = conn.execute(
        "SELECT d.docid, d.version, v.article_json FROM search_docs d JOIN article_versions v "
        "ON v.canonical_url = d.canonical_url AND v.version = d.version "
        "WHERE d.canonical_url = ?",
        (canonical_url,),
    ).fetchone()
    current = conn.execute(
        "SELECT v.version, v.captured_at, v.article_json FROM articles a "
        "JOIN article_versions v ON v.canonical_url = a.canonical_url "
        "AND v.version = a.current_version WHERE a.canonical_url = ?",
        (canonical_url,),
    ).fetchone()
    if indexed and current and indexed[1] == current[0]:
        return
    if indexed:
        _remove(conn, indexed[0], indexed[2])
    if current:
        _add(conn, canonical_url, *current)


def rebuild(conn: sqlite3.Connection) -> int:
    """The index made anew from every article's current version, in one transaction;
    returns how many Articles it holds."""
    with conn:
        drop(conn)
        create(conn)
        rows = conn.execute(
            "SELECT a.canonical_url, v.version, v.captured_at, v.article_json FROM articles a "
            "JOIN article_versions v ON v.canonical_url = a.canonical_url "
            "AND v.version = a.current_version ORDER BY a.rowid"
        )
        count = 0
        for row in rows:
            _add(conn, *row)
            count += 1
        for shard in shards(conn):
            conn.execute(f"INSERT INTO {shard.table}({shard.table}) VALUES ('optimize')")
    return count
