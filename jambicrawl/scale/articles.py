"""The "article already stored" state of a shared crawl: Redis says which articles any worker
stored and in which version; each worker's state database keeps the versions it stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.scale.connection import LOST, PREFIX, client, redis_url, text
from jambicrawl.state.articles import KnownArticle, Outcome, content_hash
from jambicrawl.state.database import utc_now

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from jambicrawl.items import Article
    from jambicrawl.state.articles import ArticleStore

#: canonical URL -> "CONTENT_HASH LAST_SEEN VERSIONS": the hash of its current version
#: (``-`` while every version was held back by the version guard), the number of versions.
ARTICLES_KEY = f"{PREFIX}:articles"
_NO_CURRENT = "-"


class SharedArticles:
    """:class:`jambicrawl.state.articles.ArticleState` over Redis and the worker's database.

    A new or changed article is written to the worker's database before Redis hears of it:
    a worker killed in between leaves it stored and unknown to Redis, so at worst another
    worker stores the same version again (same canonical URL and content hash, one version
    in a merged collection), never an article that Redis knows and no database holds."""

    def __init__(self, local: ArticleStore, url: str) -> None:
        self.local = local
        self._server = client(url)

    def _stored(self, canonical_url: str) -> tuple[str, str, int] | None:
        value = self._server.hget(ARTICLES_KEY, canonical_url)
        if value is None:
            return None
        digest, last_seen, versions = text(value).split(" ")
        return digest, last_seen, int(versions)

    def known(self, canonical_url: str) -> KnownArticle | None:
        """None also when Redis is lost: the frontier stops the crawl, fetching nothing."""
        try:
            stored = self._stored(canonical_url)
        except LOST:
            return None
        if stored is None or stored[0] == _NO_CURRENT:
            return None
        return KnownArticle(canonical_url, stored[1], stored[2])

    def record(self, article: Article, job_id: str, *, held_back: bool = False) -> Outcome:
        """With Redis lost, the article is still stored here (the crawl is being stopped)."""
        try:
            return self._record(article, job_id, held_back)
        except LOST:
            return self.local.record(article, job_id, held_back=held_back)

    def _record(self, article: Article, job_id: str, held_back: bool) -> Outcome:
        seen = utc_now()
        digest = content_hash(article.to_dict())
        key = article.canonical_url
        stored = self._stored(key)
        if stored is not None and stored[0] == digest:
            self._server.hset(ARTICLES_KEY, key, f"{digest} {seen} {stored[2]}")
            return "unchanged"
        version = 1 if stored is None else stored[2] + 1
        outcome = self.local.record(article, job_id, seen, version=version, held_back=held_back)
        # A version held back leaves the current one's hash: the crawl that brings it back
        # finds it unchanged.
        current = (stored[0] if stored else _NO_CURRENT) if held_back else digest
        self._server.hset(ARTICLES_KEY, key, f"{current} {seen} {version}")
        if outcome == "held":
            return outcome
        return "new" if stored is None else "changed"

    def close(self) -> None:
        self._server.close()
        self.local.close()


def shared_state(local: ArticleStore, settings: BaseSettings) -> SharedArticles:
    """``JAMBICRAWL_ARTICLE_STATE`` of a shared crawl (set by its add-on)."""
    return SharedArticles(local, redis_url(settings))
