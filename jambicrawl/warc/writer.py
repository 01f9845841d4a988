"""Writing exchanges to WARC files: the sink that turns exchanges into records on disk, and the
writer thread that feeds it off the reactor thread.

Digesting, link extraction, gzip and disk writes all happen in the sink. One consumer per sink
keeps the records of a file in the order of its exchanges. A crawl started by ``jambicrawl
crawl`` runs its sinks in a WARC writer process of their own instead
(:mod:`jambicrawl.warc.writer_process`).
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jambicrawl import settings as defaults
from jambicrawl.state.digests import (
    ArchivedPayload,
    DigestIndexError,
    open_payload_index,
)
from jambicrawl.warc.files import RotatingWarcFile
from jambicrawl.warc.outlinks import outlinks
from jambicrawl.warc.records import (
    exchange_records,
    serialize,
    warcinfo_record,
)
from jambicrawl.warc.repair import forget_lost_records, repair_directory

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from concurrent.futures import Future
    from pathlib import Path

    from jambicrawl.state.digests import IndexSpec, PayloadIndex
    from jambicrawl.warc.exchange import Exchange

logger = logging.getLogger(__name__)

#: Exchanges waiting to be written. A full queue makes the crawl wait instead of growing memory.
QUEUE_SIZE = 256
_STOP = None
#: Errors of a digest index that leave the payload written in full.
_INDEX_ERRORS = (sqlite3.Error, DigestIndexError)


@dataclass(frozen=True, slots=True)
class SinkSpec:
    """Where and how one crawler's exchanges are written (picklable: the WARC writer
    process gets it from a crawl worker)."""

    directory: Path
    prefix: str
    max_size: int
    warcinfo_fields: Mapping[str, str]
    #: The state database that holds the payload digest index.
    state_db: Path
    #: ``WARC_OUTLINKS``: a metadata record (via, hops, fetch time, outlinks) per response.
    outlinks: bool = False
    #: ``WARC_NOT_MODIFIED_REQUESTS``: a request record beside each 304's revisit.
    not_modified_requests: bool = False
    #: The payload digest index (``JAMBICRAWL_PAYLOAD_INDEX``); None: ``state_db``'s.
    payload_index: IndexSpec | None = None

    @property
    def index(self) -> IndexSpec:
        return self.payload_index or (defaults.JAMBICRAWL_PAYLOAD_INDEX, str(self.state_db))


class WarcSink:
    """Writes exchanges to rotating WARC files, in the caller's thread: one caller at a time.

    ``count`` receives stats increments; ``on_fatal`` is called once when writing stops for
    good (the disk is full, say), with the reason."""

    def __init__(
        self,
        spec: SinkSpec,
        count: Callable[[str, int], None],
        on_fatal: Callable[[str], None],
    ) -> None:
        self._index_spec = spec.index
        self._outlinks = spec.outlinks
        self._not_modified_requests = spec.not_modified_requests
        self._count = count
        self._on_fatal = on_fatal
        self._index: PayloadIndex | None = None
        # Entries of the index not in the database yet, by digest.
        self._unsaved: dict[str, ArchivedPayload] = {}
        warcinfo_fields = dict(spec.warcinfo_fields)
        self._file = RotatingWarcFile(
            spec.directory,
            spec.prefix,
            spec.max_size,
            lambda name: serialize([warcinfo_record(name, warcinfo_fields)]),
            count,
        )
        #: Why writing stopped for good, once it has.
        self.failure: str | None = None

    def open(self) -> None:
        """Open the digest index and repair files an earlier crawl left open."""
        try:
            self._index = open_payload_index(self._index_spec)
        except (*_INDEX_ERRORS, OSError) as exc:
            logger.error(
                "WARC digest index %s unusable (%s): every payload is written in full",
                self._index_spec[1],
                exc,
            )
        self._repair_leftovers()

    def close(self) -> None:
        """Close the current file and the index."""
        self._close_file()
        self._save_index()
        if self._index is not None:
            self._index.close()
            self._index = None

    def lost(self, exchange: Exchange) -> None:
        """Count an exchange that will not be written because the writer broke down."""
        self._count("warc/failures", 1)
        logger.error("Not archived, the WARC writer has stopped: %s", exchange.url)

    def _repair_leftovers(self) -> None:
        if not self._file.directory.is_dir():
            return
        # Files "in use" are other running crawls' (sibling workers): theirs, not leftovers.
        results = [r for r in repair_directory(self._file.directory) if r.outcome != "in use"]
        for result in results:
            level = logging.ERROR if result.outcome == "failed" else logging.WARNING
            logger.log(level, "WARC file left open by an earlier crawl: %s", result)
        if self._index is not None and results:
            forget_lost_records(self._index, results)

    def write(self, exchange: Exchange) -> str | None:
        """Write an exchange's records; the file's name, None when nothing was written."""
        if self.failure is not None:
            self.lost(exchange)
            return None
        try:
            digest = exchange.payload_digest
            # Empty or truncated payloads make poor originals: always write them in full.
            # A 3xx body is a few hundred bytes, and pywb replays a 3xx revisit with an empty
            # body (it never loads a redirect's original): write redirects in full.
            dedupe = (
                bool(exchange.body)
                and exchange.truncated is None
                and not 300 <= exchange.status < 400
            )
            if exchange.not_modified_of is not None:
                # A 304: a revisit of the capture it revalidated, when that is archived
                # (otherwise the 304 is written as it came, a response without a body).
                original = self._lookup(exchange.not_modified_of)
            else:
                original = self._lookup(digest) if dedupe else None
            # A revisit's outlinks are its original's, already in the original's metadata
            # record: listing them again costs CPU and most of a revisit's bytes.
            with_links = self._outlinks and original is None
            links = outlinks(exchange, self._count) if with_links else []
            built = exchange_records(
                exchange,
                digest,
                original,
                links,
                metadata=with_links,
                not_modified_request=self._not_modified_requests,
            )
            data = serialize(built.records)
        except Exception:
            self._count("warc/failures", 1)
            logger.exception("WARC records could not be built, not archived: %s", exchange.url)
            return None
        try:
            warc_file = self._file.write(data)
        except OSError as exc:
            self._count("warc/failures", 1)
            self.fail(f"{exc.strerror or exc} while writing {self._file.current}")
            return None
        self._count("warc/records", len(built.records))
        if built.is_revisit:
            self._count("warc/revisits", 1)
            if exchange.not_modified_of is not None:
                self._count("warc/not_modified", 1)
            self._count("warc/revisit_payload_bytes", len(exchange.body))  # what was not stored
        elif dedupe:
            payload = ArchivedPayload(
                digest, exchange.url, built.warc_date, built.record_id, warc_file
            )
            self._remember(payload)
        return warc_file

    def _lookup(self, digest: str) -> ArchivedPayload | None:
        unsaved = self._unsaved.get(digest)
        if unsaved is not None or self._index is None:
            return unsaved
        try:
            return self._index.lookup(digest)
        except _INDEX_ERRORS as exc:
            self._count("warc/index_errors", 1)
            logger.error("WARC digest index lookup failed (%s): payload written in full", exc)
            return None

    def _remember(self, payload: ArchivedPayload) -> None:
        # Batched: a record whose indexed payload a crash loses is only never the original of a
        # revisit; a payload whose record a crash cuts off is dropped by the repair.
        if self._index is not None:
            self._unsaved.setdefault(payload.digest, payload)
            if len(self._unsaved) >= self._index.batch_size:
                self._save_index()

    def _save_index(self) -> None:
        if self._index is None or not self._unsaved:
            return
        payloads, self._unsaved = list(self._unsaved.values()), {}
        try:
            self._index.add_all(payloads)
        except _INDEX_ERRORS as exc:
            self._count("warc/index_errors", 1)
            logger.error("WARC digest index update failed (%s) for %d records", exc, len(payloads))

    def _close_file(self) -> Path | None:
        current = self._file.current
        try:
            return self._file.close()
        except OSError as exc:
            self._count("warc/failures", 1)
            logger.error(
                "WARC file %s could not be closed (%s); run `jambicrawl archive repair %s`",
                current,
                exc,
                self._file.directory,
            )
            return None

    def fail(self, reason: str) -> None:
        """Stop writing for good: close the file at its last complete record, stop the crawl."""
        if self.failure is not None:
            return
        closed = self._close_file()
        where = closed.name if closed else "The archive"
        self.failure = (
            f"WARC archive write failed ({reason}); stopping the crawl."
            f" {where} is readable up to its last complete record."
        )
        logger.error(self.failure)
        self._on_fatal(self.failure)


def release_citations(cited: dict[str, Future[str]]) -> None:
    """Articles waiting for the file of an exchange that will not be written cite none."""
    while cited:
        _, cite = cited.popitem()
        if not cite.done():
            cite.set_result("")


class WarcWriter:
    """A :class:`WarcSink` fed from a background thread: the reactor only queues exchanges."""

    def __init__(
        self, spec: SinkSpec, count: Callable[[str, int], None], on_fatal: Callable[[str], None]
    ) -> None:
        self._sink = WarcSink(spec, count, on_fatal)
        self._queue: queue.Queue[Exchange | None] = queue.Queue(QUEUE_SIZE)
        self._thread = threading.Thread(target=self._run, name="warc-writer", daemon=True)
        self._cited: dict[str, Future[str]] = {}

    @property
    def failure(self) -> str | None:
        """Why writing stopped for good, once it has."""
        return self._sink.failure

    def start(self) -> None:
        self._thread.start()

    def submit(self, exchange: Exchange, cite: Future[str] | None = None) -> bool:
        """Queue an exchange; False when the writer has stopped and it will not be archived.

        Once queued, ``cite`` is resolved with the name of the file the exchange's records went
        to ("" when they were not written), so that an Article can cite the file; an exchange
        refused leaves ``cite`` to the caller."""
        if self.failure is not None or not self._thread.is_alive():
            return False
        if cite is not None:
            self._cited[exchange.record_id] = cite
        self._queue.put(exchange)
        return True

    def close(self) -> None:
        """Write what is queued, close the current file; blocks until done."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()

    def _run(self) -> None:
        try:
            self._sink.open()
            while (item := self._queue.get()) is not _STOP:
                self._handle(item)
        except Exception as exc:  # A bug here must not leave the crawl blocked on a full queue.
            logger.exception("The WARC writer thread failed")
            self._sink.fail(f"the WARC writer thread failed: {exc!r}")
            while (item := self._queue.get()) is not _STOP:
                self._sink.lost(item)
                self._resolve(item.record_id, "")
        finally:
            self._sink.close()
            self._release()

    def _handle(self, item: Exchange) -> None:
        self._resolve(item.record_id, self._sink.write(item) or "")

    def _resolve(self, record_id: str, warc_file: str) -> None:
        cite = self._cited.pop(record_id, None)
        if cite is not None and not cite.done():
            cite.set_result(warc_file)

    def _release(self) -> None:
        release_citations(self._cited)
