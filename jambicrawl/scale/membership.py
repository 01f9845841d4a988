"""One site's shared crawl in Redis: which crawl is current, who works on it, what each took.

Keys (``jambicrawl:site:SITE:...``):

- ``crawl``: the id of the current crawl; ``seen``: the URLs requested in it (the spider's
  dedupe, shared); ``requests``: the scrapy-redis queue; ``listing_pages``: how many
  listing pages were queued in it (``JAMBICRAWL_LISTING_MAX_PAGES`` counts the whole crawl's,
  whichever worker follows them); ``articles``: how many article pages (``--max-articles``
  counts the whole crawl's too).
- ``workers``: a sorted set of worker ids, scored by the time (Redis's clock) their
  heartbeat expires; a worker renews it every quarter of ``JAMBICRAWL_REDIS_WORKER_TIMEOUT``.
- ``taken:WORKER``: the requests a worker popped and has not finished, with their scores.

A worker whose heartbeat expired (killed, its machine gone) is dead: the first live worker
to notice puts its taken requests back on the queue, in one script, so each is fetched
again exactly once. A crawl ends when its queue is empty and no worker holds a request; a
worker that starts when no live worker remains begins a new crawl (a new id, an empty
``seen`` set and queue: the sites' discovery documents are read again), unless it resumes.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from jambicrawl.scale.connection import site_key, text

if TYPE_CHECKING:
    import redis

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1e6 "

#: KEYS: crawl, workers, seen, requests, listing pages, articles. ARGV: worker, timeout, new
#: crawl id, resume (0/1).
_JOIN = (
    _NOW
    + """
local crawl = redis.call('GET', KEYS[1])
local live = redis.call('ZCOUNT', KEYS[2], now, '+inf')
if (not crawl) or (live == 0 and ARGV[4] == '0') then
  crawl = ARGV[3]
  redis.call('SET', KEYS[1], crawl)
  redis.call('DEL', KEYS[3], KEYS[4], KEYS[5], KEYS[6])
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
return crawl
"""
)

#: KEYS: workers. ARGV: worker, timeout. 0 when the worker was declared dead meanwhile.
_BEAT = (
    _NOW
    + """
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return 1
"""
)

#: KEYS: requests, taken of the worker, workers. ARGV: worker, only if dead (0/1).
#: Puts the worker's taken requests back on the queue and removes it; -1 if it is alive.
_RELEASE = (
    _NOW
    + """
local expires = redis.call('ZSCORE', KEYS[3], ARGV[1])
if ARGV[2] == '1' and expires and tonumber(expires) >= now then return -1 end
local taken = redis.call('HGETALL', KEYS[2])
for i = 1, #taken, 2 do redis.call('ZADD', KEYS[1], taken[i + 1], taken[i]) end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return #taken / 2
"""
)

#: KEYS: requests, taken of the worker. Pops the request with the lowest score into taken.
_TAKE = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('HSET', KEYS[2], top[1], top[2])
return top[1]
"""

