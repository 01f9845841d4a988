"""The :class:`~jambicrawl.items.Capture` that cites an archived page: file, record, time,
payload digest, read from a record found by scanning an archive."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
