"""The payload digest index of a shared crawl, in Redis: a payload archived by one worker is
a revisit for every other. The revisit record refers to the original's URI and date, which
pywb resolves across all the workers' WARC files of the collection."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

import redis

from jambicrawl.scale.connection import PREFIX, client, redis_url, text
from jambicrawl.state.digests import ArchivedPayload, DigestIndexError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

#: digest -> JSON [uri, warc_date, record_id, warc_file] of the first capture.
DIGESTS_KEY = f"{PREFIX}:digests"


def _file_key(warc_file: str) -> str:
    """The digests whose first capture is in ``warc_file`` (for repairs that cut records)."""
    return f"{PREFIX}:digests:file:{warc_file}"


class RedisDigestIndex:
    """:class:`jambicrawl.state.digests.PayloadIndex` in Redis, shared by every worker."""

    batch_size = 1

    @classmethod
    def location(cls, settings: BaseSettings) -> str:
        return redis_url(settings)

    @classmethod
    def open(cls, location: str) -> RedisDigestIndex:
        return cls(location)

    def __init__(self, url: str) -> None:
        self._server = client(url)
        try:
            self._server.ping()
        except redis.RedisError as exc:
            raise DigestIndexError(f"Redis at {url}: {exc}") from None

    def lookup(self, digest: str) -> ArchivedPayload | None:
        try:
            value = self._server.hget(DIGESTS_KEY, digest)
        except redis.RedisError as exc:
            raise DigestIndexError(str(exc)) from None
        if value is None:
            return None
        uri, warc_date, record_id, warc_file = json.loads(value)
        return ArchivedPayload(digest, uri, warc_date, record_id, warc_file)

    def add_all(self, payloads: Iterable[ArchivedPayload]) -> None:
        """The first capture of each payload; a later one never replaces it (HSETNX)."""
        pipe = self._server.pipeline(transaction=False)
        for e in payloads:
            pipe.hsetnx(DIGESTS_KEY, e.digest, json.dumps([e.uri, e.warc_date, e.record_id,
                                                           e.warc_file]))  # fmt: skip
            pipe.sadd(_file_key(e.warc_file), e.digest)
        try:
            pipe.execute()
        except redis.RedisError as exc:
            raise DigestIndexError(str(exc)) from None

    def forget_lost_records(self, warc_file: str, kept_ids: Iterable[str]) -> int:
        kept = set(kept_ids)
        try:
            lost = []
            for digest in self._server.smembers(_file_key(warc_file)):
                payload = self.lookup(text(digest))
                if (
                    payload is not None
                    and payload.warc_file == warc_file
                    and payload.record_id not in kept
                ):
                    lost.append(digest)
            if lost:
                self._server.hdel(DIGESTS_KEY, *lost)
                self._server.srem(_file_key(warc_file), *lost)
        except (redis.RedisError, DigestIndexError) as exc:
            logger.error(
                "Shared digest index: cut records of %s not forgotten (%s)", warc_file, exc
            )
            return 0
        return len(lost)

    def close(self) -> None:
        self._server.close()
