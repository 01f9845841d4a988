"""The first extraction layer: JSON-LD, OpenGraph and other meta tags.

These are what a site declares about its own article, so they win where present, except
for the body (JSON-LD ``articleBody`` is often cut short) and tags (``keywords`` are often
stuffed for search engines; the visible tags are preferred).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jambicrawl.normalize.text import collapse, is_person_name, unique

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jambicrawl.pages.tree import Element


ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BlogPosting",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "BackgroundNewsArticle",
        # Not LiveBlogPosting: its headline names the whole live page, the h1 the story.
        "Report",
        "ScholarlyArticle",
        "TechArticle",
        "SatiricalArticle",
    }
)
#: Types whose dates are the article's when the page has no article object: the page
#: itself (WordPress SEO plugins), and a fact check's review (its article's own dates).
_PAGE_TYPES = frozenset({"WebPage", "ItemPage", "ClaimReview"})
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DECODER = json.JSONDecoder(strict=False)


def _loads(text: str) -> Any:
    """JSON-LD as sites write it: control characters in strings, trailing commas, and
    text after the document."""
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    try:
        return json.loads(text, strict=False)
    except ValueError:
        cleaned = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))
        # The first whole value, then whatever the template left after it (a stray brace).
        return _DECODER.raw_decode(cleaned)[0]


def _walk(node: Any) -> list[dict[str, Any]]:
    """Every object of a JSON-LD document, ``@graph`` members included."""
    if isinstance(node, list):
        return [obj for item in node for obj in _walk(item)]
    if isinstance(node, dict):
        found = [node]
        if "@graph" in node:
            found.extend(_walk(node["@graph"]))
        return found
    return []


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", [])
    return {value} if isinstance(value, str) else {v for v in value if isinstance(v, str)}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if value is None or isinstance(value, dict | list):
        return None
    return collapse(str(value)) or None


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        name = _text(item)
        if name and not _is_organisation(item, name):
            out.extend(n.strip() for n in re.split(r"\s*,\s*|\s+dan\s+", name) if n.strip())
    return unique(out)


def _is_organisation(item: Any, name: str) -> bool:
    if isinstance(item, dict) and "Organization" in _types(item):
        return True
    return not is_person_name(name)


def _image_urls(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    urls: list[str] = []
    for item in items:
        if isinstance(item, str):
            urls.append(item)
        elif isinstance(item, dict) and isinstance(item.get("url") or item.get("contentUrl"), str):
            urls.append(item.get("url") or item["contentUrl"])
    return urls


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [k for k in (collapse(p) for p in value.split(",")) if k]
    if isinstance(value, list):
        return [k for k in (collapse(str(p)) for p in value) if k]
    return []


@dataclass(slots=True)
class Structured:
    """What JSON-LD (``jsonld_*``) and meta tags (``meta_*``) say of the article."""

    jsonld_found: bool = False
    headline: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    article_body: str | None = None
    breadcrumb: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    #: The publisher's name: the site's own name, as the site gives it.
    publisher: str | None = None
    meta: dict[str, list[str]] = field(default_factory=dict)
    canonical: str | None = None

    def meta_first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, []):
                text = collapse(value)
                if text:
                    return text
        return None


def _read_article(obj: dict[str, Any], out: Structured) -> None:
    out.jsonld_found = True
    out.headline = _text(obj.get("headline")) or _text(obj.get("name"))
    out.date_published = _text(obj.get("datePublished"))
    out.date_modified = _text(obj.get("dateModified"))
    out.authors = _names(obj.get("author", []))
    out.editors = _names(obj.get("editor", []))
    out.section = _text(obj.get("articleSection"))
    out.keywords = _keywords(obj.get("keywords"))
    out.images = _image_urls(obj.get("image", []))
    out.article_body = _text(obj.get("articleBody"))
    out.language = _text(obj.get("inLanguage"))
    out.publisher = _text(obj.get("publisher"))
    page = obj.get("mainEntityOfPage")
    out.url = _text(obj.get("url")) or (_text(page.get("@id")) if isinstance(page, dict) else None)


def _read_breadcrumb(obj: dict[str, Any]) -> list[str]:
    items = obj.get("itemListElement", [])
    if not isinstance(items, list):
        return []
    ordered = sorted(
        (i for i in items if isinstance(i, dict)),
        key=lambda i: int(i["position"]) if isinstance(i.get("position"), int) else 0,
    )
    return [n for n in (_text(i.get("name") or i.get("item")) for i in ordered) if n]


def read_structured(root: Element, jsonld: Iterable[str]) -> Structured:
    """JSON-LD article data (``jsonld``: the page's ld+json script texts) and meta tags of a
    page; malformed JSON-LD is skipped."""
    out = Structured()
    page_dates: tuple[str | None, str | None] | None = None
    for text in jsonld:
        try:
            document = _loads(text)
        except ValueError:
            continue
        for obj in _walk(document):
            types = _types(obj)
            if types & ARTICLE_TYPES and not out.jsonld_found:
                _read_article(obj, out)
            elif types & _PAGE_TYPES and not page_dates:
                page_dates = (_text(obj.get("datePublished")), _text(obj.get("dateModified")))
            elif "BreadcrumbList" in types and not out.breadcrumb:
                out.breadcrumb = _read_breadcrumb(obj)
    if not out.jsonld_found and page_dates:
        # WordPress SEO plugins (Yoast) often describe the page, not an article: its
        # dates are still the article's own.
        out.date_published, out.date_modified = page_dates
    # iterdescendants() is ``.//meta`` without ElementPath's generators around it; one walk
    # of the page gives both tags (a walk of the page per tag costs as much as reading them).
    for element in root.iterdescendants("meta", "link"):
        if element.tag == "meta":
            name = element.get("property") or element.get("name") or element.get("itemprop")
            content = element.get("content")
            if name and content:
                out.meta.setdefault(name.lower(), []).append(content)
        elif out.canonical is None and _is_canonical(element):
            out.canonical = element.get("href", "").strip()
    return out


def _is_canonical(link: Element) -> bool:
    return "canonical" in (link.get("rel") or "").lower().split() and bool(link.get("href"))
