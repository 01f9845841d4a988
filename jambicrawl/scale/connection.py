"""The Redis connection of a shared crawl, and the names of its keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

import redis

from jambicrawl.errors import EXIT_FAILURE, JambicrawlError

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

#: Every key of jambicrawl in Redis starts with this, so one Redis can serve other uses too.
PREFIX = "jambicrawl"
#: Redis errors that mean the server is gone (or was never there).
LOST = (redis.ConnectionError, redis.TimeoutError)


class RedisUnavailableError(JambicrawlError):
    """Redis cannot be reached, or was lost: the message is one line for the operator."""

    status = EXIT_FAILURE


def client(url: str) -> redis.Redis:
    """A client for ``url``; connects at its first command. Timeouts are short: a Redis
    that stops answering stops the crawl instead of hanging it."""
    try:
        return redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
    except ValueError as exc:
        raise RedisUnavailableError(f"{url}: not a Redis URL ({exc})") from None


def checked_client(url: str) -> redis.Redis:
    """:func:`client`, after a ``PING`` that raises :class:`RedisUnavailableError` when it fails."""
    server = client(url)
    try:
        server.ping()
    except redis.RedisError as exc:
        raise RedisUnavailableError(f"{url}: cannot reach Redis ({exc})") from None
    return server


def redis_url(settings: BaseSettings) -> str:
    """``JAMBICRAWL_REDIS_URL``: "" when the crawl is not shared."""
    return str(settings.get("JAMBICRAWL_REDIS_URL") or "")


def site_key(site: str, *parts: str) -> str:
    """The key of one of a site's shared structures: ``jambicrawl:site:SITE:PART``."""
    return ":".join((PREFIX, "site", site, *parts))


def text(value: object) -> str:
    """A reply of the binary-safe client (requests are pickles) as text."""
    return value.decode() if isinstance(value, bytes) else str(value)
