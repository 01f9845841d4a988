"""The ``article_aliases`` table: URLs that redirect permanently to an article.

Listings and sitemaps keep linking an old or short URL of an article (``...-2``, an ID
link). Without this table every crawl fetches it again, archives its 301 and revalidates
the article behind it, only to find the article known; with it, the spider asks for the
article's own URL, which a plain crawl skips as known and ``--refresh`` revalidates once.
Only a 301 or 308 is remembered: a temporary redirect may lead elsewhere next time. An
article found gone (404, 410) loses its aliases, so that the old URLs are followed again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.state.database import connect

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS article_aliases (
    url TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL
);
"""
#: The redirect statuses that say "this URL has moved for good" (RFC 9110, 15.4).
PERMANENT = frozenset({301, 308})
#: The statuses that say an article is not at its URL any more.
GONE = frozenset({404, 410})


class AliasStore:
    """Aliases of articles, by canonical URL. Use from one thread."""

    def __init__(self, path: Path) -> None:
        self._conn = connect(path)
        with self._conn:
            self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        self._conn.close()

    def target(self, url: str) -> str | None:
        """The article ``url`` redirects to for good, None when it is no known alias."""
        row = self._conn.execute(
            "SELECT canonical_url FROM article_aliases WHERE url = ?", (url,)
        ).fetchone()
        return str(row[0]) if row else None

    def remember(self, urls: Iterable[str], target: str) -> None:
        """``urls`` redirected to ``target``; a URL that is ``target`` itself is no alias."""
        rows = [(url, target) for url in urls if url != target]
        if rows:
            with self._conn:
                self._conn.executemany("INSERT OR REPLACE INTO article_aliases VALUES (?, ?)", rows)

    def forget(self, target: str) -> None:
        """The aliases of ``target``, an article found gone."""
        with self._conn:
            self._conn.execute("DELETE FROM article_aliases WHERE canonical_url = ?", (target,))
