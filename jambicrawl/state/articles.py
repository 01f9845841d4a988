"""The article table of the state database: every article seen, and each of its versions.

A re-crawl asks this table which articles are known, so it fetches only new ones; an
article whose content changed is stored as a new version, never overwritten.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pkgutil import resolve_name
from typing import TYPE_CHECKING, Any, Literal, Protocol

from jambicrawl import settings as defaults
from jambicrawl.items import article_json
from jambicrawl.state import search
from jambicrawl.state.database import connect, table_columns, utc_now
from jambicrawl.state.paths import STATE_FILE

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Iterator
    from pathlib import Path

    from scrapy.settings import BaseSettings

    from jambicrawl.items import Article

__all__ = ["STATE_FILE", "ArticleState", "ArticleStore", "KnownArticle", "content_hash"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    canonical_url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    versions INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS article_versions (
    canonical_url TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    captured_at TEXT NOT NULL,
    job_id TEXT NOT NULL,
    site TEXT NOT NULL,
    date_published TEXT,
    article_json TEXT NOT NULL,
    PRIMARY KEY (canonical_url, version)
);
CREATE INDEX IF NOT EXISTS article_versions_site ON article_versions (site, date_published);
CREATE INDEX IF NOT EXISTS article_versions_job ON article_versions (job_id);
"""

#: Columns added since the first schema, with what fills them in an older database: the
#: version guard's. ``articles.current_version`` is the version that stands for the article
#: (0: none yet, all its versions were held back); ``article_versions.held_back`` names what
#: held a version back from becoming current (NULL: it was not).
_ADDED_COLUMNS = (
    ("articles", "current_version", "INTEGER NOT NULL DEFAULT 0", "versions"),
    ("article_versions", "held_back", "TEXT", None),
)
#: Columns renamed since the first schema: table, old name, new name, and the index on the
#: old name that the new schema's own index replaces. ``article_versions.job_id`` holds the
#: job that stored the version (``SITE-CRAWLID``), not a crawl's id.
_RENAMED_COLUMNS = (("article_versions", "crawl_id", "job_id", "article_versions_crawl"),)

#: Fields whose change makes a new version (not the fetch URL or where it was archived).
_CONTENT_FIELDS = (
    "title", "subtitle", "date_published", "date_modified", "authors", "editors",
    "category", "tags", "body", "images",
)  # fmt: skip

#: ``held``: a new version stored but held back by the version guard.
Outcome = Literal["new", "changed", "unchanged", "held"]


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of an article's content fields (``data`` as :meth:`Article.to_dict` gives)."""
    content = {k: data[k] for k in _CONTENT_FIELDS}
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True, slots=True)
class KnownArticle:
    canonical_url: str
    last_seen: str
    versions: int


