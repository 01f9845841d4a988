"""The :class:`~jambicrawl.items.Capture` that cites an archived page: file, record, time,
payload digest. Shared by replay and, through :func:`capture_from_record`, by the crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jambicrawl.items import Capture

if TYPE_CHECKING:
    from jambicrawl.replay.reader import RecordHead


def capture_of(head: RecordHead) -> Capture:
    """The citation of a response or revisit record found by scanning an archive."""
    return Capture(
        url=head.uri,
        captured_at=head.date,
        warc_file=head.file.name,
        record_id=head.record_id,
        payload_digest=head.payload_digest,
    )


def capture_from_record(record: Any, warc_file: str) -> Capture:
    """The citation of a warcio record, read from a file or built to be written.

    ``warc_file`` is the name of the file that holds (or will hold) it; a folder part is
    dropped, so that the citation survives moving the archive.
    """
    headers = record.rec_headers
    return Capture(
        url=str(headers.get_header("WARC-Target-URI") or ""),
        captured_at=str(headers.get_header("WARC-Date") or ""),
        warc_file=warc_file.replace("\\", "/").rsplit("/", 1)[-1],
        record_id=str(headers.get_header("WARC-Record-ID") or ""),
        payload_digest=str(headers.get_header("WARC-Payload-Digest") or ""),
    )
