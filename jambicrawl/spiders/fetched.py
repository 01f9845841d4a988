"""What a spider hands on: the raw pages of one article, not yet extracted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from jambicrawl.items import Capture
from jambicrawl.pages import PageResponse
from jambicrawl.warc.extension import CAPTURE_META

if TYPE_CHECKING:
    from scrapy.http import Response


@dataclass(slots=True)
class FetchedArticle:
    """Pages 1..n of one article as fetched; ``complete`` is False when a page failed."""

    site: str
    pages: list[PageResponse] = field(default_factory=list)
    complete: bool = True


@dataclass(frozen=True, slots=True)
class NotModified:
    """A known article the site answered ``304 Not Modified`` for: stored unchanged."""

    site: str
    canonical_url: str


def page_response(response: Response) -> PageResponse:
    """A Scrapy response as a page object's input, citing its WARC record when the capture
    extension archived it, and dated as the record is: a replay of the archive then picks
    the same parser version and anchors relative dates alike."""
    headers = {
        key.decode("latin-1"): values[-1].decode("latin-1")
        for key, values in response.headers.items()
        if values
    }
    archived = response.meta.get(CAPTURE_META)
    if archived:
        captured_at = datetime.strptime(archived["warc_date"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=UTC
        )
        capture = Capture(
            url=response.url,
            captured_at=archived["warc_date"],
            record_id=archived["record_id"],
            payload_digest=archived["payload_digest"],
        )
    else:
        captured_at = datetime.now(UTC).replace(microsecond=0)
        capture = Capture(url=response.url, captured_at=captured_at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return PageResponse(
        url=response.url,
        body=response.body,
        headers=headers,
        status=response.status,
        captured_at=captured_at,
        capture=capture,
    )
