"""The article table of the state database: every article seen, and each of its versions.

A re-crawl asks this table which articles are known, so it fetches only new ones; an
article whose content changed is stored as a new version, never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from jambicrawl.items import article_json
from jambicrawl.state.paths import STATE_FILE

if TYPE_CHECKING:
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
    crawl_id TEXT NOT NULL,
    site TEXT NOT NULL,
    date_published TEXT,
    article_json TEXT NOT NULL,
    PRIMARY KEY (canonical_url, version)
);
CREATE INDEX IF NOT EXISTS article_versions_site ON article_versions (site, date_published);
CREATE INDEX IF NOT EXISTS article_versions_crawl ON article_versions (crawl_id);
"""

#: Fields whose change makes a new version (not the fetch URL or where it was archived).
_CONTENT_FIELDS = (
    "title", "subtitle", "date_published", "date_modified", "authors", "editors",
    "category", "tags", "body", "images",
)  # fmt: skip

Outcome = Literal["new", "changed", "unchanged"]


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of an article's content fields (``data`` as :meth:`Article.to_dict` gives)."""
    content = {k: data[k] for k in _CONTENT_FIELDS}
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class KnownArticle:
    canonical_url: str
    last_seen: str
    versions: int


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the state database, created if missing (WAL: the WARC writer's
    thread writes the same file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def create_tables(conn: sqlite3.Connection) -> None:
    """The article tables, when the database has none yet."""
    conn.executescript(_SCHEMA)


class ArticleState(Protocol):
    """Which articles are stored, and storing one: the state database (:class:`ArticleStore`)
    or, in a shared crawl, Redis in front of it (:mod:`jambicrawl.scale.articles`)."""

    def known(self, canonical_url: str) -> KnownArticle | None: ...
    def record(self, article: Article, crawl_id: str) -> Outcome: ...
    def close(self) -> None: ...


def article_state(settings: BaseSettings, local: ArticleStore) -> ArticleState:
    """``local``, or with ``JAMBICRAWL_REDIS_URL`` the state shared by every worker."""
    url = settings.get("JAMBICRAWL_REDIS_URL")
    if not url:
        return local
    from jambicrawl.scale.articles import SharedArticles  # Only shared crawls need Redis.

    return SharedArticles(local, str(url))


class ArticleStore:
    """Articles seen, by canonical URL. Use from one thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = connect(path)
        create_tables(self._conn)

    def close(self) -> None:
        self._conn.close()

    def known(self, canonical_url: str) -> KnownArticle | None:
        row = self._conn.execute(
            "SELECT canonical_url, last_seen, versions FROM articles WHERE canonical_url = ?",
            (canonical_url,),
        ).fetchone()
        return KnownArticle(*row) if row else None

    def record(
        self,
        article: Article,
        crawl_id: str,
        captured_at: str | None = None,
        *,
        version: int | None = None,
    ) -> Outcome:
        """Store ``article``: a new article, a new version of a changed one, or only a
        later ``last_seen`` for an unchanged one. ``version``: the number a shared crawl
        gave it (:mod:`jambicrawl.scale.articles`), instead of the next in this database."""
        seen = captured_at or utc_now()
        data = article.to_dict()
        digest = content_hash(data)
        key = article.canonical_url
        row = self._conn.execute(
            "SELECT content_hash, versions FROM articles WHERE canonical_url = ?", (key,)
        ).fetchone()
        with self._conn:
            if row is not None and row[0] == digest:
                self._conn.execute(
                    "UPDATE articles SET last_seen = ? WHERE canonical_url = ?", (seen, key)
                )
                return "unchanged"
            version = version or (1 if row is None else row[1] + 1)
            self._conn.execute(
                "INSERT INTO article_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (key, version, digest, seen, crawl_id, article.site, article.date_published,
                 article_json(data)),
            )  # fmt: skip
            if row is None:
                self._conn.execute(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                    (key, article.site, seen, seen, digest, version),
                )
                return "new"
            self._conn.execute(
                "UPDATE articles SET last_seen = ?, content_hash = ?, versions = ? "
                "WHERE canonical_url = ?",
                (seen, digest, version, key),
            )
            return "changed"

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

    def job_versions(self, crawl_id: str) -> Iterator[str]:
        """The Article JSON of every version one job stored, in the order it stored them."""
        query = "SELECT article_json FROM article_versions WHERE crawl_id = ? ORDER BY rowid"
        for (data,) in self._conn.execute(query, (crawl_id,)):
            yield str(data)

    def jobs(self, site: str) -> list[str]:
        """The jobs (crawl ids) that stored versions of ``site``'s articles."""
        query = "SELECT DISTINCT crawl_id FROM article_versions WHERE site = ?"
        return [str(row[0]) for row in self._conn.execute(query, (site,))]

    def count(self, site: str | None = None) -> int:
        if site is None:
            return int(self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        query = "SELECT COUNT(*) FROM articles WHERE site = ?"
        return int(self._conn.execute(query, (site,)).fetchone()[0])
