"""Real pages of the Tribun and Antara networks read by the entries of the Jambi sites that
share their templates: the registered path gives what the page says (the generic case's
expected Article, or what the real page's source expects: tests/real_pages/), and the
template's selectors find the byline the page prints."""

from __future__ import annotations

import pytest

from jambicrawl import extract_pages
from tests.fixturecases import Case, RealPage, family_pages, real_pages
from tests.quality.metrics import shingle_f1

PAGES = family_pages()
#: The least body F1: the source's bodies keep the dateline, and a press release's video,
#: photo and web links, which the body leaves out.
_REAL_BODY_FLOOR = 0.9
_IDS = [case.id for case, _ in PAGES]


@pytest.mark.parametrize(("case", "site"), PAGES, ids=_IDS)
def test_registered_path_reads_what_the_page_says(case: Case, site: str) -> None:
    article = extract_pages(case.responses(), site)
    assert article.site == site
    got = article.to_dict()
    for field, expected in case.expected.items():
        if field != "site":
            assert got[field] == expected, field


@pytest.mark.parametrize(("case", "site"), PAGES, ids=_IDS)
def test_template_finds_the_printed_byline(case: Case, site: str) -> None:
    """Tribun's 2020 pages print "Editor: Name" with no link, Antara's 2015 pages their
    "Pewarta:" and "Editor:" lines: the site layer reads them, not the generic search."""
    article = extract_pages(case.responses(), site)
    assert article.sources["editors"] == "site"
    assert article.editors == case.expected["editors"]


REAL = real_pages()


@pytest.mark.parametrize("page", REAL, ids=[p.file for p in REAL])
def test_real_pages_of_the_families_read_right(page: RealPage) -> None:
    """Title, publication time and body of real network pages through the Jambi site's
    entry, against what their source's tests expect (its bodies keep the dateline)."""
    article = extract_pages([page.response()], page.site)
    assert article.site == page.site
    assert article.title == page.title
    assert article.date_published == page.published
    assert article.sources["body"] == "site"
    assert shingle_f1(article.body, page.body) >= _REAL_BODY_FLOOR
