"""The Indonesian layout set: hand-written pages of unregistered Indonesian news sites
(``tests/quality/indonesian/<case>/page.html`` and ``expected.json``; the folder's README
says how they were made), and how a case is judged.

A case is right when the title is exactly the headline, the publication time is the
expected one within a minute (or, where the page prints only a day, the day is), and the
body's 4-shingle F1 reaches the case's floor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jambicrawl.normalize.text import collapse
from tests.quality.metrics import shingle_f1

FOLDER = Path(__file__).with_name("indonesian")
#: A body F1 floor for cases that name none: every rule of the body (datelines, bylines,
#: date lines, inserts) is held by it; a case whose floor is lower says why
#: (``body_floor_why``).
DEFAULT_BODY_FLOOR = 0.97


@dataclass(frozen=True)
class LayoutCase:
    id: str
    url: str
    html: bytes
    captured_at: datetime
    title: str
    #: ISO 8601 with offset, or ``YYYY-MM-DD`` where the page prints only a day.
    published: str
    body: str
    body_floor: float
    #: The writers and editors the page prints (None: the case says nothing of them).
    authors: list[str] | None = None
    editors: list[str] | None = None


def load_cases(folder: Path = FOLDER) -> list[LayoutCase]:
    cases = []
    for case_dir in sorted(p for p in folder.iterdir() if (p / "expected.json").is_file()):
        expected = json.loads((case_dir / "expected.json").read_text("utf-8"))
        cases.append(
            LayoutCase(
                id=case_dir.name,
                url=expected["url"],
                html=(case_dir / "page.html").read_bytes(),
                captured_at=datetime.fromisoformat(expected["captured_at"]),
                title=expected["title"],
                published=expected["published"],
                body="\n\n".join(expected["body"]),
                body_floor=expected.get("body_floor", DEFAULT_BODY_FLOOR),
                authors=expected.get("authors"),
                editors=expected.get("editors"),
            )
        )
    return cases


def is_day_only(expected: str) -> bool:
    return len(expected) == 10


def date_right(got: str | None, expected: str) -> bool:
    """A day expectation compares the day as printed (the first ten characters, in the
    page's own zone); a time expectation needs a time of day within a minute of it."""
    if not got:
        return False
    if is_day_only(expected):
        return got[:10] == expected
    try:
        when = datetime.fromisoformat(got)
    except ValueError:
        return False
    if len(got) <= 10 or when.tzinfo is None:
        return False  # a day alone, or no zone: not the minute the page gives
    return abs((when - datetime.fromisoformat(expected)).total_seconds()) < 60


def title_right(got: str | None, expected: str) -> bool:
    return collapse(got) == collapse(expected)


def body_f1(got: str | None, expected: str) -> float:
    return shingle_f1(got, expected)
