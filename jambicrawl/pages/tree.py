"""The parsed page's elements: plain lxml elements, not ``lxml.html``'s subclasses.

``lxml.html`` looks up a Python class for every element it hands out, a cost paid on every
search; extraction needs only the tree, so it uses lxml's plain HTML parser.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

Element = etree._Element

#: The HTML parser of every page: comments and processing instructions are never text.
#: No table of the ids: selectors test ``@id`` as any attribute (XPath's ``id()`` is
#: never used), and filling the table is a cost of every parse.
PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)


def text_of(element: Element) -> str:
    """All text inside ``element`` (what a browser's ``textContent`` gives), tail excluded."""
    return "".join(element.itertext())


def first_text(element: Element) -> str:
    """The first run of text inside ``element`` that is not blank ("" when none is)."""
    return next((text for text in element.itertext() if not text.isspace()), "")


@cache
def _first_named(tag: str) -> etree.XPath:
    return etree.XPath(f"descendant::{tag}[1]")


def first_descendant(element: Element, tag: str) -> Element | None:
    """The first element named ``tag`` under ``element``, in document order.

    lxml's ``find(".//tag")`` and ``next(element.iter(tag))`` look ahead for the next match
    before handing out the first, a walk of the whole page when the tag is unique (a page's
    ``title``, its ``h1``); libxml2 stops a ``descendant::tag[1]`` step at its first match.
    """
    found = _first_named(tag)(element)
    return found[0] if isinstance(found, list) and found else None
