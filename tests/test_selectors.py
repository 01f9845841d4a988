"""The selector compiler: its shortcuts must select exactly what plain cssselect selects."""

from __future__ import annotations

from dataclasses import fields

import pytest
from cssselect import GenericTranslator
from lxml import etree, html

from jambicrawl.pages.selectors import PageSource, compile_css, select
from jambicrawl.registry import load_registry
from jambicrawl.registry.families import FAMILIES
from tests.fixturecases import all_cases

#: Shapes the registry does not use yet but a sites file may.
EXTRA_SELECTORS = (
    "div#content_news > p",
    "article .entry-content p:not(.caption)",
    "div.post:has(h1)",
    ":is(h1, h2).title",
    "#a#b",
    "[data-role='byline' i]",
    "h1 + p",
    "h1 ~ div.tags a",
    "[class*=caption]",
    "a[href^='https://'][rel=tag]",
    "li:nth-child(2) > a",
    'meta[property="og:title"]',
)


def registry_selectors() -> set[str]:
    found: set[str] = set(EXTRA_SELECTORS)
    for family in FAMILIES.values():
        for template in family.layouts:
            for f in fields(template):
                value = getattr(template, f.name)
                if isinstance(value, tuple):
                    found.update(value)
    for site in load_registry():
        for values in site.selectors.values():
            found.update(values)
    return found


def plain_xpath(selector: str) -> etree.XPath:
    return etree.XPath(GenericTranslator().css_to_xpath(selector))


@pytest.fixture(scope="module")
def pages() -> list[etree._Element]:
    roots = []
    for case in all_cases():
        for response in case.responses():
            roots.append(html.document_fromstring(response.body))
    return roots


def test_compiled_selectors_match_plain_cssselect(pages: list[etree._Element]) -> None:
    selectors = sorted(registry_selectors())
    assert len(selectors) > 50
    for root in pages:
        # The page and an element inside it: selectors also run scoped to a container.
        body = root.find("body")
        for context in (root, body if body is not None else root):
            for selector in selectors:
                try:
                    expected = plain_xpath(selector)(context)
                except etree.XPathEvalError:
                    continue
                assert compile_css(selector)(context) == expected, selector


def test_page_source_answers_selectors_the_page_cannot_match() -> None:
    source = PageSource('<div class="read__content"><p>x</p></div>')
    root = html.fromstring(str(source))
    assert select(root, "div.read__content p", source)
    assert select(root, "div.post-content p", source) == []
    assert source.mentions("read__content") and not source.mentions("post-content")