def create_tables(conn: sqlite3.Connection) -> None:
    """The article tables, when the database has none yet, and the columns added since; a
    new database gets its search index too (an older one is indexed by its first search).

    All of it under one write lock, every question asked again under it: the processes of a
    crawl (its workers, the pipeline and the spider of each) open a new archive's database
    at the same moment, and two that both found a column missing would both add it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        new = "articles" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        _rename_columns(conn)  # before the schema's indexes, which name the new columns
        for statement in _SCHEMA.split(";\n"):
            if statement.strip():
                conn.execute(statement)
        if new:
            search.create(conn)
        for table, column, declaration, filled_from in _ADDED_COLUMNS:
            if column in table_columns(conn, table):
                continue
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
            if filled_from:  # before the guard, the latest version was the current one
                conn.execute(f"UPDATE {table} SET {column} = {filled_from}")
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _rename_columns(conn: sqlite3.Connection) -> None:
    """Older column names to their new ones (in the caller's transaction)."""
    for table, old, new, old_index in _RENAMED_COLUMNS:
        if old in table_columns(conn, table):
            conn.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")
            conn.execute(f"DROP INDEX IF EXISTS {old_index}")


def schema_current(conn: sqlite3.Connection) -> bool:
    """Whether the article tables have every column the schema names (an older database
    lacks some until :func:`create_tables` migrates it)."""
    columns = {table: table_columns(conn, table) for table in ("articles", "article_versions")}
    added = all(column in columns[table] for table, column, _, _ in _ADDED_COLUMNS)
    return added and all(new in columns[table] for table, _, new, _ in _RENAMED_COLUMNS)


class ArticleState(Protocol):
    """Which articles are stored, and storing one: the state database (:class:`ArticleStore`)
    or, in a shared crawl, another store in front of it (``JAMBICRAWL_ARTICLE_STATE``)."""

    def known(self, canonical_url: str) -> KnownArticle | None: ...
    def record(self, article: Article, job_id: str, *, held_back: bool = False) -> Outcome: ...
    def close(self) -> None: ...


def article_state(settings: BaseSettings, local: ArticleStore) -> ArticleState:
    """The article state ``JAMBICRAWL_ARTICLE_STATE`` names, over the worker's ``local``
    database (the database itself unless the crawl is shared)."""
    factory = resolve_name(
        str(settings.get("JAMBICRAWL_ARTICLE_STATE") or defaults.JAMBICRAWL_ARTICLE_STATE)
    )
    state: ArticleState = factory(local, settings)
    return state


def local_article_state(local: ArticleStore, settings: BaseSettings) -> ArticleState:
    """The state database alone: a crawl on its own."""
    return local


class ArticleStore:
    """Articles seen, by canonical URL. Use from one thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = connect(path)
        create_tables(self._conn)

    def close(self) -> None:
        self._conn.close()

    def known(self, canonical_url: str) -> KnownArticle | None:
        """The article, when it has a current version: one whose every version was held
        back is fetched again, until a good one comes."""
        row = self._conn.execute(
            "SELECT canonical_url, last_seen, versions FROM articles "
            "WHERE canonical_url = ? AND current_version > 0",
            (canonical_url,),
        ).fetchone()
        return KnownArticle(*row) if row else None

    def current(self, canonical_url: str) -> Article | None:
        """The article's current version (None: not stored, or no version stands)."""
        from jambicrawl.items import Article

        row = self._conn.execute(
            "SELECT v.article_json FROM articles a JOIN article_versions v "
            "ON v.canonical_url = a.canonical_url AND v.version = a.current_version "
            "WHERE a.canonical_url = ?",
            (canonical_url,),
        ).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def record(
        self,
        article: Article,
        job_id: str,
        captured_at: str | None = None,
        *,
        version: int | None = None,
        held_back: bool = False,
    ) -> Outcome:
        """Store ``article``: a new article, a new version of a changed one, or only a
        later ``last_seen`` for an unchanged one. ``version``: the number a shared crawl
        gave it (a shared crawl's article state), instead of the next in this database.
        ``held_back``: the version guard found it worse (its flags say why): stored, and the
        current version stays (:mod:`jambicrawl.pipelines.guard`)."""
        seen = captured_at or utc_now()
        data = article.to_dict()
        digest = content_hash(data)
        key = article.canonical_url
        row = self._conn.execute(
            "SELECT a.content_hash, a.versions, a.current_version, v.content_hash "
            "FROM articles a LEFT JOIN article_versions v "
            "ON v.canonical_url = a.canonical_url AND v.version = a.current_version "
            "WHERE a.canonical_url = ?",
            (key,),
        ).fetchone()
        with self._conn:
            if row is not None and digest in (row[0], row[3]):
                # The latest version again, or the current one back after a held one.
                self._conn.execute(
                    "UPDATE articles SET last_seen = ?, content_hash = ? WHERE canonical_url = ?",
                    (seen, digest, key),
                )
                return "unchanged" if digest == row[3] else "held"
            version = version or (1 if row is None else row[1] + 1)
            reason = ",".join(article.flags) if held_back else None
            self._conn.execute(
                "INSERT INTO article_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, version, digest, seen, job_id, article.site, article.date_published,
                 article_json(data), reason),
            )  # fmt: skip
            current = 0 if held_back else version
            if row is None:
                self._conn.execute(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key, article.site, seen, seen, digest, version, current),
                )
            else:
                self._conn.execute(
                    "UPDATE articles SET last_seen = ?, content_hash = ?, versions = ?, "
                    "current_version = ? WHERE canonical_url = ?",
                    (seen, digest, version, current or row[2], key),
                )
            if held_back:
                return "held"
            search.refresh(self._conn, key)  # the new current version replaces the entry
            return "new" if row is None else "changed"

    def latest_version(self, canonical_url: str) -> int:
        """The number of the article's latest version (0: not stored)."""
        row = self._conn.execute(
            "SELECT versions FROM articles WHERE canonical_url = ?", (canonical_url,)
        ).fetchone()
        return int(row[0]) if row else 0

    def flag(self, canonical_url: str, version: int, flags: list[str], *, hold: bool) -> bool:
        """Add ``flags`` to a version stored earlier in the crawl, once the crawl shows it
        doubtful (its body or title shared by many articles); ``hold``: hold it back too,
        the article's current version becoming the latest earlier one not held back.
        False when that version is not stored here."""
        from jambicrawl.items import Article

        row = self._conn.execute(
            "SELECT article_json FROM article_versions WHERE canonical_url = ? AND version = ?",
            (canonical_url, version),
        ).fetchone()
        if row is None:
            return False
        article = Article.from_dict(json.loads(row[0]))
        article.flags = sorted({*article.flags, *flags, *(["held_back"] if hold else [])})
        with self._conn:
            self._conn.execute(
                "UPDATE article_versions SET article_json = ? WHERE canonical_url = ? "
                "AND version = ?",
                (article.to_json(), canonical_url, version),
            )
            if not hold:
                return True
            self._conn.execute(
                "UPDATE article_versions SET held_back = ? WHERE canonical_url = ? AND version = ?",
                (",".join(article.flags), canonical_url, version),
            )
            earlier = self._conn.execute(
                "SELECT MAX(version) FROM article_versions WHERE canonical_url = ? "
                "AND version < ? AND held_back IS NULL",
                (canonical_url, version),
            ).fetchone()[0]
            self._conn.execute(
                "UPDATE articles SET current_version = ? "
                "WHERE canonical_url = ? AND current_version = ?",
                (earlier or 0, canonical_url, version),
            )
            search.refresh(self._conn, canonical_url)  # back to the current one, or none
        return True

    def touch(self, canonical_url: str, seen: str | None = None) -> bool:
        """A later ``last_seen`` for an article the site says is not modified (a 304);
        False when the article is not stored."""
        with self._conn:
            cursor = self._conn.execute(
                "UPDATE articles SET last_seen = ? WHERE canonical_url = ?",
                (seen or utc_now(), canonical_url),
            )
        return cursor.rowcount > 0

    def versions(self, canonical_url: str) -> list[Article]:
        from jambicrawl.items import Article

        rows = self._conn.execute(
            "SELECT article_json FROM article_versions WHERE canonical_url = ? ORDER BY version",
            (canonical_url,),
        ).fetchall()
        return [Article.from_dict(json.loads(r[0])) for r in rows]

    def job_versions(self, job_id: str) -> Iterator[str]:
        """The Article JSON of every version one job stored and did not hold back, in the
        order it stored them."""
        query = (
            "SELECT article_json FROM article_versions "
            "WHERE job_id = ? AND held_back IS NULL ORDER BY rowid"
        )
        for (data,) in self._conn.execute(query, (job_id,)):
            yield str(data)

    def jobs(self, site: str) -> list[str]:
        """The jobs (job ids) that stored versions of ``site``'s articles."""
        query = "SELECT DISTINCT job_id FROM article_versions WHERE site = ?"
        return [str(row[0]) for row in self._conn.execute(query, (site,))]

    def count(self, site: str | None = None) -> int:
        if site is None:
            return int(self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        query = "SELECT COUNT(*) FROM articles WHERE site = ?"
        return int(self._conn.execute(query, (site,)).fetchone()[0])
