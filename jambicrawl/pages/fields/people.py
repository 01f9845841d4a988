"""People: authors and editors, from structured data, the template's bylines, or the
role-prefixed names around the article text."""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from lxml import etree

from jambicrawl.normalize.text import (
    BYLINE_LEAD,
    Byline,
    collapse,
    is_full_name,
    is_person_name,
    parse_byline,
)
from jambicrawl.pages.content import BLOCK_TAGS, lines_of
from jambicrawl.pages.fields.layers import Found, field, names, pick
from jambicrawl.pages.tree import text_of

if TYPE_CHECKING:
    from jambicrawl.pages.fields.body import Body
    from jambicrawl.pages.fields.inputs import ArticleInputs
    from jambicrawl.pages.response import ParsedPage
    from jambicrawl.pages.tree import Element

    TextNode = etree._ElementUnicodeResult

# ``descendant::`` rather than ``.//``: libxml2 takes the axis at once instead of merging
# the text children of every descendant.
_TEXT_NODES = etree.XPath("descendant::text()[normalize-space()]")
_NOT_ARTICLE = frozenset({"script", "style", "footer", "nav", "aside"})
# Elements whose class names the writer, and links to a writer's page, outside the
# comments ("comment-author").
_AUTHOR_ELEMENTS = etree.XPath(
    "descendant::*[@class[contains(., 'author') or contains(., 'byline')"
    " or contains(., 'penulis')] or self::a[@rel = 'author' or @href[contains(., '/author/')"
    " or contains(., '/reporter/') or contains(., '/penulis/')]]]"
    "[not(ancestor-or-self::*[contains(@class, 'comment')])]"
)
# The word for "by" that opens such an element in the languages of news pages.
_BY_WORD = re.compile(r"^(?:by|oleh|par|por|von|af|door|av|di|da|de|przez)\b\s*:?\s*", re.I)


class People:
    def __init__(self, inputs: ArticleInputs, body: Body) -> None:
        self.inputs = inputs
        self.body = body

    @field
    def authors(self) -> Found[list[str]] | None:
        i, s = self.inputs, self.inputs.structured
        meta = [
            a
            for a in s.meta.get("author", []) + s.meta.get("article:author", [])
            if is_person_name(a) and a.casefold() != i.site.name.casefold()
        ]
        return pick(
            "authors",
            {
                "jsonld": lambda: names(s.authors, "jsonld"),
                "site": lambda: names(self._site_byline.authors, i.site_layer("authors")),
                "meta": lambda: names([collapse(a) for a in meta], "meta"),
                "generic": lambda: names(self._generic_authors, "generic"),
            },
        )

    @field
    def editors(self) -> Found[list[str]] | None:
        i = self.inputs
        return pick(
            "editors",
            {
                "jsonld": lambda: names(i.structured.editors, "jsonld"),
                "site": lambda: names(self._site_byline.editors, i.site_layer("editors")),
                "generic": lambda: names(self._generic_byline.editors, "generic"),
            },
        )

    @cached_property
    def _site_byline(self) -> Byline:
        byline = Byline()
        for key, target in (("authors", byline.authors), ("editors", byline.editors)):
            for text in self.inputs.texts(key):
                named = parse_byline(text)
                target.extend((named.authors or named.editors) or [text])
        for text in self.inputs.texts("byline"):
            named = parse_byline(text)
            byline.authors.extend(named.authors)
            byline.editors.extend(named.editors)
        return byline

    @cached_property
    def _generic_byline(self) -> Byline:
        """Role-prefixed names around the article, and those the body cleaning set apart."""
        byline = Byline()
        for page in self.inputs.pages:
            lines: set[str] = set()
            for node in _TEXT_NODES(self._article_region(page)):
                if not BYLINE_LEAD.match(node):
                    continue
                owner = _owner(node)
                if owner is not None and any(
                    a.tag in _NOT_ARTICLE for a in (owner, *owner.iterancestors())
                ):
                    continue
                named, line = _byline_at(node, owner)
                # Two labels of one line ("<b>Penulis:</b> A <b>Editor:</b> B") name it once.
                if line not in lines:
                    lines.add(line)
                    byline.authors.extend(named.authors)
                    byline.editors.extend(named.editors)
        parts = self.body.parts
        byline.authors.extend(parts.byline.authors if parts else [])
        byline.editors.extend(parts.byline.editors if parts else [])
        return byline

    @property
    def _generic_authors(self) -> list[str]:
        """The role-prefixed writers, else, on a layout nobody registered, the name an
        element named for the writer holds (a registered family's template says where its
        writers are; a page of it that names none names none)."""
        found = self._generic_byline.authors
        if found or self.inputs.site_layer("authors") != "generic":
            return found
        return _classed_author(self._article_region(self.inputs.first))

    def _article_region(self, page: ParsedPage) -> Element:
        """The body container and what surrounds it (title, byline, tags): a few levels up,
        so that bylines are not looked for in the whole page."""
        region, _ = self.inputs.container(page)
        if region is None:
            return page.root
        for _ in range(3):
            parent = region.getparent()
            if parent is None or parent.tag == "body":
                break
            region = parent
        return region


