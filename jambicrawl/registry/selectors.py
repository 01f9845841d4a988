"""CSS selectors compiled once to XPath: extraction runs them on every page."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, cast

from cssselect import GenericTranslator, SelectorError
from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Iterable

    import lxml.html

_TRANSLATOR = GenericTranslator()


class BadSelectorError(ValueError):
    """A CSS selector that cannot be compiled."""


@lru_cache(maxsize=1024)
def compile_css(selector: str) -> etree.XPath:
    """The XPath of a CSS selector; :class:`BadSelectorError` when it is not valid CSS."""
    try:
        return etree.XPath(_TRANSLATOR.css_to_xpath(selector))
    except (SelectorError, etree.XPathSyntaxError) as exc:
        raise BadSelectorError(f"bad CSS selector {selector!r}: {exc}") from None


def select(root: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    """Elements under ``root`` that match ``selector``."""
    return cast("list[lxml.html.HtmlElement]", compile_css(selector)(root))


def first_match(
    root: lxml.html.HtmlElement, selectors: Iterable[str]
) -> list[lxml.html.HtmlElement]:
    """Elements of the first selector that matches anything under ``root``."""
    for selector in selectors:
        found = select(root, selector)
        if found:
            return found
    return []
