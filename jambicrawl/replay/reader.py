"""Records of one WARC file, read with warcio's ArchiveIterator, robust to damaged files.

warcio stops without a word at a gzip member cut short, reads a record cut short as a short
payload, and writes some warnings straight to stderr. Here each such case becomes a
:class:`RecordProblem` (file, offset, reason) and reading goes on at the next record boundary
found after the damage, so one bad record costs one record.
"""

from __future__ import annotations

import contextlib
import io
import logging
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.utils import Digester

from jambicrawl.errors import JambicrawlError
from jambicrawl.replay.damage import (
    GZIP_MAGIC,
    gzip_member_problem,
    next_boundary,
    not_a_warc,
    reason_of,
)
from jambicrawl.replay.problems import RecordProblem

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator
    from pathlib import Path

# warcio logs oddities it repairs itself (a space in a WARC-Target-URI); without a handler
# Python would print them on stderr, where only one-line reports belong.
logging.getLogger("warcio").addHandler(logging.NullHandler())

_BLOCK = 1 << 16


@dataclass(frozen=True, slots=True)
class RecordHead:
    """What is kept of a record while a whole archive is scanned: its headers and where it
    is, never its payload."""

    file: Path
    offset: int
    type: str
    record_id: str
    #: ``WARC-Target-URI``.
    uri: str
    #: ``WARC-Date`` as written.
    date: str
    #: ``WARC-Payload-Digest``, computed (``sha1:`` + base32) when a response lacks one.
    payload_digest: str = ""
    #: HTTP status of a response or revisit; None when the record holds no HTTP response.
    status: int | None = None
    #: Media type of the HTTP payload (of the block for non-HTTP records), lower case.
    mime: str = ""
    refers_to: str = ""
    refers_to_uri: str = ""
    refers_to_date: str = ""
    profile: str = ""
    #: The ``application/warc-fields`` of a warcinfo record.
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A record's HTTP status, headers and payload (as stored: Content-Encoding applied)."""

    status: int | None
    headers: list[tuple[str, str]]
    payload: bytes
    #: The WARC headers, names in lower case.
    warc: dict[str, str] = field(default_factory=dict)


class RecordError(JambicrawlError):
    """A record that cannot be read back; the message says why in a few words."""


def _header(record: Any, name: str) -> str:
    return str(record.rec_headers.get_header(name) or "")


def _status(record: Any) -> int | None:
    http = record.http_headers
    if http is None or record.rec_type == "request":
        return None
    code = str(http.get_statuscode() or "")
    return int(code) if code.isdigit() else None


def _mime(record: Any) -> str:
    http = record.http_headers
    value = http.get_header("Content-Type") if http is not None else record.content_type
    return str(value or "").split(";")[0].strip().lower()


def _digest_problem(problems: list[str], record: Any) -> str:
    for kind in ("Payload", "Block"):
        if any(p.startswith(f"{kind.lower()} digest failed") for p in problems):
            name = f"WARC-{kind}-Digest"
            return f"{kind.lower()} digest mismatch ({name} {_header(record, name)})"
    return "; ".join(problems)


def _warc_fields(block: bytes) -> tuple[tuple[str, str], ...]:
    pairs = (line.partition(":") for line in block.decode("utf-8", "replace").splitlines())
    return tuple((name.strip(), value.strip()) for name, sep, value in pairs if sep)


class _UnusableError(Exception):
    """Why a record that warcio parsed cannot be used."""

    def __init__(self, reason: str, *, short: bool = False) -> None:
        super().__init__(reason)
        #: The record is cut short (its gzip member may be the cause).
        self.short = short


def _head(path: Path, offset: int, record: Any) -> RecordHead:
    """Read a record to its end; its head. Raises :class:`_UnusableError`."""
    if record.rec_headers.get_header("Content-Length") is None:
        raise _UnusableError("record header cut short (no Content-Length)", short=True)
    digest = _header(record, "WARC-Payload-Digest")
    # Without a digest, a revisit elsewhere could not find this payload: compute one.
    digester = Digester("sha1") if not digest and record.rec_type == "response" else None
    keep = record.rec_type == "warcinfo"
    kept = bytearray()
    while block := record.raw_stream.read(_BLOCK):
        if digester is not None:
            digester.update(block)
        if keep:
            kept += block
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        raise _UnusableError(f"record ends {missing} bytes short of its Content-Length", short=True)
    checker = record.digest_checker
    if checker is not None and checker.problems:
        raise _UnusableError(_digest_problem(list(checker.problems), record))
    return RecordHead(
        file=path,
        offset=offset,
        type=str(record.rec_type or ""),
        record_id=_header(record, "WARC-Record-ID"),
        uri=_header(record, "WARC-Target-URI"),
        date=_header(record, "WARC-Date"),
        payload_digest=digest or (str(digester) if digester is not None else ""),
        status=_status(record),
        mime=_mime(record),
        refers_to=_header(record, "WARC-Refers-To"),
        refers_to_uri=_header(record, "WARC-Refers-To-Target-URI"),
        refers_to_date=_header(record, "WARC-Refers-To-Date"),
        profile=_header(record, "WARC-Profile"),
        fields=_warc_fields(bytes(kept)) if keep else (),
    )


