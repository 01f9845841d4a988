"""The Article record: what every stage after extraction passes along.

Every attribute documents its format here, and nowhere else. Serialisation is stable: the
same Article gives the same JSON bytes (fixed key order, no floating point, UTF-8 text).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

#: Which extraction layer produced a field, from most to least trusted; a date may also
#: come from the article's URL path or from the sitemap or feed entry that led to it.
Layer = Literal["jsonld", "meta", "site", "generic", "url", "discovery"]

#: How much of a date is known: a time to the minute, the day, the month or the year.
Precision = Literal["minute", "day", "month", "year"]

#: Where a value of ``date_published`` was found: the URL path (``/2022/09/05/``), the
#: sitemap, news sitemap, feed or listing entry that led to the article, JSON-LD, meta tags,
#: the date the page prints.
EvidenceSource = Literal["url", "discovery", "jsonld", "meta", "printed"]


@dataclass(slots=True)
class Image:
    """An image of the article body or its lead."""

    #: Absolute URL of the image as the page links it.
    url: str
    #: Caption as printed next to the image, whitespace collapsed; "" when there is none.
    caption: str = ""


@dataclass(slots=True)
class Capture:
    """Where one page of an article was archived, so that a researcher can cite it."""

    #: URL of the page as fetched.
    url: str
    #: Capture time, ISO 8601 UTC (``WARC-Date``), e.g. ``2026-11-27T22:39:44Z``.
    captured_at: str
    #: Name of the WARC file (no folder), "" when the page was not archived.
    warc_file: str = ""
    #: ``WARC-Record-ID`` of the response record, e.g. ``<urn:uuid:...>``.
    record_id: str = ""
    #: ``WARC-Payload-Digest`` of the response record, e.g. ``sha1:ABC...``.
    payload_digest: str = ""


@dataclass(slots=True)
class DateEvidence:
    """One independent value found for an article's publication time."""

    #: Where it was found (:data:`EvidenceSource`).
    source: str
    #: The value, formatted as ``date_published`` is at its precision.
    value: str
    #: ``minute``, ``day``, ``month`` or ``year`` (:data:`Precision`).
    precision: str
    #: The value as its source wrote it.
    raw: str = ""
    #: Whether it agrees, within a day, with the ``date_published`` stored.
    agrees: bool = True


