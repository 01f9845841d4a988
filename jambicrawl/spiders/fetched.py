"""What a spider hands on: the raw pages of one article, not yet extracted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jambicrawl.pages import PageResponse
from jambicrawl.warc.citations import citation_of

if TYPE_CHECKING:
    from scrapy.http import Response

    from jambicrawl.pages.fields.dating import Discovered


@dataclass(slots=True)
class FetchedArticle:
    """Pages 1..n of one article as fetched; ``complete`` is False when a page failed."""

    site: str
    pages: list[PageResponse] = field(default_factory=list)
    complete: bool = True
    #: What the sitemap or feed entry that led to the article said of its dates.
    discovered: Discovered | None = None


@dataclass(frozen=True, slots=True)
class NotModified:
    """A known article the site answered ``304 Not Modified`` for: stored unchanged."""

    site: str
    canonical_url: str


def page_response(response: Response) -> PageResponse:
    """A Scrapy response as a page object's input, citing its WARC record when the archiving
    extension archived it, and dated as the record is (:func:`citation_of`)."""
    headers = {
        key.decode("latin-1"): values[-1].decode("latin-1")
        for key, values in response.headers.items()
        if values
    }
    captured_at, capture = citation_of(response)
    return PageResponse(
        url=response.url,
        body=response.body,
        headers=headers,
        status=response.status,
        captured_at=captured_at,
        capture=capture,
    )
