"""A crash-safe disk queue for Scrapy's scheduler: SQLite, one transaction per push and pop.

Scrapy's own disk queues (queuelib) keep their size in a header written when the queue is
closed, and the scheduler lists its queues in ``active.json``, also written at close: a
crawl killed at the wrong instant leaves an empty or torn queue file that the next
``--resume`` cannot read, or queues nobody lists. Here every queue of a job lives in one
SQLite database (``JOBDIR/requests.queue/frontier.sqlite3``) in WAL mode: a push or pop is
committed or not, whatever the instant of a SIGKILL, and the database itself says which
queues hold requests. A database that cannot be read (a disk fault, a truncated copy) is
set aside with one warning and the crawl starts with an empty frontier: the spider reads
its discovery documents again on ``--resume``, and the state database knows what is stored.

Settings (jambicrawl/settings.py): ``SCHEDULER_DISK_QUEUE`` and
``SCHEDULER_START_DISK_QUEUE`` name :class:`LifoSqliteQueue` and :class:`FifoSqliteQueue`,
``SCHEDULER_PRIORITY_QUEUE`` names :class:`SqlitePriorityQueue`.
"""

from __future__ import annotations

import logging
import pickle
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.pqueues import ScrapyPriorityQueue
from scrapy.utils.request import request_from_dict

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: The database of one job's queues, in the scheduler's queue folder.
FRONTIER_FILE = "frontier.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    queue TEXT NOT NULL,
    request BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_queue ON requests (queue, id);
