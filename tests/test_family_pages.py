"""Real pages of the Tribun and Antara networks read by the entries of the Jambi sites that
share their templates: the registered path gives what the page says (the generic case's
expected Article), and the template's selectors find the byline the page prints."""

from __future__ import annotations

import pytest

from jambicrawl import extract_pages
from tests.fixturecases import Case, family_pages

PAGES = family_pages()
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
