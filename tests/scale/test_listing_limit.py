"""``JAMBICRAWL_LISTING_MAX_PAGES`` and ``--max-articles`` in a crawl shared through Redis bound
the listing pages and the articles of the whole crawl, whichever worker queues them (a real
redis-server)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from jambicrawl.scale.connection import client
from jambicrawl.scale.membership import (
    CLAIMED_BEFORE,
    OVER_LIMIT,
    QUEUED,
    SiteCrawl,
)
from tests.scale.redis_process import RedisProcess

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

LIMIT = 3


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisProcess]:
    process = RedisProcess.start(tmp_path / "redis")
    yield process
    process.stop()


def _worker(server: RedisProcess) -> SiteCrawl:
    membership = SiteCrawl(client(server.url), "jambiekspres", timeout=60)
    membership.join(resume=False)
    return membership


def _listing(membership: SiteCrawl, page: int) -> int:
    url = f"https://jambiekspres.disway.id/kategori/jambi/{page}"
    return membership.push(url.encode(), 0, url, limit=("listing_pages", LIMIT))


def test_workers_share_one_listing_page_limit(server: RedisProcess) -> None:
    first, second = _worker(server), _worker(server)
    assert first.crawl_id == second.crawl_id
    outcomes = [_listing(worker, page) for page in range(1, 7) for worker in (first, second)]
    # Pages 1 to 3, each claimed by the worker that came first: the other's is a repeat.
    assert outcomes[:6] == [QUEUED, CLAIMED_BEFORE] * 3
    assert set(outcomes[6:]) == {OVER_LIMIT}
    assert first.pending() == LIMIT
    # Other requests are not listing pages: no limit.
    article = b"https://jambiekspres.disway.id/read/1/judul"
    assert first.push(article, 0, article.decode()) == QUEUED


def test_a_page_over_the_limit_is_not_claimed(server: RedisProcess) -> None:
    worker = _worker(server)
    for page in range(1, LIMIT + 2):
        _listing(worker, page)
    # Refused, not claimed: a new crawl (every worker gone) may queue it.
    assert not worker.server.sismember(
        worker.seen_key, f"https://jambiekspres.disway.id/kategori/jambi/{LIMIT + 1}"
    )
    while worker.take() is not None:
        pass
    worker.forget_taken()
    assert worker.leave()
    again = _worker(server)
    assert _listing(again, LIMIT + 1) == QUEUED


def test_articles_have_a_limit_of_their_own(server: RedisProcess) -> None:
    first, second = _worker(server), _worker(server)
    articles = [f"https://jambiekspres.disway.id/read/{n}/judul" for n in range(1, 6)]
    outcomes = [
        worker.push(url.encode(), 0, url, limit=("articles", 2))
        for url, worker in zip(articles, (first, second) * 3, strict=False)
    ]
    assert outcomes == [QUEUED, QUEUED, OVER_LIMIT, OVER_LIMIT, OVER_LIMIT]
    # The listing pages' count is another.
    assert [_listing(first, page) for page in (1, 2)] == [QUEUED, QUEUED]
    # A failed article frees its place.
    first.uncount("articles")
    assert first.push(articles[4].encode(), 0, articles[4], limit=("articles", 2)) == QUEUED