@dataclass(slots=True)
class _FileScan:
    """Reading one file: warcio from an offset, and again after each damaged stretch."""

    path: Path
    name: str
    stream: IO[bytes]
    gz: bool
    size: int

    def member_problem(self, offset: int) -> str | None:
        """Whether the gzip member at ``offset`` is whole; the read position is kept."""
        if not self.gz:
            return None
        position = self.stream.tell()
        try:
            return gzip_member_problem(self.stream, offset)
        finally:
            self.stream.seek(position)

    def defect(self, offset: int, defect: _UnusableError) -> RecordProblem:
        reason = str(defect)
        if defect.short:
            cause = self.member_problem(offset) or ("" if self.gz else "truncated record")
            reason = f"{cause} ({reason})" if cause else reason
        return RecordProblem(self.name, offset, reason)

    def unreadable(self, offset: int, exc: Exception) -> RecordProblem:
        not_warc = not_a_warc(self.stream, self.gz) if offset == 0 else None
        reason = not_warc or self.member_problem(offset) or reason_of(exc)
        return RecordProblem(self.name, offset, reason)

    def records(self, start: int) -> Generator[RecordHead | RecordProblem, None, int | None]:
        """Records from ``start``; returns where to resume after damage (None: at the end).

        A record is handed on once the next one is read: only then is it known to be
        followed by its blank lines, and whether it was the last, whose gzip member warcio
        reads without a word when it is cut short.
        """
        self.stream.seek(start)
        iterator = ArchiveIterator(self.stream, check_digests=True)
        pending: RecordHead | None = None
        while True:
            warnings = io.StringIO()
            try:
                with contextlib.redirect_stderr(warnings):
                    record = next(iterator, None)
            except Exception as exc:  # warcio raises many kinds on damaged input
                if pending is not None:
                    yield pending
                if "non-chunked gzip" in str(exc):
                    yield RecordProblem(self.name, start, reason_of(exc))
                    return None  # no record boundary can be found in one gzip stream
                at = max(iterator.offset, start)
                yield self.unreadable(at, exc)
                return next_boundary(self.stream, at + 1, self.gz)
            if pending is not None and warnings.getvalue():
                yield RecordProblem(
                    self.name, pending.offset, "record not followed by its blank lines"
                )
                pending = None
            if record is None:
                break
            if pending is not None:
                yield pending
            offset = iterator.offset
            try:
                pending = _head(self.path, offset, record)
            except _UnusableError as defect:
                pending = None
                yield self.defect(offset, defect)
            except Exception as exc:
                pending = None
                yield RecordProblem(self.name, offset, reason_of(exc))
        if pending is not None:
            member = self.member_problem(pending.offset)
            yield pending if member is None else RecordProblem(self.name, pending.offset, member)
        end = iterator.offset
        if end >= self.size:
            return None
        kind = "truncated gzip member" if self.gz else "unreadable data"
        not_warc = not_a_warc(self.stream, self.gz) if end == 0 else None
        yield RecordProblem(
            self.name, end, not_warc or f"{kind} ({self.size - end} bytes not read)"
        )
        return next_boundary(self.stream, end + 1, self.gz)


def scan_file(path: Path, name: str | None = None) -> Iterator[RecordHead | RecordProblem]:
    """Every record of a WARC file (plain or gzip) and a problem for each bad one.

    ``name`` is how the file is named in problems (default: the path as given).
    """
    label = name or str(path)
    try:
        stream = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        yield RecordProblem(label, 0, f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        if size == 0:
            yield RecordProblem(label, 0, "empty file")
            return
        scan = _FileScan(path, label, stream, stream.read(3) == GZIP_MAGIC, size)
        start: int | None = 0
        while start is not None:
            start = yield from scan.records(start)


def read_record(stream: IO[bytes], offset: int) -> StoredRecord:
    """The record at ``offset`` of an open WARC file, read back for its payload.

    Raises :class:`RecordError` when it cannot be read whole.
    """
    stream.seek(offset)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            record = next(iter(ArchiveIterator(stream)))
            payload = record.raw_stream.read()
    except Exception as exc:
        raise RecordError(reason_of(exc)) from None
    if getattr(record.raw_stream, "limit", 0):
        raise RecordError("truncated record")
    http = record.http_headers
    headers = [(str(k), str(v)) for k, v in http.headers] if http is not None else []
    warc = {str(k).lower(): str(v) for k, v in record.rec_headers.headers}
    return StoredRecord(_status(record), headers, payload, warc)
