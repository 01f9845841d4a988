"""CSS selectors compiled once to XPath: extraction runs them on every page."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from cssselect import GenericTranslator, SelectorError
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash
from lxml import etree

from jambicrawl.errors import JambicrawlError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cssselect.parser import Selector, Tree

#: The XPath prefix cssselect scopes selectors with: the context node's subtree.
_SUBTREE = "descendant-or-self::"
_PLAIN_NAME = re.compile(r"[A-Za-z_][\w-]*")


class _Translator(GenericTranslator):
    """cssselect's translator, with two shortcuts for libxml2, which evaluates a step's
    predicate on every element the step collects:

    - a cheap test first for ``.class`` and ``[a~=v]``: the standard
      ``concat(normalize-space(@class))`` made class selectors the largest cost of extraction;
    - the first step's candidates taken from the attribute axis when the selector's leftmost
      part requires a class, id or attribute value (see :meth:`_anchored_prefix`), which
      halves the cost of a page-wide class selector.
    """

    def xpath_attrib_includes(self, xpath: Any, name: str, value: str | None) -> Any:
        if value and not any(c.isspace() for c in value):
            substring = self.xpath_literal(value)
            word = self.xpath_literal(f" {value} ")
            return xpath.add_condition(
                f"{name} and contains({name}, {substring}) and "
                f"contains(concat(' ', normalize-space({name}), ' '), {word})"
            )
        return super().xpath_attrib_includes(xpath, name, value)

    def selector_to_xpath(
        self,
        selector: Selector,
        prefix: str = _SUBTREE,
        translate_pseudo_elements: bool = False,
    ) -> str:
        if prefix == _SUBTREE:
            prefix = self._anchored_prefix(selector.parsed_tree) or prefix
        return super().selector_to_xpath(selector, prefix, translate_pseudo_elements)

    def _anchored_prefix(self, tree: Tree) -> str | None:
        """``descendant-or-self::div/@class[contains(., 'x')]/parent::`` for a selector
        whose leftmost compound is ``div.x``: only elements whose attributes pass a test the
        compound implies reach its step, whose own predicate still decides. None when the
        compound implies no such test or is no single step (``:nth-child`` and the like)."""
        while isinstance(tree, CombinedSelector):
            tree = tree.selector
        step = self.xpath(tree)
        if step.path:
            return None
        tests: list[str] = []
        node: Tree | None = tree
        # A compound's simple selectors chain through ``.selector`` to its element name.
        while node is not None and not isinstance(node, Element):
            tests.extend(self._attribute_tests(node))
            node = getattr(node, "selector", None)
        # An id is unique; otherwise the longest value is likely the rarest.
        test = max(tests, key=lambda t: (t.startswith("@id["), len(t)), default=None)
        return f"{_SUBTREE}{step.element}/{test}/parent::" if test else None

    def _attribute_tests(self, node: Tree) -> list[str]:
        """Attribute steps every element matching the simple selector ``node`` passes."""
        literal = self.xpath_literal
        if isinstance(node, Hash):
            return [f"@id[. = {literal(node.id)}]"]
        if isinstance(node, Class) and not any(c.isspace() for c in node.class_name):
            return [f"@class[contains(., {literal(node.class_name)})]"]
        if isinstance(node, Attrib) and _plain(node) and node.value is not None:
            value = str(node.value.value)
            if node.operator == "=":
                return [f"@{node.attrib}[. = {literal(value)}]"]
            if node.operator == "*=" and value:
                return [f"@{node.attrib}[contains(., {literal(value)})]"]
        return []


def _plain(attrib: Attrib) -> bool:
    """A case-sensitive test of an attribute without namespace whose name needs no quoting."""
    return (
        attrib.namespace is None
        and attrib.flag is None
        and _PLAIN_NAME.fullmatch(attrib.attrib) is not None
    )


_TRANSLATOR = _Translator()


class BadSelectorError(JambicrawlError, ValueError):
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


class PageSource(str):
    """A page's source, remembering which substrings it was asked about: families share
    class names ("post", "content"), so each is looked for once per page. The memo lives
    and dies with the page (a cache keyed by whole sources would keep hundreds of pages
    alive in a crawl, and answer a re-read page for free)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._found: dict[str, bool] = {}
        #: What each selector matched under a root of this page (the root is kept with its
        #: answer: an id alone could be a collected element's).
        self.selected: dict[tuple[int, str], tuple[etree._Element, list[etree._Element]]] = {}

    def mentions(self, text: str) -> bool:
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = text in self
        return found


def select(
    root: etree._Element, selector: str, source: PageSource | None = None
) -> list[etree._Element]:
    """Elements under ``root`` that match ``selector``. With the page's ``source``, a
    selector whose class names or values the page never mentions is answered at once:
    most selectors tried are another layout's, and a page-wide XPath costs far more than
    a substring test. The page's answers are remembered for the page's life."""
    if source is None:
        return cast("list[etree._Element]", compile_css(selector)(root))
    if not all(source.mentions(t) for t in required_text(selector)):
        return []
    # The same selector on the same page again (the article's scope, then its field): the
    # answer it gave.
    key = (id(root), selector)
    known = source.selected.get(key)
    if known is None or known[0] is not root:
        known = source.selected[key] = (
            root,
            cast("list[etree._Element]", compile_css(selector)(root)),
        )
    return list(known[1])


def first_match(
    root: etree._Element, selectors: Iterable[str], source: PageSource | None = None
) -> list[etree._Element]:
    """Elements of the first selector that matches anything under ``root``."""
    for selector in selectors:
        found = select(root, selector, source)
        if found:
            return found
    return []
