"""The extraction quality gate: body-text F1 floors per fixture case.

A floor may only go down with a reason recorded under ``"lowered"`` in floors.json; the
gate compares the file with its committed versions, so a lowered floor never slips in
unnoticed. Raise floors when extraction improves (``python -m tests.quality.raise_floors``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jambicrawl import extract_pages
from tests.fixturecases import all_cases
from tests.quality.floorfile import lowered_without_reason
from tests.quality.metrics import token_f1

FLOORS_FILE = Path(__file__).with_name("floors.json")
FLOORS = json.loads(FLOORS_FILE.read_text("utf-8"))
CASES = all_cases()


def measured_f1(case: object) -> float:
    site = case.site if case.site != "generic" else None  # type: ignore[attr-defined]
    article = extract_pages(case.responses(), site)  # type: ignore[attr-defined]
    return token_f1(article.body, case.expected["body"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_body_f1_meets_floor(case: object) -> None:
    floor = FLOORS["floors"].get(case.id)  # type: ignore[attr-defined]
    assert floor is not None, f"no floor for {case.id}: run python -m tests.quality.raise_floors"  # type: ignore[attr-defined]
    assert measured_f1(case) >= floor


@pytest.mark.parametrize(("newer_rev", "older_rev"), [(None, "HEAD"), ("HEAD", "HEAD~1")])
def test_floors_never_lowered_silently(newer_rev: str | None, older_rev: str) -> None:
    lowered = lowered_without_reason(FLOORS_FILE, newer_rev, older_rev)
    if lowered is None:
        pytest.skip(f"no committed floors at {older_rev}")
    assert not lowered, f"floors lowered without a reason in 'lowered': {lowered}"
