"""The payload digest index: which payloads are archived already, and where.

A response whose payload digest is in the index is written as a ``revisit`` record that points
at the first capture. The index lives in the crawl's SQLite state database, so it carries over
from one crawl to the next.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from pkgutil import resolve_name
from typing import TYPE_CHECKING, Protocol

from jambicrawl import settings as defaults
from jambicrawl.errors import JambicrawlError
from jambicrawl.state.paths import state_db

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.settings import BaseSettings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS warc_digests (
    digest TEXT PRIMARY KEY,
    uri TEXT NOT NULL,
    warc_date TEXT NOT NULL,
    record_id TEXT NOT NULL,
    warc_file TEXT NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class ArchivedPayload:
    """The first capture of a payload."""

    #: ``sha1:`` + base32, as in ``WARC-Payload-Digest``.
    digest: str
    #: ``WARC-Target-URI`` of the response record.
    uri: str
    #: ``WARC-Date`` of the response record.
    warc_date: str
    #: ``WARC-Record-ID`` of the response record, ``<urn:uuid:...>``.
    record_id: str
    #: Name of the WARC file (no folder) that holds the record.
    warc_file: str


def create_digest_table(conn: sqlite3.Connection) -> None:
    """Create the index's table in ``conn``'s database if it has none yet."""
    with conn:
        conn.execute(_SCHEMA)


class DigestIndexError(JambicrawlError):
    """A shared index (one in Redis, say) could not be read or written."""


#: Which payload index a crawl uses, and where: ``(class path, location)``, two strings that
#: the WARC writer process opens the index from (:func:`open_payload_index`).
IndexSpec = tuple[str, str]


def payload_index_spec(settings: BaseSettings) -> IndexSpec:
    """The index ``JAMBICRAWL_PAYLOAD_INDEX`` names, and its location in these settings."""
    name = str(settings.get("JAMBICRAWL_PAYLOAD_INDEX") or defaults.JAMBICRAWL_PAYLOAD_INDEX)
    return name, resolve_name(name).location(settings)


def open_payload_index(spec: IndexSpec) -> PayloadIndex:
    """Open the index of a :data:`IndexSpec`."""
    name, location = spec
    index: PayloadIndex = resolve_name(name).open(location)
    return index


class PayloadIndex(Protocol):
    """What the WARC writer needs of a digest index: this SQLite table, or another named by
    ``JAMBICRAWL_PAYLOAD_INDEX`` (the Redis hash that workers of a shared crawl use)."""

    #: Entries the writer gathers before it adds them (one transaction for SQLite; Redis
    #: takes each at once, so that other workers see a payload as soon as it is written).
    batch_size: int

    def lookup(self, digest: str) -> ArchivedPayload | None: ...
    def add_all(self, payloads: Iterable[ArchivedPayload]) -> None: ...
    def forget_lost_records(self, warc_file: str, kept_ids: Iterable[str]) -> int: ...
    def close(self) -> None: ...


class DigestIndex:
    """The ``warc_digests`` table of the state database.

    The connection is bound to the thread that opened it (sqlite3's own check), so open the
    index in the thread that uses it: the WARC writer's worker.
    """

    batch_size = 200

    @classmethod
    def location(cls, settings: BaseSettings) -> str:
        return str(state_db(settings))

    @classmethod
    def open(cls, location: str) -> DigestIndex:
        return cls(Path(location))

    def __init__(self, path: Path, *, timeout: float = 30.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=timeout)
        # WAL lets the article pipeline read and write the same file while the crawl runs.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        create_digest_table(self._db)

    def lookup(self, digest: str) -> ArchivedPayload | None:
        row = self._db.execute(
            "SELECT digest, uri, warc_date, record_id, warc_file FROM warc_digests"
            " WHERE digest = ?",
            (digest,),
        ).fetchone()
        return None if row is None else ArchivedPayload(*row)

    def add(self, payload: ArchivedPayload) -> None:
        """Remember the first capture of a payload; a later one never replaces it."""
        self.add_all([payload])

    def add_all(self, payloads: Iterable[ArchivedPayload]) -> None:
        """:meth:`add` for several payloads, in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO warc_digests"
                " (digest, uri, warc_date, record_id, warc_file) VALUES (?, ?, ?, ?, ?)",
                [(e.digest, e.uri, e.warc_date, e.record_id, e.warc_file) for e in payloads],
            )

    def forget_lost_records(self, warc_file: str, kept_ids: Iterable[str]) -> int:
        """Drop the indexed payloads of ``warc_file`` whose record was cut off by a repair.

        Returns how many payloads were dropped. Without this, later revisits would point at
        records that no longer exist.
        """
        kept = set(kept_ids)
        rows = self._db.execute(
            "SELECT digest, record_id FROM warc_digests WHERE warc_file = ?", (warc_file,)
        ).fetchall()
        lost = [(digest,) for digest, record_id in rows if record_id not in kept]
        with self._db:
            self._db.executemany("DELETE FROM warc_digests WHERE digest = ?", lost)
        return len(lost)

    def close(self) -> None:
        self._db.close()
