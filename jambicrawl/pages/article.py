"""The article page object: one or more responses of one article in, an Article out.

Each field is read from the layers in the order of :data:`LAYER_ORDER`, the first that has a
value wins, and :attr:`Article.sources` records which one it was. The ``site`` layer is the
template's selectors: a registered family's, or a site's own; those of the generic family
are recorded as ``generic``. The page object never
fetches anything, so the same code runs on a live Scrapy response and on a response read
back from a WARC file years later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Generic, TypeVar
from urllib.parse import urlsplit

from lxml import etree

from jambicrawl.items import Article, Image, Layer
from jambicrawl.normalize.dates import gives_time, iso, parse_date, site_zone
from jambicrawl.normalize.text import (
    Byline,
    clean_paragraphs,
    clean_title,
    collapse,
    is_person_name,
    parse_byline,
    unique,
)
from jambicrawl.normalize.urls import absolute, canonical_url, same_site
from jambicrawl.pages.content import find_content, is_noise, paragraphs
from jambicrawl.pages.families import FAMILIES
from jambicrawl.pages.paging import later_page_urls
from jambicrawl.pages.response import PageResponse, ParsedPage
from jambicrawl.pages.structured import Structured, read_structured
from jambicrawl.pages.timestamps import printed_times
from jambicrawl.pages.tree import Element, text_of
from jambicrawl.registry.model import GENERIC_SITE
from jambicrawl.registry.selectors import first_match, select

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Mapping, Sequence

    from jambicrawl.registry.model import Site

T = TypeVar("T")

#: For each field, the layers tried in order; a layer a field does not list is never asked.
#: Body and tags put the page's own markup first: JSON-LD ``articleBody`` is often cut short
#: and ``keywords`` are stuffed for search engines, while the visible tags are what readers
#: (and researchers) see. For images the order picks the lead image; the body's follow it.
LAYER_ORDER: dict[str, tuple[Layer, ...]] = {
    "title": ("jsonld", "meta", "site", "generic"),
    "subtitle": ("site",),
    "date_published": ("jsonld", "meta", "site", "generic"),
    "date_modified": ("jsonld", "meta"),
    "authors": ("jsonld", "site", "meta", "generic"),
    "editors": ("jsonld", "site", "generic"),
    "category": ("jsonld", "site", "meta", "generic"),
    "tags": ("site", "jsonld", "meta", "generic"),
    "body": ("site", "generic", "jsonld"),
    "images": ("jsonld", "meta", "site", "generic"),
    "language": ("jsonld", "meta", "generic"),
}

_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})/(\d{2})/(\d{2})/")
# ``descendant::`` rather than ``.//``: libxml2 takes the axis at once instead of merging
# the text children of every descendant.
_TEXT_NODES = etree.XPath("descendant::text()[normalize-space()]")
_ROLE_START = re.compile(
    r"\s*(?:reporter|penulis|pewarta|editor|redaktur|laporan wartawan)\b", re.I
)
_NOT_ARTICLE = frozenset({"script", "style", "footer", "nav", "aside"})
_ID_STOPWORDS = frozenset(
    "yang dan di dengan untuk dari ini itu pada dalam tidak akan juga".split()  # noqa: SIM905
)
_IMAGE_NOISE = re.compile(r"logo|avatar|icon|sprite|blank|pixel|placeholder|loading|\.svg", re.I)
_META_DATES = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "content_publisheddate", "dc.date.issued", "dc.date", "date",
)  # fmt: skip


@dataclass(slots=True)
class Found(Generic[T]):
    """A field value and the layer it came from."""

    value: T
    layer: Layer


class ArticlePage:
    """Extraction of one article from the responses of its pages (page 1 first)."""

    def __init__(self, responses: Sequence[PageResponse], site: Site) -> None:
        if not responses:
            raise ValueError("an article needs at least one page")
        self.site = site
        self.pages = [ParsedPage.of(r) for r in responses]
        self.first = self.pages[0]
        self.captured_at = responses[0].captured_at
        family = FAMILIES[site.family]
        template = family.template_for(self.captured_at, self.first.root, self.first.source)
        self.template = template.overridden(site.selectors)
        self.zone = site_zone(site.timezone)
        self._family_is_generic = family.name == "generic"
        self._selected_bodies: dict[int, Element | None] = {}
        self._contents: dict[int, Element | None] = {}

    # --- layer plumbing -------------------------------------------------------------------

    def _site_layer(self, key: str) -> Layer:
        """Selectors of a real family, or a site's own, are the site layer."""
        return "generic" if self._family_is_generic and key not in self.site.selectors else "site"

    def _selected(self, key: str, page: ParsedPage | None = None) -> list[Element]:
        selectors: tuple[str, ...] = getattr(self.template, key)
        page = page or self.first
        return first_match(page.root, selectors, page.source)

    def _texts(self, key: str) -> list[str]:
        """Texts of the elements a selector finds; a ``<br>`` inside one ends a line."""
        texts = ("\n".join(p.text for p in paragraphs(e, skip=_keep)) for e in self._selected(key))
        return [t for t in texts if t]

    @staticmethod
    def _first(*candidates: Callable[[], Found[T] | None]) -> Found[T] | None:
        for candidate in candidates:
            found = candidate()
            if found is not None:
                return found
        return None

    @staticmethod
    def _pick(
        name: str, candidates: Mapping[Layer, Callable[[], Found[T] | None]]
    ) -> Found[T] | None:
        """The value of field ``name`` from the first layer of ``LAYER_ORDER[name]`` that
        has one; a layer the field does not list is never asked."""
        for layer in LAYER_ORDER[name]:
            candidate = candidates.get(layer)
            found = candidate() if candidate is not None else None
            if found is not None:
                return found
        return None

    @cached_property
    def structured(self) -> Structured:
        return read_structured(self.first.root, self.first.jsonld)

    # --- fields ---------------------------------------------------------------------------

    @cached_property
    def title(self) -> Found[str] | None:
        s = self.structured
        site_names = ("og:site_name", "application-name", "twitter:site")
        brands = [
            self.site.name,
            *self.site.hosts,
            urlsplit(self.first.url).hostname or "",
            *(name for key in site_names for name in s.meta.get(key, [])),
            *([s.publisher] if s.publisher else []),
        ]
        sections = [c for c in (s.section, s.meta_first("article:section"), *s.breadcrumb) if c]

        def clean(raw: str | None, layer: Layer) -> Found[str] | None:
            text = clean_title(
                raw or "",
                self.site.title_suffixes,
                brands,
                lambda: self._printed_headline,
                sections,
            )
            return Found(text, layer) if text else None

        return self._pick(
            "title",
            {
                "jsonld": lambda: clean(s.headline, "jsonld"),
                "meta": lambda: clean(s.meta_first("og:title", "twitter:title"), "meta"),
                "site": lambda: clean(self._printed_headline, self._site_layer("title")),
                "generic": lambda: clean(collapse(self.first.root.findtext(".//title")), "generic"),
            },
        )

    @cached_property
    def _printed_headline(self) -> str | None:
        """The headline as the page prints it (the template's title element)."""
        return next(iter(self._texts("title")), None)

    @cached_property
    def subtitle(self) -> Found[str] | None:
        def site() -> Found[str] | None:
            texts = self._texts("subtitle")
            return Found(texts[0], self._site_layer("subtitle")) if texts else None

        return self._pick("subtitle", {"site": site})

    @cached_property
    def _in_site_zone(self) -> bool:
        """Whether the site's zone applies: a registered site's always; an unregistered
        one's (Indonesia's, by default) unless the page declares another language."""
        if self.site.key != GENERIC_SITE.key:
            return True
        s = self.structured
        declared = s.language or self.first.lang or s.meta_first("og:locale") or "id"
        return declared[:2].lower() in {"id", "in"}

    def _date(self, raw: str | None, layer: Layer) -> Found[tuple[str, str]] | None:
        parsed = parse_date(raw, default_tz=self.zone, reference=self.captured_at)
        if parsed is None or raw is None:
            return None
        if parsed.utcoffset() == timedelta(0) and self._in_site_zone:
            # CMS plugins print UTC; readers and researchers expect the site's own offset.
            parsed = parsed.astimezone(self.zone)
        return Found((iso(parsed), collapse(raw)), layer)

    def _site_date(self) -> Found[tuple[str, str]] | None:
        layer = self._site_layer("date")
        for element in self._selected("date"):
            # The printed text is the raw value; the attribute when the text is no date,
            # or gives the day alone where the attribute has the time too.
            raws = (text_of(element), element.get("datetime"), element.get("content"))
            dated = [f for f in (self._date(raw, layer) for raw in raws) if f is not None]
            if dated:
                return _with_time(dated[0], dated[1:])
        return None

    def _headline(self) -> Element | None:
        """The element printing the headline: the h1 with the title's text, else the
        template's title element."""
        title = self.title.value if self.title else None
        h1s = list(self.first.root.iter("h1"))
        for h1 in h1s:
            text = collapse(text_of(h1))
            if title and text and (text == title or text in title or title in text):
                return h1
        found = self._selected("title")
        return found[0] if found else (h1s[0] if h1s else self._container(self.first)[0])

    @cached_property
    def _printed_dates(self) -> list[Found[tuple[str, str]]]:
        """Publication times printed around the headline, nearest first."""
        raws = printed_times(self.first.root, self._headline())
        return [f for f in (self._date(raw, "generic") for raw in raws) if f is not None]

    def _generic_date(self) -> Found[tuple[str, str]] | None:
        if self._printed_dates:
            return _with_time(self._printed_dates[0], self._printed_dates[1:])
        if m := _URL_DATE.search(self.first.url):
            return self._date("-".join(m.groups()), "generic")
        return None

    @cached_property
    def date_published(self) -> Found[tuple[str, str]] | None:
        s = self.structured
        found = self._pick(
            "date_published",
            {
                "jsonld": lambda: self._date(s.date_published, "jsonld"),
                "meta": lambda: self._date(s.meta_first(*_META_DATES), "meta"),
                "site": self._site_date,
                "generic": self._generic_date,
            },
        )
        # A day alone (a meta date, a printed day) takes its time from the page's other
        # printed times of the same day.
        if found is None or gives_time(found.value[1]):
            return found
        return _with_time(found, self._printed_dates)

    @cached_property
    def date_modified(self) -> Found[str] | None:
        s = self.structured
        found = self._pick(
            "date_modified",
            {
                "jsonld": lambda: self._date(s.date_modified, "jsonld"),
                "meta": lambda: self._date(
                    s.meta_first("article:modified_time", "og:updated_time"), "meta"
                ),
            },
        )
        return Found(found.value[0], found.layer) if found else None

    @cached_property
    def _site_byline(self) -> Byline:
        byline = Byline()
        for key, target in (("authors", byline.authors), ("editors", byline.editors)):
            for text in self._texts(key):
                named = parse_byline(text)
                target.extend((named.authors or named.editors) or [text])
        for text in self._texts("byline"):
            named = parse_byline(text)
            byline.authors.extend(named.authors)
            byline.editors.extend(named.editors)
        return byline

    @cached_property
    def _generic_byline(self) -> Byline:
        """Role-prefixed names around the article, and those the body cleaning set apart."""
        byline = Byline()
        for page in self.pages:
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
        body = self._body_parts
        byline.authors.extend(body.byline.authors if body else [])
        byline.editors.extend(body.byline.editors if body else [])
        return byline

    def _article_region(self, page: ParsedPage) -> Element:
        """The body container and what surrounds it (title, byline, tags): a few levels up,
        so that bylines are not looked for in the whole page."""
        region, _ = self._container(page)
        if region is None:
            return page.root
        for _ in range(3):
            parent = region.getparent()
            if parent is None or parent.tag == "body":
                break
            region = parent
        return region

    def _names(self, values: list[str], layer: Layer) -> Found[list[str]] | None:
        names = unique(values)
        return Found(names, layer) if names else None

    @cached_property
    def authors(self) -> Found[list[str]] | None:
        meta = [
            a
            for a in self.structured.meta.get("author", [])
            + self.structured.meta.get("article:author", [])
            if is_person_name(a) and a.casefold() != self.site.name.casefold()
        ]
        return self._pick(
            "authors",
            {
                "jsonld": lambda: self._names(self.structured.authors, "jsonld"),
                "site": lambda: self._names(self._site_byline.authors, self._site_layer("authors")),
                "meta": lambda: self._names([collapse(a) for a in meta], "meta"),
                "generic": lambda: self._names(self._generic_byline.authors, "generic"),
            },
        )

    @cached_property
    def editors(self) -> Found[list[str]] | None:
        return self._pick(
            "editors",
            {
                "jsonld": lambda: self._names(self.structured.editors, "jsonld"),
                "site": lambda: self._names(self._site_byline.editors, self._site_layer("editors")),
                "generic": lambda: self._names(self._generic_byline.editors, "generic"),
            },
        )

    @cached_property
    def category(self) -> Found[str] | None:
        s = self.structured
        title = self.title.value if self.title else ""
        crumbs = [c for c in s.breadcrumb[1:] if c != title and c != s.headline]

        def one(value: str | None, layer: Layer) -> Found[str] | None:
            return Found(value, layer) if value else None

        return self._pick(
            "category",
            {
                "jsonld": lambda: one(s.section, "jsonld"),
                "site": lambda: one(
                    next(iter(self._texts("category")), None), self._site_layer("category")
                ),
                "meta": lambda: one(s.meta_first("article:section"), "meta"),
                "generic": lambda: one(crumbs[-1] if crumbs else None, "generic"),
            },
        )

    @cached_property
    def tags(self) -> Found[list[str]] | None:
        s = self.structured
        return self._pick(
            "tags",
            {
                "site": lambda: self._names(
                    [
                        t.strip().lstrip("#").strip()
                        for text in self._texts("tags")
                        for t in text.split(",")
                    ],
                    self._site_layer("tags"),
                ),
                "jsonld": lambda: self._names(s.keywords, "jsonld"),
                "meta": lambda: self._first(
                    lambda: self._names(s.meta.get("article:tag", []), "meta"),
                    lambda: self._names(
                        [
                            k.strip()
                            for k in (s.meta_first("news_keywords", "keywords") or "").split(",")
                        ],
                        "meta",
                    ),
                ),
            },
        )

    # --- body -----------------------------------------------------------------------------

    def _selected_body(self, page: ParsedPage) -> Element | None:
        """The body container the template's selectors find on ``page`` (found once)."""
        key = id(page)
        if key not in self._selected_bodies:
            found = self._selected("body", page)
            self._selected_bodies[key] = found[0] if found else None
        return self._selected_bodies[key]

    def _content(self, page: ParsedPage) -> Element | None:
        """The container the text density search finds on ``page`` (found once)."""
        key = id(page)
        if key not in self._contents:
            self._contents[key] = find_content(page.root)
        return self._contents[key]

    def _container(self, page: ParsedPage) -> tuple[Element | None, Layer]:
        """The element holding the page's article text: the template's, else the densest."""
        selected = self._selected_body(page)
        if selected is not None:
            return selected, self._site_layer("body")
        return self._content(page), "generic"

    def _paragraph_texts(self, container: Element, dropped: Collection[Element] = ()) -> list[str]:
        title = self.title.value if self.title else None
        return [
            p.text
            for p in paragraphs(container, dropped)
            # A paragraph that is mostly a link is a related-article insert.
            if p.link_ratio < 0.8 and p.text != title
        ]

    def _site_body(self) -> Found[list[str]] | None:
        """The template's body container on every page that has it; a page without it, or
        whose container holds no text, is read by text density."""
        if all(self._selected_body(page) is None for page in self.pages):
            return None
        texts: list[str] = []
        layer: Layer | None = None
        for page in self.pages:
            container = self._selected_body(page)
            page_layer = self._site_layer("body")
            page_texts: list[str] = []
            if container is not None:
                dropped = {
                    e
                    for sel in self.template.body_drop
                    for e in select(container, sel, page.source)
                }
                page_texts = self._paragraph_texts(container, dropped)
            if not page_texts:
                content = self._content(page)
                page_texts = self._paragraph_texts(content) if content is not None else []
                page_layer = "generic"
            texts.extend(page_texts)
            layer = layer or (page_layer if page_texts else None)
        return Found(texts, layer) if texts and layer else None

    def _generic_body(self) -> Found[list[str]] | None:
        texts = [
            text
            for page in self.pages
            if (content := self._content(page)) is not None
            for text in self._paragraph_texts(content)
        ]
        return Found(texts, "generic") if texts else None

    def _jsonld_body(self) -> Found[list[str]] | None:
        body = self.structured.article_body
        return Found(body.split("\n"), "jsonld") if body else None

    @cached_property
    def _body_parts(self) -> _Body | None:
        found = self._pick(
            "body",
            {"site": self._site_body, "generic": self._generic_body, "jsonld": self._jsonld_body},
        )
        if found is None:
            return None
        date_raw = self.date_published.value[1] if self.date_published else None
        cleaned = clean_paragraphs(t for t in found.value if t != date_raw)
        return _Body(
            cleaned.paragraphs, found.layer, cleaned.dateline, cleaned.signoff, cleaned.byline
        )

    # --- images ---------------------------------------------------------------------------

    def _image_src(self, img: Element, base: str) -> str | None:
        for attr in ("data-src", "data-lazy-src", "data-original", "src"):
            url = absolute(base, img.get(attr))
            if url and not _IMAGE_NOISE.search(url):
                return url
        return None

    @staticmethod
    def _in_noise(img: Element, container: Element) -> bool:
        """True for images of ads and related-article blocks (figures and captioned
        wrappers hold article images)."""
        for ancestor in img.iterancestors():
            if ancestor is container:
                return False
            if (
                ancestor.tag != "figure"
                and is_noise(ancestor)
                and "caption" not in (ancestor.get("class") or "")
            ):
                return True
        return False

    def _caption(self, img: Element) -> str:
        """The caption printed with an image: searched a few levels up from it, never
        higher than its figure."""
        for level, ancestor in enumerate(img.iterancestors()):
            if level >= 3 or ancestor.tag in {"article", "body", "main"}:
                break
            found = first_match(ancestor, self.template.caption)
            if found:
                return collapse(text_of(found[0]))
            if ancestor.tag == "figure":
                break
        return ""

    @cached_property
    def images(self) -> Found[list[Image]] | None:
        s = self.structured
        # The lead image is the one the page declares; the body's images follow it.
        declared = {
            "jsonld": next(iter(s.images), None),
            "meta": s.meta_first("og:image", "twitter:image"),
        }
        lead_url: str | None = None
        layer: Layer = "generic"
        for candidate in LAYER_ORDER["images"]:
            if declared.get(candidate):
                lead_url, layer = declared[candidate], candidate
                break
        images: dict[str, Image] = {}
        lead_caption = ""
        for page in self.pages:
            container, body_layer = self._container(page)
            if container is None:
                continue
            for img in container.iter("img"):
                if self._in_noise(img, container):
                    continue
                url = self._image_src(img, page.url)
                if url and url not in images:
                    images[url] = Image(url, self._caption(img))
            if lead_url is None and images:
                layer = body_layer
        if lead_url:
            lead_url = absolute(self.first.url, lead_url) or lead_url
            lead_caption = images.pop(lead_url).caption if lead_url in images else ""
            if not lead_caption:
                lead_caption = self._caption_in_page(lead_url)
            ordered = [Image(lead_url, lead_caption), *images.values()]
        else:
            ordered = list(images.values())
        return Found(ordered, layer) if ordered else None

    def _caption_in_page(self, url: str) -> str:
        name = url.rsplit("/", 1)[-1]
        for img in self.first.root.iter("img"):
            src = img.get("src") or img.get("data-src") or ""
            if name and src.endswith(name):
                return self._caption(img)
        return ""

    # --- the rest -------------------------------------------------------------------------

    @cached_property
    def page_count(self) -> int:
        """Pages the article has: those given, or more when page 1's pager links more."""
        later = later_page_urls(self.first.root, self.first.url, self.first.source)
        return max(len(self.pages), 1 + len(later))

    @cached_property
    def canonical_url(self) -> str:
        link = self.structured.canonical
        link = absolute(self.first.url, link) if link else None
        chosen = link if link and same_site(link, self.first.url) else self.first.url
        return canonical_url(chosen)

    def _language(self, body: str | None) -> Found[str] | None:
        s = self.structured

        def meta() -> Found[str] | None:
            if self.first.lang:
                return Found(self.first.lang, "meta")
            locale = s.meta_first("og:locale")
            return Found(locale.split("_")[0].lower(), "meta") if locale else None

        def generic() -> Found[str] | None:
            words = (body or "").lower().split()
            if words and sum(w in _ID_STOPWORDS for w in words) / len(words) > 0.03:
                return Found("id", "generic")
            return None

        return self._pick(
            "language",
            {
                "jsonld": lambda: (
                    Found(s.language.split("-")[0].lower(), "jsonld") if s.language else None
                ),
                "meta": meta,
                "generic": generic,
            },
        )

    def to_article(self, *, complete: bool = True) -> Article:
        """The Article of these pages; ``complete=False`` when later pages are missing."""
        body_parts = self._body_parts
        body = "\n\n".join(body_parts.paragraphs) if body_parts else None
        article = Article(
            url=self.first.url,
            canonical_url=self.canonical_url,
            site=self.site.key,
            page_count=self.page_count,
            complete=complete and len(self.pages) >= self.page_count,
        )
        sources: dict[str, Layer] = {}

        def put(
            name: str, found: Found[T] | None, value: Callable[[T], object] = lambda v: v
        ) -> None:
            if found is not None:
                setattr(article, name, value(found.value))
                sources[name] = found.layer

        put("title", self.title)
        put("subtitle", self.subtitle)
        put("date_published", self.date_published, lambda v: v[0])
        if self.date_published:
            article.date_published_raw = self.date_published.value[1]
            sources["date_published_raw"] = self.date_published.layer
        put("date_modified", self.date_modified)
        put("authors", self.authors)
        put("editors", self.editors)
        if body_parts:
            article.dateline, article.signoff = body_parts.dateline, body_parts.signoff
            if body_parts.dateline:
                sources["dateline"] = body_parts.layer
            if body_parts.signoff:
                sources["signoff"] = body_parts.layer
        put("category", self.category)
        put("tags", self.tags)
        if body_parts and body:
            article.body = body
            article.word_count = len(body.split())
            sources["body"] = body_parts.layer
        put("images", self.images)
        put("language", self._language(body))
        article.sources = sources
        return article


def _keep(_: Element) -> bool:
    return False


def _with_time(
    found: Found[tuple[str, str]], others: Sequence[Found[tuple[str, str]]]
) -> Found[tuple[str, str]]:
    """``found``, with the time of day of the first of ``others`` that gives the same day
    with a time when ``found`` gives the day alone."""
    if gives_time(found.value[1]):
        return found
    day = found.value[0][:10]
    for other in others:
        if other.value[0][:10] == day and gives_time(other.value[1]):
            return Found((other.value[0], found.value[1]), found.layer)
    return found


@dataclass(slots=True)
class _Body:
    paragraphs: list[str]
    layer: Layer
    dateline: str | None
    signoff: str | None
    byline: Byline
