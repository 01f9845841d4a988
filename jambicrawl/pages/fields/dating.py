"""Which publication time the evidence supports.

A page's own date can go wrong without going missing: a relaunch prints "6 bulan lalu"
instead of the date, or a selector takes a sidebar's time. Every article has other evidence:
the date in its URL path, the sitemap or feed entry that led to it, its JSON-LD, meta tags and
printed date. :func:`decide` weighs them: the value stored is one the evidence supports, a
relative date never becomes a time of day it does not have, and a date that the URL or the
discovery entry contradicts by more than a day is flagged and not trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from jambicrawl.items import DateEvidence
from jambicrawl.normalize.dates import at_precision, gives_time, parse_date, relative_precision

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import tzinfo

    from jambicrawl.items import Layer

#: A date in the URL path: ``/2022/09/05/``.
URL_DATE = re.compile(r"/((?:20|19)\d{2})/(\d{2})/(\d{2})/")
#: The layers of the evidence from outside the page.
EXTERNAL = ("discovery", "url")
#: How far apart two values may be and still agree (the issue of a day's zone, a late edit).
TOLERANCE = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Discovered:
    """What discovery said of the article: the publication time of its feed item, news
    sitemap or listing entry, and its sitemap ``lastmod`` (ISO 8601, or None)."""

    published: str | None = None
    modified: str | None = None

    def to_meta(self) -> dict[str, str]:
        """As a request's meta value (plain strings: the queue on disk keeps it)."""
        return {k: v for k, v in (("published", self.published), ("modified", self.modified)) if v}

    @classmethod
    def from_meta(cls, value: object) -> Discovered | None:
        if not isinstance(value, dict) or not value:
            return None
        return cls(value.get("published"), value.get("modified"))


@dataclass(frozen=True, slots=True)
class Candidate:
    """One value found for the publication time."""

    source: str
    when: datetime
    precision: str
    raw: str
    layer: Layer
    #: Printed relative to the capture ("2 jam lalu"): an estimate.
    relative: bool = False

    @property
    def start(self) -> datetime:
        """The first instant the value may stand for (a day's midnight, a month's first)."""
        if self.precision == "minute":
            return self.when
        day = self.when.replace(hour=0, minute=0, second=0, microsecond=0)
        if self.precision == "month":
            return day.replace(day=1)
        return day.replace(month=1, day=1) if self.precision == "year" else day

    @property
    def end(self) -> datetime:
        """The instant after the last one it may stand for."""
        if self.precision == "minute":
            return self.when + timedelta(minutes=1)
        if self.precision == "day":
            return self.start + timedelta(days=1)
        if self.precision == "month":
            return (self.start + timedelta(days=32)).replace(day=1)
        return self.start.replace(year=self.start.year + 1)

    @property
    def value(self) -> str:
        return at_precision(self.when, self.precision)


def candidate(source: str, iso_value: str, raw: str, layer: Layer) -> Candidate | None:
    """A candidate of an extracted value (ISO 8601) and the text it was read from."""
    when = parse_date(iso_value)
    if when is None:
        return None
    precision = relative_precision(raw)
    if precision is not None:
        return Candidate(source, when, precision, raw, layer, relative=True)
    # The parsed time first: reading the raw text again is needed only for midnight.
    has_time = (when.hour, when.minute, when.second) != (0, 0, 0) or gives_time(raw)
    return Candidate(source, when, "minute" if has_time else "day", raw, layer)


def url_candidate(url: str, zone: tzinfo) -> Candidate | None:
    match = URL_DATE.search(url)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        when = datetime(year, month, day, tzinfo=zone)
    except ValueError:
        return None
    return Candidate("url", when, "day", match.group(0), "url")


def discovery_candidates(discovered: Discovered | None, zone: tzinfo) -> list[Candidate]:
    """The entry's publication time, then its ``lastmod`` (a bound, not a publication)."""
    found: list[Candidate] = []
    for kind, text in (("published", discovered and discovered.published),
                       ("modified", discovered and discovered.modified)):  # fmt: skip
        when = parse_date(text or None, default_tz=zone)
        if when is not None and text:
            precision = "minute" if gives_time(text) else "day"
            found.append(Candidate(f"discovery:{kind}", when.astimezone(zone), precision,
                                   text, "discovery"))  # fmt: skip
    return found


def _distance(a: Candidate, b: Candidate) -> timedelta:
    """How far apart the two spans of time are (zero when they overlap)."""
    return max(timedelta(0), b.start - a.end, a.start - b.end)


def contradicts(evidence: Candidate, value: Candidate) -> bool:
    """Whether ``evidence`` says ``value`` cannot be the publication time: more than a day
    apart; a sitemap ``lastmod`` only when the value comes more than a day after it."""
    if evidence.source == "discovery:modified":
        return value.start - evidence.end > TOLERANCE
    return _distance(evidence, value) > TOLERANCE


def _agrees(evidence: Candidate, value: Candidate) -> bool:
    if evidence.source == "discovery:modified":
        return not contradicts(evidence, value)
    return _distance(evidence, value) <= TOLERANCE


@dataclass(slots=True)
class Dating:
    """The publication time the evidence supports, and why."""

    chosen: Candidate | None
    evidence: list[DateEvidence] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def decide(
    page: Sequence[Candidate],
    external: Sequence[Candidate],
    first: Candidate | None,
    fallbacks: Sequence[str] = EXTERNAL,
) -> Dating:
    """The publication time of an article.

    ``first`` is the value the layers give (JSON-LD, meta, the site's selectors, the generic
    printed date, in that order); ``page`` every value the page gives, ``external`` those of
    its URL and discovery entry. The layers' value stands unless it is relative or an
    external value contradicts it; then a page value the external ones support, else an
    external publication time of a layer in ``fallbacks`` (in that order), is stored."""
    flags: set[str] = set()
    chosen = first
    publications = sorted(
        (e for e in external if e.source != "discovery:modified" and e.layer in fallbacks),
        key=lambda e: list(fallbacks).index(e.layer),
    )
    if chosen is not None:
        relative = chosen.relative
        contradicted = any(contradicts(e, chosen) for e in external)
        if relative:
            flags.add("date_relative")
        if contradicted:
            flags.add("date_conflict")
        if relative or contradicted:
            supported = [
                c for c in page
                if not c.relative
                and not any(contradicts(e, c) for e in external)
                and any(_agrees(e, c) for e in publications)
            ]  # fmt: skip
            fallback = [
                e for e in publications
                if not any(contradicts(other, e) for other in external if other is not e)
            ]  # fmt: skip
            # Last, a page value nothing contradicts: an absolute date the page prints
            # beside a relative one.
            uncontradicted = [
                c for c in page
                if not c.relative and not any(contradicts(e, c) for e in external)
            ]  # fmt: skip
            replacement = next(iter(supported + fallback + uncontradicted), None)
            if replacement is not None:
                chosen = replacement
            elif contradicted:
                chosen = None  # a date the evidence refutes is no date
    elif publications:
        chosen = publications[0]
    everything = [*page, *external]
    if chosen is not None and not any(
        _agrees(other, chosen) for other in everything if other.source != chosen.source
    ):
        flags.add("date_uncorroborated")
    evidence = [
        DateEvidence(
            source=c.source.partition(":")[0],
            value=c.value,
            precision=c.precision,
            raw=c.raw,
            agrees=chosen is None or _agrees(c, chosen),
        )
        for c in everything
    ]
    return Dating(chosen, evidence, sorted(flags))
