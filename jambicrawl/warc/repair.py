"""Closing WARC files that a crash left ``.open``: cut back to the last complete record.

Every record is its own gzip member, so a record is complete when its member inflates to the
end and holds a WARC header block plus exactly ``Content-Length`` bytes and the closing CRLFs.
"""

from __future__ import annotations

import os
import re
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, Literal

from jambicrawl.state.digests import DigestIndex
from jambicrawl.state.paths import STATE_FILE
from jambicrawl.warc.files import OPEN_SUFFIX, WARC_SUFFIX, sync_directory, try_lock

if TYPE_CHECKING:
    from pathlib import Path

    from jambicrawl.state.digests import PayloadIndex

_CHUNK = 1024 * 1024
_MAX_HEADER = 1024 * 1024
_LENGTH = re.compile(rb"\r\nContent-Length:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)
_RECORD_ID = re.compile(rb"\r\nWARC-Record-ID:[ \t]*(\S+)[ \t]*\r\n", re.IGNORECASE)

Outcome = Literal["closed", "removed", "in use", "failed"]


@dataclass(frozen=True, slots=True)
class RepairResult:
    """What became of one ``.open`` file."""

    path: Path
    outcome: Outcome
    kept_records: int = 0
    cut_bytes: int = 0
    record_ids: list[str] = field(default_factory=list)
    message: str = ""

    def __str__(self) -> str:
        if self.outcome == "closed":
            return (
                f"{self.path}: closed, {self.kept_records} complete records kept,"
                f" {self.cut_bytes} bytes cut"
            )
        return f"{self.path}: {self.outcome}{': ' + self.message if self.message else ''}"


class _RecordCheck:
    """Follows one inflated member and says whether it is one complete WARC record."""

    def __init__(self) -> None:
        self.head = b""
        self.size = 0
        self.tail = b""

    def feed(self, data: bytes) -> None:
        if len(self.head) < _MAX_HEADER and b"\r\n\r\n" not in self.head:
            self.head += data[: _MAX_HEADER - len(self.head)]
        self.size += len(data)
        self.tail = (self.tail + data)[-4:]

    def record_id(self) -> str | None:
        header, sep, _ = self.head.partition(b"\r\n\r\n")
        length = _LENGTH.search(header + b"\r\n")
        record_id = _RECORD_ID.search(header + b"\r\n")
        if not (sep and header.startswith(b"WARC/") and length and record_id):
            return None
        if self.size != len(header) + 4 + int(length.group(1)) + 4 or self.tail != b"\r\n\r\n":
            return None
        return record_id.group(1).decode("ascii", "replace")


def _next_member(stream: BinaryIO, pending: bytes) -> tuple[str | None, int, bytes]:
    """Inflate one member; returns its record id (None if incomplete), its size, what follows."""
    inflater = zlib.decompressobj(31)  # 31: gzip wrapper required
    check = _RecordCheck()
    used = 0
    data = pending or stream.read(_CHUNK)
    while data:
        try:
            check.feed(inflater.decompress(data, _CHUNK))
            while inflater.unconsumed_tail and not inflater.eof:
                check.feed(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
        except zlib.error:
            return None, 0, b""
        if inflater.eof:
            rest = inflater.unused_data
            return check.record_id(), used + len(data) - len(rest), rest
        used += len(data)
        data = stream.read(_CHUNK)
    return None, 0, b""


def complete_prefix(stream: BinaryIO) -> tuple[int, list[str]]:
    """Byte length of the run of complete records at the start, and their record ids."""
    end, pending = 0, b""
    ids: list[str] = []
    while True:
        if not pending:
            pending = stream.read(_CHUNK)
            if not pending:
                return end, ids
        record_id, size, pending = _next_member(stream, pending)
        if record_id is None:
            return end, ids
        end += size
        ids.append(record_id)


def repair_file(path: Path) -> RepairResult:
    """Cut ``path`` (a ``.warc.gz.open`` file) to its complete records and close it."""
    final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    try:
        with path.open("r+b") as stream:
            if not try_lock(stream.fileno()):
                return RepairResult(path, "in use", message="a running crawl is writing it")
            size = os.fstat(stream.fileno()).st_size
            end, ids = complete_prefix(stream)
            if end < size:
                stream.truncate(end)
            stream.flush()
            os.fsync(stream.fileno())
            if end == 0:
                path.unlink()
                return RepairResult(path, "removed", cut_bytes=size, message="no complete record")
            if final.exists():
                return RepairResult(path, "failed", message=f"{final.name} exists already")
            path.rename(final)  # Under the lock, like the writer's own close.
        sync_directory(path.parent)
    except OSError as exc:
        return RepairResult(path, "failed", message=str(exc))
    return RepairResult(final, "closed", len(ids), size - end, ids)


def repair_directory(directory: Path) -> list[RepairResult]:
    """Repair every ``*.warc.gz.open`` file in ``directory`` that no process is writing."""
    return [repair_file(path) for path in sorted(directory.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}"))]


def forget_lost_records(index: PayloadIndex, results: list[RepairResult]) -> int:
    """Drop digest index entries that point at records a repair cut off."""
    dropped = 0
    for result in results:
        if result.outcome == "closed" and result.cut_bytes:
            dropped += index.forget_lost_records(result.path.name, result.record_ids)
        elif result.outcome == "removed":
            name = result.path.name.removesuffix(OPEN_SUFFIX)
            dropped += index.forget_lost_records(name, [])
    return dropped


def repair_archive(directory: Path, state_db: Path | None = None) -> list[RepairResult]:
    """Repair every ``.open`` file of ``directory``; drop index entries of cut records."""
    results = repair_directory(directory)
    db = state_db or directory / STATE_FILE
    if db.exists() and any(r.cut_bytes for r in results):
        index = DigestIndex(db)
        try:
            forget_lost_records(index, results)
        finally:
            index.close()
    return results
