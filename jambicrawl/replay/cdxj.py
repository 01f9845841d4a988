"""The CDXJ index of an archive (cdxj-indexer's, as pywb reads it) and lookups in it.

For a folder, the index is ``index.cdxj`` in it: read when it is newer than every WARC
file, rebuilt (and saved, when the folder is writable) otherwise. A single WARC file is
indexed in memory. Lookups go by SURT key, as pywb's do: scheme, ``www.`` and the order
of query parameters do not matter.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cdxj_indexer.main import CDXJIndexer
from surt import surt

from jambicrawl.replay.inputs import warc_files
from jambicrawl.replay.payload import PayloadError
from jambicrawl.replay.reader import RecordError, read_record
from jambicrawl.replay.responses import HttpResponse, replayed
from jambicrawl.replay.revisits import Originals, Revisit, timestamp

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from jambicrawl.replay.reader import StoredRecord

logger = logging.getLogger(__name__)

INDEX_NAME = "index.cdxj"
REVISIT_MIME = "warc/revisit"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One line of the index: a response or revisit record."""

    urlkey: str
    timestamp: str
    url: str
    status: int | None
    mime: str
    digest: str
    offset: int
    #: The file, relative to the archive folder.
    filename: str

    @property
    def is_revisit(self) -> bool:
        return self.mime == REVISIT_MIME

    @classmethod
    def parse(cls, line: str) -> IndexEntry | None:
        """An index line; None for header lines and lines that are not CDXJ."""
        try:
            urlkey, stamp, data = line.rstrip("\n").split(" ", 2)
            fields = json.loads(data)
            status = str(fields.get("status", ""))
            return cls(
                urlkey=urlkey,
                timestamp=stamp,
                url=str(fields.get("url", "")),
                status=int(status) if status.isdigit() else None,
                mime=str(fields.get("mime", "")),
                digest=str(fields.get("digest", "")),
                offset=int(fields["offset"]),
                filename=str(fields["filename"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def url_key(url: str) -> str:
    try:
        return str(surt(url))
    except Exception:  # surt rejects some malformed URLs; they can only match themselves
        return url


def cdxj_lines(
    path: Path, root: Path, *, records: str | None = None, post_append: bool = False
) -> list[str]:
    """The CDXJ lines of one WARC file, as cdxj-indexer writes them (``filename`` relative
    to ``root``; ``records`` a comma-separated list of record types, or its default ones).
    Raises whatever the indexer raises on a file it cannot read."""
    out = io.StringIO()
    indexer = CDXJIndexer(
        out, [str(path)], dir_root=str(root), records=records, post_append=post_append
    )
    indexer.process_all()
    return out.getvalue().splitlines(keepends=True)


def sorted_index(lines: Iterable[str]) -> list[str]:
    """Index lines in CDXJ order, each once (as cdxj-indexer's sorting writer leaves them)."""
    return sorted(set(lines))


def _index_lines(archive: Path) -> list[str]:
    """Index lines of every WARC file of the archive; a file that cannot be indexed is
    logged and left out."""
    root = archive if archive.is_dir() else archive.parent
    files, _ = warc_files([archive])
    lines: list[str] = []
    for path in files:
        try:
            lines += cdxj_lines(path, root, records="response,revisit")
        except Exception as exc:  # cdxj-indexer raises whatever warcio raises
            logger.warning("WARC file %s could not be indexed: %s", path, exc)
    return sorted(lines)


def _saved_index(archive: Path) -> list[str] | None:
    index = archive / INDEX_NAME
    try:
        built = index.stat().st_mtime
        files, _ = warc_files([archive])
        if any(path.stat().st_mtime > built for path in files):
            return None
        return index.read_text("utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError):
        return None


def index_lines(archive: Path, *, save: bool = True) -> list[str]:
    """The archive's CDXJ lines: read, or built and saved (``save=False``: built in memory,
    the folder left as it is)."""
    if not archive.is_dir():
        return _index_lines(archive)
    lines = _saved_index(archive)
    if lines is not None:
        return lines
    lines = _index_lines(archive)
    if not save:
        return lines
    try:
        (archive / INDEX_NAME).write_text("".join(lines), "utf-8")
    except OSError as exc:
        logger.info("CDXJ index kept in memory, %s not writable: %s", archive, exc)
    return lines


class ArchiveIndex:
    """Captures of an archive by URL, and the responses they recorded."""

    def __init__(self, archive: Path, entries: list[IndexEntry]) -> None:
        self.archive = archive
        self.root = archive if archive.is_dir() else archive.parent
        self._by_key: dict[str, list[IndexEntry]] = {}
        self._originals: Originals[IndexEntry] = Originals(url_key)
        for entry in entries:
            self._by_key.setdefault(entry.urlkey, []).append(entry)
            if not entry.is_revisit:
                self._originals.add(
                    entry, uri=entry.url, timestamp=entry.timestamp, digest=entry.digest
                )

    @classmethod
    def open(cls, archive: Path, *, save: bool = True) -> ArchiveIndex:
        lines = index_lines(archive, save=save)
        return cls(archive, [e for line in lines if (e := IndexEntry.parse(line)) is not None])

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._by_key.values())

    def captures(self, url: str) -> list[IndexEntry]:
        """Every capture of ``url`` or of an equivalent URL (the same SURT key)."""
        return list(self._by_key.get(url_key(url), ()))

    def lookup(self, url: str) -> IndexEntry | None:
        """The capture to serve for ``url``: the exact URL before an equivalent one, a
        capture that is no server error before one that is, then the latest."""
        entries = self._by_key.get(url_key(url))
        if not entries:
            return None
        return max(
            entries,
            key=lambda e: (e.url == url, (e.status or 0) < 500, e.timestamp, e.offset),
        )

    def response(self, entry: IndexEntry) -> HttpResponse:
        """The recorded response, body decoded, a revisit's payload taken from its
        original. Raises :class:`RecordError` when it cannot be read."""
        record = self._read(entry)
        if not entry.is_revisit:
            return self._replayed(record, None)
        original = self._original(entry, record)
        if original is None:
            raise RecordError("revisit whose original is not in the archive")
        return self._replayed(record, self._read(original))

    def _original(self, entry: IndexEntry, record: StoredRecord) -> IndexEntry | None:
        return self._originals.original(
            Revisit(
                uri=entry.url,
                timestamp=entry.timestamp,
                digest=entry.digest,
                refers_to_uri=record.warc.get("warc-refers-to-target-uri", ""),
                refers_to_date=timestamp(record.warc.get("warc-refers-to-date", "")),
            )
        )

    def _read(self, entry: IndexEntry) -> StoredRecord:
        try:
            with (self.root / entry.filename).open("rb") as stream:
                return read_record(stream, entry.offset)
        except OSError as exc:
            raise RecordError(f"{entry.filename}: {exc.strerror or exc}") from None

    @staticmethod
    def _replayed(record: StoredRecord, original: StoredRecord | None) -> HttpResponse:
        try:
            return replayed(record, original)
        except PayloadError as exc:
            raise RecordError(str(exc)) from None
