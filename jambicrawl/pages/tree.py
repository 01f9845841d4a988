"""The parsed page's elements: plain lxml elements, not ``lxml.html``'s subclasses.

``lxml.html`` looks up a Python class for every element it hands out, a cost paid on every
search; extraction needs only the tree, so it uses lxml's plain HTML parser.
"""

from __future__ import annotations

from lxml import etree

Element = etree._Element

#: The HTML parser of every page: comments and processing instructions are never text.
PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)


def text_of(element: Element) -> str:
    """All text inside ``element`` (what a browser's ``textContent`` gives), tail excluded."""
    return "".join(element.itertext())
