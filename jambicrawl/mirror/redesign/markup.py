"""What every redesign reads and edits: the page parsed with lxml, the elements the site's
layout (its family's selectors with the site's own) names, and the dates a page declares."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import lxml.html

from jambicrawl.normalize.charset import decode_html
from jambicrawl.normalize.dates import WIB, parse_date
from jambicrawl.pages.scope import article_blocks, scoped_match
from jambicrawl.registry.families import FAMILIES

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from jambicrawl.registry.families import Template
    from jambicrawl.registry.model import Site

HtmlElement = lxml.html.HtmlElement

_JSONLD = re.compile(r"(<script[^>]*application/ld\+json[^>]*>)(.*?)(</script>)", re.I | re.S)
_DATE_META = re.compile(r"<meta[^>]*(?:time|date)[^>]*>", re.I)
_DATE_KEYS = frozenset({"datePublished", "dateModified", "dateCreated", "uploadDate"})
_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"|published_time"\s+content="([^"]+)"')


def layout_of(site: Site) -> Template:
    """The site's current article layout: its family's selectors with the site's own."""
    return FAMILIES[site.family].template_for(None).overridden(site.selectors)


@dataclass(slots=True)
class Page:
    """A parsed article page, edited in place, then serialised (UTF-8)."""

    root: HtmlElement
    layout: Template

    @classmethod
    def parse(cls, page: bytes, layout: Template) -> Page:
        text = decode_html(page, "text/html")
        return cls(lxml.html.document_fromstring(text), layout)

    def serialised(self, *, declared_dates: bool = True) -> bytes:
        """The page's bytes; without its JSON-LD and meta dates unless ``declared_dates``."""
        doctype = self.root.getroottree().docinfo.doctype
        text = lxml.html.tostring(self.root, encoding="unicode", doctype=doctype or None)
        return (text if declared_dates else without_declared_dates(text)).encode("utf-8")

    def first(self, key: str) -> list[HtmlElement]:
        """What the layout's selectors ``key`` find in the article (the first selector
        that finds any there): the article's own elements, not the sidebar's."""
        layout = self.layout
        article = article_blocks(self.root, layout.title, layout.body, None)
        found = scoped_match(self.root, getattr(layout, key), article)
        return cast("list[HtmlElement]", found)

    def every(self, key: str) -> list[HtmlElement]:
        """What every one of the layout's selectors ``key`` finds in the article (the
        article's date printed twice: published and updated), outermost first."""
        article = article_blocks(self.root, self.layout.title, self.layout.body, None)
        found: dict[HtmlElement, None] = {}
        for selector in getattr(self.layout, key):
            matched = scoped_match(self.root, (selector,), article)
            found.update(dict.fromkeys(cast("list[HtmlElement]", matched)))
        return [e for e in found if not any(a in found for a in e.iterancestors())]

    def body(self) -> HtmlElement | None:
        found = self.first("body")
        return found[0] if found else None

    @property
    def body_element(self) -> HtmlElement:
        return cast("HtmlElement", self.root.find("body"))


def without_declared_dates(text: str) -> str:
    """``text`` with its date meta tags and the date keys of its JSON-LD removed."""
    return _DATE_META.sub("", _JSONLD.sub(_strip_jsonld_dates, text))


def _strip_jsonld_dates(found: re.Match[str]) -> str:
    try:
        data = json.loads(found[2])
    except ValueError:
        return ""
    return found[1] + json.dumps(_without_dates(data), ensure_ascii=False) + found[3]


def _without_dates(data: object) -> object:
    if isinstance(data, dict):
        return {k: _without_dates(v) for k, v in data.items() if k not in _DATE_KEYS}
    if isinstance(data, list):
        return [_without_dates(v) for v in data]
    return data


def published(page: bytes, layout: Template) -> datetime | None:
    """When the page says it was published: JSON-LD or meta, else its printed date."""
    text = decode_html(page, "text/html")
    found = _PUBLISHED.search(text)
    if found:
        return parse_date(found[1] or found[2])
    for element in Page(lxml.html.document_fromstring(text), layout).first("date"):
        for raw in (element.get("datetime"), element.text_content()):
            when = parse_date(raw, default_tz=WIB)
            if when is not None:
                return when
    return None


def text_blocks(container: HtmlElement) -> Iterator[HtmlElement]:
    """Children of ``container`` that print text."""
    for child in container:
        tag = child.tag
        if isinstance(tag, str) and tag not in {"script", "style"} and child.text_content().strip():
            yield child


def fragment(markup: str) -> list[HtmlElement]:
    """Elements of an HTML fragment."""
    return cast("list[HtmlElement]", lxml.html.fragments_fromstring(markup))


def site_name(root: HtmlElement) -> str:
    """The site's name as the page gives it: ``og:site_name``, else the title's end."""
    for meta in root.iter("meta"):
        if meta.get("property") == "og:site_name" and meta.get("content"):
            return meta.get("content", "")
    title = root.findtext(".//title") or ""
    parts = re.split(r"\s+[-|–]\s+", title)
    return parts[-1].strip() if len(parts) > 1 else "Beranda"
