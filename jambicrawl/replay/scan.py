"""Every capture of the given WARC files, revisits resolved to the records holding their
payload, across all the files.

Only record heads are kept while scanning (file, offset, headers); payloads are read back
by offset when a page is extracted, so an archive of any size fits in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from jambicrawl.replay.payload import PayloadError
from jambicrawl.replay.problems import RecordProblem
from jambicrawl.replay.reader import (
    RecordError,
    RecordHead,
    StoredRecord,
    read_record,
    scan_file,
)
from jambicrawl.replay.responses import HttpResponse, replayed
from jambicrawl.replay.revisits import Originals, Revisit, timestamp

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path
    from types import TracebackType


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


class ArchiveScan:
    """The captures of a set of WARC files. Close it (or use ``with``) to close the files."""

    def __init__(self, report: Callable[[RecordProblem], None] | None = None) -> None:
        self._report = report
        #: Responses and resolved revisits, in archive order (files as given, then offset).
        self.captures: list[Archived] = []
        #: Every bad record, in the order found.
        self.problems: list[RecordProblem] = []
        #: Records read, good and bad.
        self.records = 0
        #: Files from which at least one record was read.
        self.files_read = 0
        self._warcinfo: dict[Path, dict[str, str]] = {}
        self._open: dict[Path, IO[bytes]] = {}

    @classmethod
    def read(
        cls, files: Iterable[Path], report: Callable[[RecordProblem], None] | None = None
    ) -> ArchiveScan:
        """Read every record of ``files``; ``report`` hears of each problem as it is found."""
        catalog = cls(report)
        index: Originals[RecordHead] = Originals()
        revisits: list[RecordHead] = []
        for path in files:
            read = 0
            for item in scan_file(path):
                catalog.records += 1
                if isinstance(item, RecordProblem):
                    catalog._problem(item)
                    continue
                read += 1
                if item.type == "warcinfo":
                    catalog._warcinfo.setdefault(path, dict(item.fields))
                elif item.type == "response":
                    index.add(
                        item,
                        uri=item.uri,
                        timestamp=timestamp(item.date),
                        digest=item.payload_digest,
                        record_id=item.record_id,
                    )
                    catalog.captures.append(Archived(item, item))
                elif item.type == "revisit":
                    revisits.append(item)
                    catalog.captures.append(Archived(item, item))
            if read:
                catalog.files_read += 1
        catalog._resolve(index, revisits)
        return catalog

    def _resolve(self, index: Originals[RecordHead], revisits: list[RecordHead]) -> None:
        resolved: dict[RecordHead, RecordHead] = {}
        for revisit in revisits:
            original = index.original(
                Revisit(
                    uri=revisit.uri,
                    timestamp=timestamp(revisit.date),
                    digest=revisit.payload_digest,
                    refers_to=revisit.refers_to,
                    refers_to_uri=revisit.refers_to_uri,
                    refers_to_date=timestamp(revisit.refers_to_date),
                )
            )
            if original is not None:
                resolved[revisit] = original
                continue
            target = revisit.refers_to_uri or revisit.uri
            when = revisit.refers_to_date or "an earlier date"
            reason = f"revisit of {target} at {when}: original not in the given files"
            self._problem(RecordProblem(str(revisit.file), revisit.offset, reason))
        self.captures = [
            Archived(c.record, resolved[c.record]) if c.record.type == "revisit" else c
            for c in self.captures
            if c.record.type != "revisit" or c.record in resolved
        ]

    def _problem(self, problem: RecordProblem) -> None:
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

    def __enter__(self) -> ArchiveScan:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