# A role word and nothing else but a colon or "by" words ("Diposting oleh").
_LABEL_ALONE = re.compile(rf"{BYLINE_LEAD.pattern}\s*:?\s*", re.I)
# Whether an element holds a line break or a block, which split its text into lines.
_BREAKS = etree.XPath(
    "boolean(descendant::*[{}])".format(" or ".join(f"self::{t}" for t in ("br", *BLOCK_TAGS)))
)
#: Bylines are short: a longer line is article text that opens with a role word.
_BYLINE_CHARS = 200
#: How far up a label alone ("<strong>Editor:</strong>") looks for the name after it.
_LABEL_CLIMB = 2


def _owner(node: TextNode) -> Element | None:
    """The element a text node is in: its element's for a text, its element's parent for
    a tail (the text after ``<br>`` is not the ``<br>``'s)."""
    element = node.getparent()
    return element.getparent() if element is not None and node.is_tail else element


def _byline_at(node: TextNode, owner: Element | None) -> tuple[Byline, str]:
    """The names of the line a role word opens, and that line: the node's line of its
    element (a ``<br>`` ends one), or of an element around it when the line is a label
    alone."""
    wanted = collapse(str(node))
    line = wanted
    for _ in range(_LABEL_CLIMB + 1):
        if owner is None:
            break
        # One line of its own unless a <br> or a block splits it (lines_of walks the
        # element in Python; most bylines are one short element).
        lines = lines_of(owner) if _BREAKS(owner) else [collapse(text_of(owner))]
        line = next((text for text in lines if wanted in text), wanted)
        named = parse_byline(line) if len(line) <= _BYLINE_CHARS else Byline()
        # Only a label alone ("<strong>Editor:</strong>") looks to the element around it:
        # "... oleh Bupati" in a paragraph is no label.
        if named or not _LABEL_ALONE.fullmatch(line):
            return named, line
        owner = owner.getparent()
    return Byline(), line


def _classed_author(region: Element) -> list[str]:
    """The name an element whose class names the writer, or a link to the writer's page,
    opens with ("<div class="article-author">Lina Kurniawati</div>", "<div
    class="author-box"><span>Nadia Putri</span><time>…"), when no role word introduces
    one."""
    for element in _AUTHOR_ELEMENTS(region):
        if any(a.tag in _NOT_ARTICLE for a in (element, *element.iterancestors())):
            continue
        texts = [collapse(t) for t in element.itertext() if not t.isspace()][:2]
        # "By" in an element of its own, or opening the name: the name is what follows.
        name = _BY_WORD.sub("", texts[0], count=1) if texts else ""
        if not name and len(texts) > 1 and _BY_WORD.fullmatch(texts[0]):
            name = texts[1]
        if is_full_name(name):
            return [name]
    return []
