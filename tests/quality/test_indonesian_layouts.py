"""The Indonesian layout set on the generic path: every case right is the floor.

Each case (``tests/quality/indonesian/``) is a page of an Indonesian news site nobody
registered; the title must be the headline, the publication time the one the article
prints (within a minute; the day where the page prints only a day), the body reach the
case's F1 floor, and the writers and editors be those the page prints. A rule that breaks
one case does not land.
"""

from __future__ import annotations

import warnings
from functools import cache

import pytest

from jambicrawl import extract_article
from jambicrawl.items import Article
from tests.quality.idlayouts import (
    LayoutCase,
    body_f1,
    date_right,
    load_cases,
    title_right,
)

CASES = load_cases()
_IDS = [case.id for case in CASES]


@cache
def _extracted(case_id: str) -> Article:
    case = next(c for c in CASES if c.id == case_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return extract_article(case.html, case.url, captured_at=case.captured_at)


def test_the_set_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_title(case: LayoutCase) -> None:
    got = _extracted(case.id).title
    assert title_right(got, case.title), f"{got!r} != {case.title!r}"


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_publication_time(case: LayoutCase) -> None:
    got = _extracted(case.id).date_published
    assert date_right(got, case.published), f"{got} != {case.published}"


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_body(case: LayoutCase) -> None:
    f1 = body_f1(_extracted(case.id).body, case.body)
    assert f1 >= case.body_floor, f"body F1 {f1:.3f} < {case.body_floor}"


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_people(case: LayoutCase) -> None:
    """The writers and editors the page prints, and no one else: a newsroom ("Redaksi"),
    an admin account or a commenter is no writer."""
    article = _extracted(case.id)
    if case.authors is not None:
        assert article.authors == case.authors
    if case.editors is not None:
        assert article.editors == case.editors
