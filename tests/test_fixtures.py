"""Every page fixture against its expected Article, one test per field."""

from __future__ import annotations

import pytest

from jambicrawl import extract_pages
from jambicrawl.items import Article
from tests.fixturecases import Case, all_cases

CASES = all_cases()
_articles: dict[str, Article] = {}


def _article(case: Case) -> Article:
    if case.id not in _articles:
        _articles[case.id] = extract_pages(
            case.responses(), case.site if case.site != "generic" else None
        )
    return _articles[case.id]


def _params() -> list[object]:
    return [
        pytest.param(case, field, id=f"{case.id}:{field}")
        for case in CASES
        for field in case.expected
    ]


@pytest.mark.parametrize(("case", "field"), _params())
def test_field(case: Case, field: str) -> None:
    actual = _article(case).to_dict()[field]
    assert actual == case.expected[field]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_serialisation_is_stable(case: Case) -> None:
    article = _article(case)
    again = extract_pages(case.responses(), case.site if case.site != "generic" else None)
    assert again.to_json().encode() == article.to_json().encode()
    assert Article.from_dict(article.to_dict()) == article
