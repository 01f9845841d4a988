"""Reading an archive folder the way an archivist's tools do: warcio, and nothing of ours."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
import zlib
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

from warcio.archiveiterator import ArchiveIterator

if TYPE_CHECKING:
    from pathlib import Path

#: Bytes fed to the inflater at a time when walking gzip members.
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Record:
    file: Path
    offset: int
    length: int
    type: str
    id: str
    uri: str
    date: str
    warc_headers: dict[str, str]
    #: HTTP status of a response or revisit record, None for other types.
    status: int | None
    http_headers: dict[str, str]
    #: The payload as stored: Content-Encoding not undone.
    payload: bytes

    def header(self, name: str) -> str | None:
        return self.warc_headers.get(name.lower())

    @property
    def timestamp(self) -> str:
        """``WARC-Date`` as the 14 digits pywb and CDXJ use."""
        return "".join(c for c in self.date if c.isdigit())[:14]

    @property
    def body(self) -> bytes:
        """The payload with its Content-Encoding undone, as a browser would see it."""
        return decoded(self.payload, self.http_headers.get("content-encoding"))


def decoded(body: bytes, content_encoding: str | None) -> bytes:
    encoding = (content_encoding or "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return gzip.decompress(body)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)
    assert encoding in ("", "identity"), f"unexpected Content-Encoding {encoding!r}"
    return body


@dataclass(frozen=True)
class WarcFile:
    path: Path
    size: int
    records: list[Record]
    #: Where warcio stopped: the end of the last record it read.
    end: int
    #: Records warcio found not followed by the blank lines Content-Length promises.
    errors: int


def read_warc(path: Path) -> WarcFile:
    """Every record of ``path`` with warcio's ArchiveIterator, each read to its end."""
    records: list[Record] = []
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            payload = record.raw_stream.read()
            iterator.read_to_end(record)
            http = record.http_headers
            status = None
            if http is not None and record.rec_type in ("response", "revisit"):
                status = int(http.get_statuscode())
            warc_headers = {k.lower(): v for k, v in record.rec_headers.headers}
            records.append(
                Record(
                    file=path,
                    offset=iterator.get_record_offset(),
                    length=iterator.get_record_length(),
                    type=record.rec_type,
                    id=warc_headers.get("warc-record-id", ""),
                    uri=warc_headers.get("warc-target-uri", ""),
                    date=warc_headers.get("warc-date", ""),
                    warc_headers=warc_headers,
                    status=status,
                    http_headers={k.lower(): v for k, v in http.headers} if http else {},
                    payload=payload,
                )
            )
        errors = iterator.err_count
    end = records[-1].offset + records[-1].length if records else 0
    return WarcFile(path, path.stat().st_size, records, end, errors)


def warcio_check(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    """``warcio check -v`` on ``paths``, as its console script runs it."""
    code = "import sys; from warcio.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, "check", "-v", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def assert_wacz_validates(wacz: Path) -> None:
    """The wacz package's own ``validate`` command, as an archivist would run it."""
    done = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(wacz)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Validation succeeded" in done.stdout


def complete_records(data: bytes) -> list[tuple[str, int]]:
    """Record id and end offset of each record of the run of complete records at the start of
    ``data`` (one gzip member per record).

    A record is complete when its gzip member inflates to its end, warcio parses it, and the
    inflated member holds the WARC header block, exactly ``Content-Length`` bytes of block,
    and the closing CRLF CRLF.
    """
    view = memoryview(data)
    records: list[tuple[str, int]] = []
    end = 0
    while end < len(data):
        member = _member_at(view, end)
        if member is None:
            break
        size, inflated = member
        record_id = _complete_record_id(data[end : end + size], inflated)
        if record_id is None:
            break
        end += size
        records.append((record_id, end))
    return records


def _member_at(view: memoryview, start: int) -> tuple[int, bytes] | None:
    """Size and inflated bytes of the gzip member at ``start``; None if it is cut or corrupt."""
    inflater = zlib.decompressobj(31)
    out = BytesIO()
    at = start
    try:
        while at < len(view) and not inflater.eof:
            chunk = view[at : at + _CHUNK]
            out.write(inflater.decompress(chunk))
            at += len(chunk)
    except zlib.error:
        return None
    if not inflater.eof:
        return None
    return at - len(inflater.unused_data) - start, out.getvalue()


def _complete_record_id(member: bytes, inflated: bytes) -> str | None:
    header, sep, _ = inflated.partition(b"\r\n\r\n")
    if not sep or not inflated.endswith(b"\r\n\r\n"):
        return None
    fields = dict(line.split(b":", 1) for line in header.split(b"\r\n")[1:] if b":" in line)
    length = {k.strip().lower(): v.strip() for k, v in fields.items()}.get(b"content-length")
    if length is None or len(inflated) != len(header) + 4 + int(length) + 4:
        return None
    try:
        (record,) = read_member(member)
    except Exception:
        return None
    return record


def read_member(member: bytes) -> list[str]:
    """Record ids warcio reads from one gzip member (each read to its end)."""
    iterator = ArchiveIterator(BytesIO(member))
    ids = []
    for record in iterator:
        record.raw_stream.read()
        ids.append(record.rec_headers.get_header("WARC-Record-ID"))
    return ids


def warc_paths(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.warc.gz"))


def open_paths(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.warc.gz.open"))


def latest_articles(state_db: Path) -> list[dict[str, Any]]:
    """The latest version of every article of the state database, as stored."""
    conn = sqlite3.connect(state_db)
    try:
        rows = conn.execute(
            "SELECT canonical_url, version, article_json FROM article_versions"
        ).fetchall()
        known = {row[0] for row in conn.execute("SELECT canonical_url FROM articles")}
    finally:
        conn.close()
    latest: dict[str, tuple[int, str]] = {}
    for key, version, article_json in rows:
        if key not in latest or version > latest[key][0]:
            latest[key] = (version, article_json)
    assert set(latest) == known, "articles without a version, or versions without an article"
    return [json.loads(article_json) for _, article_json in latest.values()]
