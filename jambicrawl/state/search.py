"""The full-text index of the state database: the current version of every Article, kept
current by the store itself (:class:`jambicrawl.state.articles.ArticleStore` calls
:func:`refresh` in the transaction that changes an article's current version).

``search_docs`` holds one row per indexed Article (its canonical URL, the version indexed,
site and date, and the publication time as UTC microseconds, :func:`published_us`); its
docid, the rowid in the index too, follows the publication time (:data:`DOCIDS_PER_SECOND`)
so that a date window is a range of rowids FTS5 seeks to. ``search_index`` is an FTS5 table
over the stemmed words of its title, subtitle, body, authors and tags
(:mod:`jambicrawl.normalize.stemming`). The site and category are filters on
``search_docs`` (their folded words, :func:`facet`), not words of the index: BM25 reads the
frequency of every phrase of a query in the whole index, and a facet's phrase would cost
each query that read over every Article of the site. Its ``category`` and ``authors`` (a
JSON list) are the Article's as written, for the counts of ``browse``'s facets
(:mod:`jambicrawl.research.facets`): read there, the stored Article's JSON would be parsed
once per match.
Its content is the view ``search_text``, which reads the original text from the stored
Article: the index holds stems, its snippets show the words as written (one stem per word,
in the same place). A held-back version never enters the index.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from jambicrawl.normalize.dates import parse_stored
from jambicrawl.normalize.stemming import ANALYZER, WORD, analyze, fold

#: The indexed columns, in order.
TEXT_COLUMNS = ("title", "subtitle", "body", "authors", "tags")
#: BM25 weights of :data:`TEXT_COLUMNS`: a word in the title counts most.
RANK = "bm25(10.0, 4.0, 1.0, 3.0, 3.0)"

#: The layout of the index's tables: an index of another layout (or analysis) is rebuilt.
LAYOUT = 5
#: What ``search_meta`` says of an index this code reads; any other is rebuilt.
VERSION = f"{ANALYZER}/layout-{LAYOUT}"

#: ``date_published`` as the store writes it (:func:`jambicrawl.normalize.dates.iso`).
_STORED_FORM = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_SECOND_US = 1_000_000
#: An Article's docid is its UTC publication second times this, plus a count among those
#: of the same second: docids run in publication order, so a date window is a range of
#: rowids the index seeks to. An undated Article's docid is below this (second 0).
DOCIDS_PER_SECOND = 1 << 24

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
    authors TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIEW IF NOT EXISTS search_text AS SELECT d.docid AS docid,
    {", ".join(f"{_text_expression(c)} AS {c}" for c in TEXT_COLUMNS)}
    FROM search_docs d JOIN article_versions v
    ON v.canonical_url = d.canonical_url AND v.version = d.version;
CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5(
    {", ".join(TEXT_COLUMNS)},
    content='search_text', content_rowid='docid',
    tokenize='unicode61 remove_diacritics 2'
);
"""


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


def has_index(conn: sqlite3.Connection) -> bool:
    """True when the database has an index of this layout, built by this analysis: the
    store keeps only such an index current, and a search rebuilds any other."""
    try:
        row = conn.execute("SELECT value FROM search_meta WHERE key = 'analyzer'").fetchone()
    except sqlite3.OperationalError:  # no such table: an older database
        return False
    return bool(row) and row[0] == VERSION


def create(conn: sqlite3.Connection) -> None:
    """An empty index (in the caller's transaction)."""
    for statement in _SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO search_index(search_index, rank) VALUES ('rank', ?)", (RANK,))
    conn.execute("INSERT OR REPLACE INTO search_meta VALUES ('analyzer', ?)", (VERSION,))


_VALUES = ", ".join("?" * len(TEXT_COLUMNS))
_COLUMNS = ", ".join(TEXT_COLUMNS)


def _remove(conn: sqlite3.Connection, docid: int, article_json: str) -> None:
    # An FTS5 index with external content forgets a row given the values it indexed.
    conn.execute(
        f"INSERT INTO search_index(search_index, rowid, {_COLUMNS}) "
        f"VALUES ('delete', ?, {_VALUES})",
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
        "date_published, published_us, site_facet, category_facet, category, authors) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (docid, url, version, captured_at, data.get("site") or "", published, moment,
         facet(data.get("site")), facet(data.get("category")), data.get("category") or None,
         _names(data.get("authors"))),
    )  # fmt: skip
    conn.execute(
        f"INSERT INTO search_index(rowid, {_COLUMNS}) VALUES (?, {_VALUES})",
        (docid, *document(data)),
    )


def _names(authors: Any) -> str:
    """The authors of an Article as ``search_docs`` holds them: a JSON list of its names,
    the empty ones left out."""
    return json.dumps([str(name) for name in authors or () if name], ensure_ascii=False)


def _free_docid(conn: sqlite3.Connection, moment: int | None) -> int:
    """The next docid of the publication second of ``moment`` (:data:`DOCIDS_PER_SECOND`)."""
    first = 0 if moment is None else moment // _SECOND_US * DOCIDS_PER_SECOND
    (last,) = conn.execute(
        "SELECT max(docid) FROM search_docs WHERE docid BETWEEN ? AND ?",
        (first, first + DOCIDS_PER_SECOND - 1),
    ).fetchone()
    return first if last is None else int(last) + 1


def dated_docids(start_us: int | None, end_us: int | None) -> tuple[int, int]:
    """The docids of the dated Articles published from ``start_us`` to before ``end_us``
    (UTC microseconds; None: no bound), whole seconds: a range holding every one of them."""
    low = DOCIDS_PER_SECOND if start_us is None else start_us // _SECOND_US * DOCIDS_PER_SECOND
    if end_us is None:
        return max(low, DOCIDS_PER_SECOND), 2**63 - 1
    return max(low, DOCIDS_PER_SECOND), ((end_us - 1) // _SECOND_US + 1) * DOCIDS_PER_SECOND - 1


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
        for name in ("search_index", "search_text", "search_docs", "search_meta"):
            kind = "VIEW" if name == "search_text" else "TABLE"
            conn.execute(f"DROP {kind} IF EXISTS {name}")
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
        conn.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
    return count
