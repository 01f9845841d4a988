"""CSS selectors compiled once to XPath: extraction runs them on every page."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from cssselect import GenericTranslator, SelectorError
from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Iterable

    import lxml.html


class _Translator(GenericTranslator):
    """cssselect's translator with a cheap test first for ``.class`` and ``[a~=v]``: the
    standard ``concat(normalize-space(@class))`` runs on every element of the page and
    made class selectors the largest cost of extraction."""

    def xpath_attrib_includes(self, xpath: Any, name: str, value: str | None) -> Any:
        if value and not any(c.isspace() for c in value):
            substring = self.xpath_literal(value)
            word = self.xpath_literal(f" {value} ")
            return xpath.add_condition(
                f"{name} and contains({name}, {substring}) and "
                f"contains(concat(' ', normalize-space({name}), ' '), {word})"
            )
        return super().xpath_attrib_includes(xpath, name, value)


_TRANSLATOR = _Translator()


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
