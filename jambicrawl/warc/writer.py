"""The archive's writer thread: captures in, WARC records out, in the order they came.

Digesting, HTML parsing, gzip and disk writes all happen here, off the reactor thread. One
thread consuming one queue keeps the records of a file in capture order.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from typing import TYPE_CHECKING

from jambicrawl.state.digests import ArchivedPayload, DigestIndex
from jambicrawl.warc.files import RotatingWarcFile
from jambicrawl.warc.outlinks import outlinks
from jambicrawl.warc.records import capture_records, serialize, warcinfo_record
from jambicrawl.warc.repair import forget_lost_records, repair_directory

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from concurrent.futures import Future
    from pathlib import Path

    from jambicrawl.warc.capture import Capture

logger = logging.getLogger(__name__)

#: Captures waiting to be written. A full queue makes the crawl wait instead of growing memory.
QUEUE_SIZE = 256
_STOP = None


class WarcWriter:
    """Writes captures to rotating WARC files from a single background thread."""

    def __init__(
        self,
        *,
        directory: Path,
        prefix: str,
        max_size: int,
        warcinfo_fields: Mapping[str, str],
        state_db: Path,
        count: Callable[[str, int], None],
        on_fatal: Callable[[str], None],
    ) -> None:
        self._state_db = state_db
        self._count = count
        self._on_fatal = on_fatal
        self._queue: queue.Queue[Capture | None] = queue.Queue(QUEUE_SIZE)
        self._thread = threading.Thread(target=self._run, name="warc-writer", daemon=True)
        self._index: DigestIndex | None = None
        self._file = RotatingWarcFile(
            directory,
            prefix,
            max_size,
            lambda name: serialize([warcinfo_record(name, warcinfo_fields)]),
            count,
        )
        #: Why writing stopped for good, once it has.
        self.failure: str | None = None
        self._cited: dict[str, Future[str]] = {}

    def start(self) -> None:
        self._thread.start()

    def submit(self, capture: Capture, cite: Future[str] | None = None) -> bool:
        """Queue a capture; False when the writer has stopped and it will not be archived.

        ``cite`` is resolved with the name of the file the capture's records went to ("" when
        they were not written), so that an Article can cite the file."""
        if self.failure is not None or not self._thread.is_alive():
            return False
        if cite is not None:
            self._cited[capture.record_id] = cite
        self._queue.put(capture)
        return True

    def close(self) -> None:
        """Write what is queued, close the current file; blocks until done."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()

    def _run(self) -> None:
        try:
            self._open_index()
            self._repair_leftovers()
            while (capture := self._queue.get()) is not _STOP:
                self._handle(capture)
            self._close_file()
        except Exception as exc:  # A bug here must not leave the crawl blocked on a full queue.
            logger.exception("The WARC writer thread failed")
            self._fail(f"the WARC writer thread failed: {exc!r}")
            while self._queue.get() is not _STOP:
                self._count("warc/failures", 1)
        finally:
            if self._index is not None:
                self._index.close()

    def _open_index(self) -> None:
        try:
            self._index = DigestIndex(self._state_db)
        except sqlite3.Error as exc:
            logger.error(
                "WARC digest index %s unusable (%s): every payload is written in full",
                self._state_db,
                exc,
            )

    def _repair_leftovers(self) -> None:
        if not self._file.directory.is_dir():
            return
        results = repair_directory(self._file.directory)
        for result in results:
            level = logging.ERROR if result.outcome == "failed" else logging.WARNING
            logger.log(level, "WARC file left open by an earlier crawl: %s", result)
        if self._index is not None and results:
            forget_lost_records(self._index, results)

    def _handle(self, capture: Capture) -> None:
        cite = self._cited.pop(capture.record_id, None)
        warc_file = self._write(capture)
        if cite is not None:
            cite.set_result(warc_file or "")

    def _write(self, capture: Capture) -> str | None:
        """Write a capture's records; the file's name, None when nothing was written."""
        if self.failure is not None:
            self._count("warc/failures", 1)
            logger.error("Not archived, the WARC writer has stopped: %s", capture.url)
            return None
        try:
            digest = capture.payload_digest
            # Empty or truncated payloads make poor originals: always write them in full.
            # A 3xx body is a few hundred bytes, and pywb replays a 3xx revisit with an empty
            # body (it never loads a redirect's original): write redirects in full.
            dedupe = (
                bool(capture.body) and capture.truncated is None and not 300 <= capture.status < 400
            )
            original = self._lookup(digest) if dedupe else None
            # A revisit's outlinks are its original's, already in the original's metadata
            # record: listing them again costs CPU and most of a revisit's bytes.
            links = outlinks(capture) if original is None else []
            built = capture_records(capture, digest, original, links)
            data = serialize(built.records)
        except Exception:
            self._count("warc/failures", 1)
            logger.exception("WARC records could not be built, not archived: %s", capture.url)
            return None
        try:
            warc_file = self._file.write(data)
        except OSError as exc:
            self._count("warc/failures", 1)
            self._fail(f"{exc.strerror or exc} while writing {self._file.current}")
            return None
        self._count("warc/records", len(built.records))
        if built.is_revisit:
            self._count("warc/revisits", 1)
        elif dedupe:
            entry = ArchivedPayload(
                digest, capture.url, built.warc_date, built.record_id, warc_file
            )
            self._remember(entry)
        return warc_file

    def _lookup(self, digest: str) -> ArchivedPayload | None:
        if self._index is None:
            return None
        try:
            return self._index.lookup(digest)
        except sqlite3.Error as exc:
            self._count("warc/index_errors", 1)
            logger.error("WARC digest index lookup failed (%s): payload written in full", exc)
            return None

    def _remember(self, entry: ArchivedPayload) -> None:
        if self._index is None:
            return
        try:
            self._index.add(entry)
        except sqlite3.Error as exc:
            self._count("warc/index_errors", 1)
            logger.error("WARC digest index update failed (%s) for %s", exc, entry.uri)

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

    def _fail(self, reason: str) -> None:
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
