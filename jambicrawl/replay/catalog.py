"""Every capture of the given WARC files, revisits resolved to the records holding their
payload, across all the files.

Only record heads are kept while scanning (file, offset, headers); payloads are read back
by offset when a page is extracted, so an archive of any size fits in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from warcio.timeutils import iso_date_to_timestamp

from jambicrawl.replay.payload import PayloadError
from jambicrawl.replay.problems import Problem
from jambicrawl.replay.reader import (
    RecordError,
    RecordHead,
    StoredRecord,
    read_record,
    scan_file,
)
from jambicrawl.replay.responses import HttpResponse, replayed

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path
    from types import TracebackType


def timestamp(warc_date: str) -> str:
    """``WARC-Date`` as 14 digits: dates written to the second and to the millisecond
    (WARC/1.1) compare equal."""
    try:
        return str(iso_date_to_timestamp(warc_date))[:14]
    except (ValueError, TypeError, IndexError):
        return warc_date


@dataclass(frozen=True, slots=True)
class Archived:
    """One capture: the record that cites it, and the record that holds its payload."""

    #: The response or revisit record.
    record: RecordHead
    #: The response record with the payload (``record`` itself unless it is a revisit).
    source: RecordHead

    @property
    def status(self) -> int | None:
        own = self.record.status
        return self.source.status if own is None or own == 304 else own

    @property
    def mime(self) -> str:
        return self.record.mime if self.record.status not in (None, 304) else self.source.mime


@dataclass(slots=True)
class _Index:
    by_id: dict[str, RecordHead] = field(default_factory=dict)
    by_uri_date: dict[tuple[str, str], RecordHead] = field(default_factory=dict)
    by_digest: dict[str, list[RecordHead]] = field(default_factory=dict)

    def add(self, head: RecordHead) -> None:
        if head.record_id:
            self.by_id[head.record_id] = head
        self.by_uri_date.setdefault((head.uri, timestamp(head.date)), head)
        if head.payload_digest:
            self.by_digest.setdefault(head.payload_digest, []).append(head)

    def original(self, revisit: RecordHead) -> RecordHead | None:
        """By ``WARC-Refers-To``, then target URI and date, then payload digest."""
        digest = revisit.payload_digest

        def fits(head: RecordHead | None) -> bool:
            same = not digest or not head or not head.payload_digest
            return head is not None and (same or head.payload_digest == digest)

        found = self.by_id.get(revisit.refers_to)
        if fits(found):
            return found
        if revisit.refers_to_uri:
            key = (revisit.refers_to_uri, timestamp(revisit.refers_to_date))
            found = self.by_uri_date.get(key)
            if fits(found):
                return found
        candidates = self.by_digest.get(digest, []) if digest else []
        if not candidates:
            return None
        # The same URL first, then the latest capture made before the revisit.
        uri = revisit.refers_to_uri or revisit.uri
        when = timestamp(revisit.date)
        return max(
            candidates,
            key=lambda h: (h.uri == uri, timestamp(h.date) <= when, timestamp(h.date)),
        )


class Catalog:
    """The captures of a set of WARC files. Close it (or use ``with``) to close the files."""

    def __init__(self, report: Callable[[Problem], None] | None = None) -> None:
        self._report = report
        #: Responses and resolved revisits, in archive order (files as given, then offset).
        self.captures: list[Archived] = []
        #: Every bad record, in the order found.
        self.problems: list[Problem] = []
        #: Records read, good and bad.
        self.records = 0
        #: Files from which at least one record was read.
        self.files_read = 0
        self._warcinfo: dict[Path, dict[str, str]] = {}
        self._open: dict[Path, IO[bytes]] = {}

    @classmethod
    def scan(
        cls, files: Iterable[Path], report: Callable[[Problem], None] | None = None
    ) -> Catalog:
        """Read every record of ``files``; ``report`` hears of each problem as it is found."""
        catalog = cls(report)
        index = _Index()
        revisits: list[RecordHead] = []
        for path in files:
            read = 0
            for item in scan_file(path):
                catalog.records += 1
                if isinstance(item, Problem):
                    catalog._problem(item)
                    continue
                read += 1
                if item.type == "warcinfo":
                    catalog._warcinfo.setdefault(path, dict(item.fields))
                elif item.type == "response":
                    index.add(item)
                    catalog.captures.append(Archived(item, item))
                elif item.type == "revisit":
                    revisits.append(item)
                    catalog.captures.append(Archived(item, item))
            if read:
                catalog.files_read += 1
        catalog._resolve(index, revisits)
        return catalog

    def _resolve(self, index: _Index, revisits: list[RecordHead]) -> None:
        resolved: dict[RecordHead, RecordHead] = {}
        for revisit in revisits:
            original = index.original(revisit)
            if original is not None:
                resolved[revisit] = original
                continue
            target = revisit.refers_to_uri or revisit.uri
            when = revisit.refers_to_date or "an earlier date"
            reason = f"revisit of {target} at {when}: original not in the given files"
            self._problem(Problem(str(revisit.file), revisit.offset, reason))
        self.captures = [
            Archived(c.record, resolved[c.record]) if c.record.type == "revisit" else c
            for c in self.captures
            if c.record.type != "revisit" or c.record in resolved
        ]

    def _problem(self, problem: Problem) -> None:
        self.problems.append(problem)
        if self._report is not None:
            self._report(problem)

    def warcinfo(self, path: Path) -> dict[str, str]:
        """The fields of the file's first warcinfo record (empty when it has none)."""
        return self._warcinfo.get(path, {})

    def response(self, capture: Archived) -> HttpResponse:
        """The capture's response, body decoded. Raises :class:`RecordError`."""
        record = self._read(capture.record)
        original = self._read(capture.source) if capture.source is not capture.record else None
        try:
            return replayed(record, original)
        except PayloadError as exc:
            raise RecordError(str(exc)) from None

    def _read(self, head: RecordHead) -> StoredRecord:
        stream = self._open.get(head.file)
        if stream is None:
            try:
                stream = self._open[head.file] = head.file.open("rb")
            except OSError as exc:
                raise RecordError(f"cannot read: {exc.strerror or exc}") from None
        return read_record(stream, head.offset)

    def close(self) -> None:
        for stream in self._open.values():
            stream.close()
        self._open.clear()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