"""


class FrontierDatabase:
    """The queues of one job folder. Shared by its queue objects (one per priority), used
    from the reactor thread only."""

    _open: ClassVar[dict[Path, FrontierDatabase]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        self.users = 0
        self.conn = self._connect()

    @classmethod
    def of(cls, folder: Path) -> FrontierDatabase:
        """The database of ``folder``, opened once however many queues use it."""
        path = (folder / FRONTIER_FILE).resolve()
        with cls._lock:
            database = cls._open.get(path)
            if database is None:
                database = cls._open[path] = cls(path)
            database.users += 1
            return database

    def release(self) -> None:
        with self._lock:
            self.users -= 1
            if self.users == 0:
                self._open.pop(self.path, None)
                self.conn.close()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._open_checked()
        except sqlite3.DatabaseError as exc:
            # A damaged queue must never stop a crawl: what it held is found again by
            # discovery, and articles already stored are not fetched again.
            aside = self.path.with_name(self.path.name + ".damaged")
            logger.warning(
                "frontier %s unreadable (%s): set aside as %s, starting with an empty queue "
                "(discovery finds its requests again)",
                self.path,
                exc,
                aside.name,
            )
            for suffix in ("", "-wal", "-shm"):
                damaged = Path(f"{self.path}{suffix}")
                if damaged.exists():
                    damaged.replace(f"{aside}{suffix}")
            return self._open_checked()

    def _open_checked(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # A committed push survives a killed process (the WAL is in the page cache);
            # only a power cut can lose the last ones, never the database's consistency.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
            # The full check: a torn file can pass the quick one and fail on a later read.
            (verdict,) = conn.execute("PRAGMA integrity_check(1)").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"integrity check: {verdict}")
        except BaseException:
            conn.close()
            raise
        return conn

    def queues(self) -> list[str]:
        """Names of the queues holding requests."""
        return [row[0] for row in self.conn.execute("SELECT DISTINCT queue FROM requests")]

    def push(self, queue: str, data: bytes) -> None:
        self.conn.execute("INSERT INTO requests (queue, request) VALUES (?, ?)", (queue, data))

    def pop(self, queue: str, newest: bool) -> bytes | None:
        order = "DESC" if newest else "ASC"
        rows = self.conn.execute(
            f"DELETE FROM requests WHERE id = (SELECT id FROM requests WHERE queue = ? "
            f"ORDER BY id {order} LIMIT 1) RETURNING request",
            (queue,),
        ).fetchall()  # to the end: the statement, and so its transaction, is finished
        return bytes(rows[0][0]) if rows else None

    def peek(self, queue: str, newest: bool) -> bytes | None:
        order = "DESC" if newest else "ASC"
        row = self.conn.execute(
            f"SELECT request FROM requests WHERE queue = ? ORDER BY id {order} LIMIT 1", (queue,)
        ).fetchone()
        return None if row is None else bytes(row[0])

    def count(self, queue: str) -> int:
        query = "SELECT COUNT(*) FROM requests WHERE queue = ?"
        return int(self.conn.execute(query, (queue,)).fetchone()[0])


class SqliteQueue:
    """One of Scrapy's downstream disk queues (one per priority) in the job's database.

    Requests are stored as Scrapy's own dict form (``Request.to_dict``), pickled; one that
    cannot be (a callback that is not a spider method, an unpicklable ``cb_kwargs`` value)
    raises ``ValueError``, which the scheduler counts as ``scheduler/unserializable`` and
    keeps in memory."""

    #: Pop the newest request first (depth first, as Scrapy's default disk queue does).
    newest_first: ClassVar[bool] = True

    def __init__(self, crawler: Crawler, key: str) -> None:
        self.crawler = crawler
        path = Path(key)
        self.name = path.name
        self.db = FrontierDatabase.of(path.parent)
        self._size = self.db.count(self.name)

    @classmethod
    def from_crawler(cls, crawler: Crawler, key: str) -> SqliteQueue:
        return cls(crawler, key)

    def push(self, request: Request) -> None:
        """Save ``request``; ``ValueError`` when it cannot be, and the scheduler keeps it in
        memory instead (the disk failing mid-crawl included)."""
        try:
            data = pickle.dumps(request.to_dict(spider=self.crawler.spider), protocol=4)
            self.db.push(self.name, data)
        except (pickle.PicklingError, AttributeError, TypeError, ValueError) as exc:
            raise ValueError(str(exc)) from exc
        except sqlite3.Error as exc:
            raise ValueError(f"frontier database: {exc}") from exc
        self._size += 1

    def pop(self) -> Request | None:
        while True:
            try:
                data = self.db.pop(self.name, self.newest_first)
            except sqlite3.Error as exc:
                # Lost from the queue, not from the crawl: discovery finds them again.
                logger.error("frontier %s: %s; its requests are dropped", self.db.path, exc)
                self._size = 0
                return None
            if data is None:
                return None
            self._size -= 1
            request = self._request(data)
            if request is not None:
                return request

    def peek(self) -> Request | None:
        data = self.db.peek(self.name, self.newest_first)
        return None if data is None else self._request(data)

    def _request(self, data: bytes) -> Request | None:
        """The request saved as ``data``; None (and a warning) when it cannot be read back,
        for example after the spider's code changed between a crawl and its resume."""
        try:
            return request_from_dict(pickle.loads(data), spider=self.crawler.spider)
        except Exception as exc:
            logger.warning("frontier: a saved request could not be read back (%r), skipped", exc)
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("frontier/unreadable_requests")
            return None

    def close(self) -> None:
        self.db.release()

    def __len__(self) -> int:
        return self._size


class LifoSqliteQueue(SqliteQueue):
    newest_first = True


class FifoSqliteQueue(SqliteQueue):
    newest_first = False


class SqlitePriorityQueue(ScrapyPriorityQueue):
    """Scrapy's priority queue, resuming from the queues the job database holds instead of
    the ``active.json`` Scrapy writes only when a crawl closes cleanly.

    It holds the job database open for its whole life: Scrapy closes a priority's queue
    each time it runs empty and opens it again at the next push, and the last queue closing
    would otherwise close the database (a WAL checkpoint) and the next one reopen it (a full
    integrity check), hundreds of times a crawl."""

    def __init__(
        self,
        crawler: Crawler,
        downstream_queue_cls: type[Any],
        key: str,
        startprios: Iterable[int] = (),
        *,
        start_queue_cls: type[Any] | None = None,
    ) -> None:
        self._database: FrontierDatabase | None = None
        if key and issubclass(downstream_queue_cls, SqliteQueue):
            self._database = FrontierDatabase.of(Path(key))
            names = self._database.queues()
            startprios = sorted({int(name.removesuffix("s")) for name in names})
        super().__init__(
            crawler, downstream_queue_cls, key, startprios, start_queue_cls=start_queue_cls
        )

    def close(self) -> list[int]:
        try:
            return super().close()
        finally:
            if self._database is not None:
                self._database.release()
                self._database = None
