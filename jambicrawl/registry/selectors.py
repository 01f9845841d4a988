"""CSS selectors compiled once to XPath: extraction runs them on every page."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from cssselect import GenericTranslator, SelectorError
from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Iterable


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


_TOKENS = re.compile(r"[.#]([\w-]+)|\[[\w-]+[*^$~|]?=\s*['\"]?([^'\"\]]+)")


@lru_cache(maxsize=1024)
def required_text(selector: str) -> tuple[str, ...]:
    """Strings the page's source must contain for ``selector`` to match anything: its class
    names, ids and attribute values."""
    return tuple(a or b for a, b in _TOKENS.findall(selector))


@lru_cache(maxsize=2048)
def _mentions(source: str, text: str) -> bool:
    # Families share class names ("post", "content"): each is looked for once per page.
    return text in source


def select(root: etree._Element, selector: str, source: str | None = None) -> list[etree._Element]:
    """Elements under ``root`` that match ``selector``. With the page's ``source``, a
    selector whose class names or values the page never mentions is answered at once:
    most selectors tried are another layout's, and a page-wide XPath costs far more than
    a substring test."""
    if source is not None and not all(_mentions(source, t) for t in required_text(selector)):
        return []
    return cast("list[etree._Element]", compile_css(selector)(root))


def first_match(
    root: etree._Element, selectors: Iterable[str], source: str | None = None
) -> list[etree._Element]:
    """Elements of the first selector that matches anything under ``root``."""
    for selector in selectors:
        found = select(root, selector, source)
        if found:
            return found
    return []