def article_json(data: dict[str, Any]) -> str:
    """:meth:`Article.to_json` of an Article's :meth:`~Article.to_dict`."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(slots=True)
class Article:
    """One news article, normalised.

    Absent values are ``None`` for scalars and empty lists for lists, never "".
    """

    #: URL of the first page as fetched.
    url: str
    #: Canonical URL: the page's ``rel=canonical`` when it is on the same site, else ``url``;
    #: page parameters (``?page=N``, Disway's trailing ``/N``), AMP paths and tracking
    #: parameters (``utm_*``, ``_ga``, ``_gl``) removed.
    canonical_url: str
    #: Registry name of the site, e.g. ``tribunjambi``; ``generic`` for an unregistered site.
    site: str
    #: Headline without the site's suffix (`` - Tribunjambi.com``), whitespace collapsed.
    title: str | None = None
    #: Lead or standfirst where the site prints one (not the meta description).
    subtitle: str | None = None
    #: Publication time, ISO 8601 with the real offset, e.g. ``2022-09-05T14:59:00+07:00``.
    #: A time printed without a zone is taken as the site's zone (WIB, +07:00, in Jambi).
    date_published: str | None = None
    #: Publication time exactly as the page printed it, e.g. ``Senin 05-09-2022,14:59 WIB``.
    date_published_raw: str | None = None
    #: How much of ``date_published`` is known (:data:`Precision`): ``minute`` gives the
    #: full form above; ``day`` is ``2022-09-05`` (a day printed with no time is no
    #: midnight), ``month`` ``2022-09``, ``year`` ``2022``; None when there is no date.
    date_published_precision: str | None = None
    #: Last modification time, same format as ``date_published``.
    date_modified: str | None = None
    #: Reporters and writers, in page order, without role words ("Reporter :", "Penulis:").
    authors: list[str] = field(default_factory=list)
    #: Editors, in page order.
    editors: list[str] = field(default_factory=list)
    #: Place of the dateline that opened the body, upper-cased: ``JAMBI``, ``MATARAM, NTB``.
    dateline: str | None = None
    #: Reporter or desk initials of the closing sign-off without brackets: ``hfz``, ``*``.
    signoff: str | None = None
    #: Main section, e.g. ``Kota Jambi``.
    category: str | None = None
    #: Tags in page order, duplicates removed.
    tags: list[str] = field(default_factory=list)
    #: Article text: paragraphs joined by one blank line (``\n\n``), datelines, sign-offs,
    #: bylines, "Baca juga" and other inserts, ads and boilerplate removed.
    body: str | None = None
    #: Images of the article, lead image first, duplicates removed.
    images: list[Image] = field(default_factory=list)
    #: BCP 47 language code, ``id`` for Indonesian.
    language: str | None = None
    #: Number of whitespace-separated words in ``body``.
    word_count: int = 0
    #: Number of pages the article was printed on (1 for a single page).
    page_count: int = 1
    #: False when a later page of a multi-page article could not be fetched: the body is short.
    complete: bool = True
    #: For every extracted field, the layer that produced it (``jsonld``, ``meta``, ``site``,
    #: ``generic``), keys in schema order.
    sources: dict[str, Layer] = field(default_factory=dict)
    #: Where each page came from (filled by the crawler and by replay; empty otherwise).
    captures: list[Capture] = field(default_factory=list)
    #: Every independent value found for ``date_published`` (:class:`DateEvidence`).
    date_evidence: list[DateEvidence] = field(default_factory=list)
    #: What makes this record doubtful, sorted (see :data:`FLAGS`); empty when nothing does.
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The Article as plain JSON-ready data, keys in schema order."""
        return asdict(self)

    def to_json(self) -> str:
        """Stable one-line JSON: same Article, same bytes."""
        return article_json(self.to_dict())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_dict`; unknown keys are rejected."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown Article fields: {', '.join(sorted(unknown))}")
        values = dict(data)
        values["images"] = [Image(**i) for i in values.get("images", [])]
        values["captures"] = [Capture(**c) for c in values.get("captures", [])]
        values["date_evidence"] = [DateEvidence(**e) for e in values.get("date_evidence", [])]
        return cls(**values)


#: Every flag an Article may carry, and what it means. Flags set by extraction describe
#: the page; those set when the article is stored compare it with its stored current
#: version and with the other articles of the same crawl of its site.
FLAGS: dict[str, str] = {
    # Publication time (extraction).
    "date_relative": 'the page printed a relative time ("2 jam lalu", "kemarin"): '
    "date_published holds what corroborates it, or the estimate at its precision",
    "date_uncorroborated": "no independent source (URL, sitemap or feed entry, JSON-LD, "
    "meta, printed date) agrees with the date stored",
    "date_conflict": "the URL path or the sitemap or feed entry contradicts the date the "
    "page gives by more than a day: the date stored is theirs",
    # The page (extraction).
    "soft_404": "the page says the article was not found, though the server answered 200",
    "interstitial": "a consent, cookie or bot-check page stands where the article was",
    "paywall_suspected": 'the text stops at a subscription notice ("konten premium")',
    "body_missing": "no article text was found on the page",
    # Against the stored current version (storing).
    "fields_lost": "a field the stored current version has is missing",
    "body_shrank": "the body is cut to a fraction of the stored current version's",
    "body_grew": "the body is the stored one with much unrelated text around it",
    "date_less_precise": "the date is known to a coarser precision than the stored one's",
    "layer_changed": "a field now comes from another extraction layer than before",
    # Against the other articles of the same crawl of the site (storing).
    "body_shared": "the same body as several other articles of the crawl",
    "title_shared": "the same title as several other articles of the crawl",
    # The outcome.
    "held_back": "stored as a flagged version; the article's current version stays the "
    "earlier one (or there is none yet)",
}

#: Article fields that extraction fills (everything except crawl bookkeeping).
EXTRACTED_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in fields(Article)
    if f.name not in {"url", "sources", "captures", "complete", "date_evidence", "flags"}
)
