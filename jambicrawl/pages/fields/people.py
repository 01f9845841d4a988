"""People: authors and editors, from structured data, the template's bylines, or the
role-prefixed names around the article text."""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from lxml import etree

from jambicrawl.normalize.text import Byline, collapse, is_person_name, parse_byline
from jambicrawl.pages.fields.layers import Found, field, names, pick
from jambicrawl.pages.tree import text_of

if TYPE_CHECKING:
    from jambicrawl.pages.fields.body import Body
    from jambicrawl.pages.fields.inputs import ArticleInputs
    from jambicrawl.pages.response import ParsedPage
    from jambicrawl.pages.tree import Element

# ``descendant::`` rather than ``.//``: libxml2 takes the axis at once instead of merging
# the text children of every descendant.
_TEXT_NODES = etree.XPath("descendant::text()[normalize-space()]")
_ROLE_START = re.compile(
    r"\s*(?:reporter|penulis|pewarta|editor|redaktur|laporan wartawan)\b", re.I
)
_NOT_ARTICLE = frozenset({"script", "style", "footer", "nav", "aside"})


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
                "generic": lambda: names(self._generic_byline.authors, "generic"),
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
            for node in _TEXT_NODES(self._article_region(page)):
                if not _ROLE_START.match(node):
                    continue
                parent = node.getparent()
                if parent is not None and any(
                    a.tag in _NOT_ARTICLE for a in (parent, *parent.iterancestors())
                ):
                    continue
                text = collapse(text_of(parent) if parent is not None else str(node))
                if len(text) <= 200:
                    named = parse_byline(text)
                    byline.authors.extend(named.authors)
                    byline.editors.extend(named.editors)
        parts = self.body.parts
        byline.authors.extend(parts.byline.authors if parts else [])
        byline.editors.extend(parts.byline.editors if parts else [])
        return byline

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
