"""The edits a newsroom makes to a published article, as a living mirror makes them.

Each is a real correction, the kind the version guard must let through
(:mod:`jambicrawl.pipelines.guard`): nothing is lost, the body keeps its length within
bounds, the date stays on the day its URL names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from jambicrawl.mirror import words

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime, tzinfo

#: The kinds of edit, in the order a site's edits take them.
EDIT_KINDS = ("sentence", "paragraph", "title", "time")
#: What a "time" edit moves the publication time by (staying on the same day).
TIME_FIX = timedelta(minutes=47)


@dataclass(frozen=True, slots=True)
class Version:
    """What a generated article says at one moment of a living mirror."""

    title: str
    published: datetime
    paragraphs: tuple[str, ...]
    #: When it was last edited; None: as published.
    modified: datetime | None = None


def _sentence(version: Version, rng: random.Random) -> Version:
    """A corrected sentence: the last one of a paragraph after the lead says otherwise."""
    paragraphs = list(version.paragraphs)
    at = rng.randrange(1, len(paragraphs)) if len(paragraphs) > 1 else 0
    kept, _, _ = paragraphs[at].rstrip(".").rpartition(". ")
    new = words.sentence(rng)
    while new in paragraphs[at]:
        new = words.sentence(rng)
    paragraphs[at] = f"{kept}. {new}" if kept else new
    return replace(version, paragraphs=tuple(paragraphs))


def _paragraph(version: Version, rng: random.Random) -> Version:
    """A new paragraph at the end, as an update adds it."""
    update = " ".join(words.sentence(rng) for _ in range(2))
    return replace(version, paragraphs=(*version.paragraphs, f"Pembaruan: {update}"))


def _title(version: Version, rng: random.Random) -> Version:
    """A fixed headline: the count it gives corrected (``1.240 Warga`` -> ``1.420 Warga``)."""
    head, _, tail = version.title.rpartition(", ")
    count, _, outcome = tail.partition(" ")
    new = count
    while new == count:
        new = words.number_text(rng)
    title = f"{head}, {new} {outcome}" if head and outcome else f"{version.title} (Ralat)"
    return replace(version, title=title)


def _time(version: Version, zone: tzinfo) -> Version:
    """A fixed publication time, on the same day (its URL's day)."""
    local = version.published.astimezone(zone)
    earlier = local - TIME_FIX
    fixed = earlier if earlier.date() == local.date() else local + TIME_FIX
    return replace(version, published=fixed.astimezone(version.published.tzinfo))


def edit(version: Version, kind: str, when: datetime, seed: str, zone: tzinfo) -> Version:
    """``version`` after an edit of ``kind`` (one of :data:`EDIT_KINDS`) made at ``when``;
    ``seed`` picks what the edit says."""
    rng = random.Random(seed)
    edits: dict[str, Callable[[], Version]] = {
        "sentence": lambda: _sentence(version, rng),
        "paragraph": lambda: _paragraph(version, rng),
        "title": lambda: _title(version, rng),
        "time": lambda: _time(version, zone),
    }
    return replace(edits[kind](), modified=when)
