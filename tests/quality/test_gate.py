"""The extraction quality gate: floors per fixture case, on what no other test requires.

``tests/test_fixtures.py`` already requires every field of every case to match exactly as the
site's family extracts it, so the ``floors`` section (body F1 by the site's family) stays at
1.0. What the gate measures of its own is the **generic path forced on every case**: the
text-density fallback and metadata layers alone, as they serve unregistered sites and a
registered site after a redesign breaks its selectors. Per case:

- ``generic_body_f1``: token F1 of the body extracted by the generic family;
- ``generic_fields``: the share of extracted fields (all but ``site``) that the generic
  family gets exactly right.

A floor may only go down with a reason recorded under ``"lowered"`` (keyed by
``SECTION:CASE``) in floors.json; the gate compares the file with its committed versions, so
a lowered floor never slips in unnoticed. Raise floors when extraction improves
(``python -m tests.quality.raise_floors``).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from jambicrawl import extract_pages
from jambicrawl.items import EXTRACTED_FIELDS
from jambicrawl.registry import GENERIC_SITE
from tests.fixturecases import all_cases
from tests.quality.floorfile import lowered_without_reason
from tests.quality.metrics import token_f1

if TYPE_CHECKING:
    from collections.abc import Callable

    from jambicrawl.items import Article
    from tests.fixturecases import Case

FLOORS_FILE = Path(__file__).with_name("floors.json")
FLOORS = json.loads(FLOORS_FILE.read_text("utf-8"))
CASES = all_cases()
#: Fields the generic family is scored on: ``site`` is "generic" by construction.
GENERIC_FIELDS = tuple(f for f in EXTRACTED_FIELDS if f != "site")


def _by_family(case: Case) -> Article:
    return extract_pages(case.responses(), case.site if case.site != "generic" else None)


def _by_generic(case: Case) -> Article:
    pages = case.responses()
    host = urlsplit(pages[0].url).hostname or ""
    return extract_pages(pages, replace(GENERIC_SITE, hosts=(host,)))


def measured_f1(case: Case) -> float:
    return token_f1(_by_family(case).body, case.expected["body"])


def generic_body_f1(case: Case) -> float:
    return token_f1(_by_generic(case).body, case.expected["body"])


def generic_fields(case: Case) -> float:
    got = _by_generic(case).to_dict()
    right = [f for f in GENERIC_FIELDS if got[f] == case.expected[f]]
    return len(right) / len(GENERIC_FIELDS)


#: Each section of floors.json and what it measures.
SECTIONS: dict[str, Callable[[Case], float]] = {
    "floors": measured_f1,
    "generic_body_f1": generic_body_f1,
    "generic_fields": generic_fields,
}


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_meets_its_floor(case: Case, section: str) -> None:
    floor = FLOORS.get(section, {}).get(case.id)
    assert floor is not None, (
        f"no {section} floor for {case.id}: python -m tests.quality.raise_floors"
    )
    assert SECTIONS[section](case) >= floor


def test_the_generic_floors_are_not_all_perfect() -> None:
    """The generic sections hold what exact fixtures do not already require."""
    assert any(value < 1.0 for value in FLOORS["generic_fields"].values())


@pytest.mark.parametrize(("newer_rev", "older_rev"), [(None, "HEAD"), ("HEAD", "HEAD~1")])
def test_floors_never_lowered_silently(newer_rev: str | None, older_rev: str) -> None:
    lowered = lowered_without_reason(FLOORS_FILE, newer_rev, older_rev, tuple(SECTIONS))
    if lowered is None:
        pytest.skip(f"no committed floors at {older_rev}")
    assert not lowered, f"floors lowered without a reason in 'lowered': {lowered}"