#: KEYS: seen, requests, then the counter of the request's kind (listing pages, articles).
#: ARGV: URL to claim ("": none), score, request, the limit of its kind (0: none). Claims and
#: queues in one step: a worker killed in between cannot leave a URL claimed and never
#: queued. 1: queued; 0: claimed before; -1: over the limit, neither claimed nor queued.
_PUSH = """
if ARGV[1] ~= '' and redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
local limit = tonumber(ARGV[4])
if limit > 0 then
  if tonumber(redis.call('GET', KEYS[3]) or '0') >= limit then return -1 end
  redis.call('INCR', KEYS[3])
end
if ARGV[1] ~= '' then redis.call('SADD', KEYS[1], ARGV[1]) end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

#: What :meth:`SiteCrawl.push` did with a request.
QUEUED, CLAIMED_BEFORE, OVER_LIMIT = 1, 0, -1
#: The kinds of request whose number per crawl is limited, named as their counters' keys.
LIMITED = ("listing_pages", "articles")

#: KEYS: crawl, workers, requests. Ends the crawl when nothing is left to do.
_END_IF_DONE = """
if redis.call('ZCARD', KEYS[2]) == 0 and redis.call('ZCARD', KEYS[3]) == 0 then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
"""


def worker_id(site: str) -> str:
    """Unique per crawler: host, process, site."""
    return f"{socket.gethostname()}:{os.getpid()}:{site}"


class SiteCrawl:
    """One worker's membership of one site's shared crawl."""

    def __init__(self, server: redis.Redis, site: str, timeout: float) -> None:
        self.server, self.site, self.timeout = server, site, timeout
        self.worker = worker_id(site)
        self.crawl_key = site_key(site, "crawl")
        self.workers_key = site_key(site, "workers")
        self.seen_key = site_key(site, "seen")
        self.queue_key = site_key(site, "requests")
        self.counter_keys = {kind: site_key(site, kind) for kind in LIMITED}
        self.crawl_id = ""
        self._join = server.register_script(_JOIN)
        self._beat = server.register_script(_BEAT)
        self._release = server.register_script(_RELEASE)
        self._take = server.register_script(_TAKE)
        self._end = server.register_script(_END_IF_DONE)
        self._push = server.register_script(_PUSH)

    def taken_key(self, worker: str | None = None) -> str:
        return site_key(self.site, "taken", worker or self.worker)

    def join(self, *, resume: bool) -> str:
        """Join the current crawl, or begin one; its id."""
        self.recover_dead()
        new_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        keys = [self.crawl_key, self.workers_key, self.seen_key, self.queue_key]
        keys += [self.counter_keys[kind] for kind in LIMITED]
        crawl = self._join(keys=keys, args=[self.worker, self.timeout, new_id, int(resume)])
        self.crawl_id = text(crawl)
        return self.crawl_id

    def beat(self) -> bool:
        """Renew the heartbeat; False when others declared this worker dead meanwhile (its
        taken requests went back on the queue), after which it is a member again."""
        if self._beat(keys=[self.workers_key], args=[self.worker, self.timeout]):
            return True
        self.server.zadd(self.workers_key, {self.worker: 0})
        self._beat(keys=[self.workers_key], args=[self.worker, self.timeout])
        return False

    def push(
        self, data: bytes, score: float, claim: str = "", limit: tuple[str, int] | None = None
    ) -> int:
        """Queue a request; with ``claim``, only if no worker requested that URL before in
        this crawl (the shared dedupe of the spider, which sets every request's
        ``dont_filter``); with ``limit`` (a kind of :data:`LIMITED`, and a number), only if
        the crawl queued fewer of that kind. :data:`QUEUED`, :data:`CLAIMED_BEFORE` or
        :data:`OVER_LIMIT`."""
        kind, number = limit or (LIMITED[0], 0)
        keys = [self.seen_key, self.queue_key, self.counter_keys[kind]]
        return int(self._push(keys=keys, args=[claim, score, data, number]))

    def uncount(self, kind: str) -> None:
        """One request of ``kind`` (of :data:`LIMITED`) fewer: it failed, and frees its place
        under the limit for one found later."""
        self.server.decr(self.counter_keys[kind])

    def take(self) -> bytes | None:
        """Pop the next request (its serialised form) into this worker's taken requests."""
        data = self._take(keys=[self.queue_key, self.taken_key()])
        return data if isinstance(data, bytes) else None

    def done(self, data: bytes) -> None:
        self.server.hdel(self.taken_key(), data)

    def recover_dead(self) -> int:
        """Put dead workers' taken requests back on the queue; how many."""
        recovered = 0
        for member in self.server.zrangebyscore(self.workers_key, "-inf", "(" + _now(self.server)):
            worker = text(member)
            if worker == self.worker:
                continue
            keys = [self.queue_key, self.taken_key(worker), self.workers_key]
            recovered += max(0, int(self._release(keys=keys, args=[worker, 1])))
        return recovered

    def busy_elsewhere(self) -> bool:
        """Whether another live worker holds a request (which may lead to more)."""
        for member in self.server.zrange(self.workers_key, 0, -1):
            worker = text(member)
            if worker != self.worker and self.server.hlen(self.taken_key(worker)):
                return True
        return False

    def forget_taken(self) -> int:
        """Drop this worker's taken entries: called when its engine is idle, so every
        request it took was handled (an entry left is one whose end no hook saw)."""
        return int(self.server.delete(self.taken_key()))

    def pending(self) -> int:
        return int(self.server.zcard(self.queue_key))

    def leave(self) -> bool:
        """Leave the crawl (what this worker still held goes back on the queue); True when
        that ended the crawl."""
        keys = [self.queue_key, self.taken_key(), self.workers_key]
        self._release(keys=keys, args=[self.worker, 0])
        return bool(self._end(keys=[self.crawl_key, self.workers_key, self.queue_key]))


def _now(server: redis.Redis) -> str:
    seconds, micros = server.time()
    return f"{seconds + micros / 1e6:.6f}"
