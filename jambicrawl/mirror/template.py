"""A fixture page turned into a string template for generated articles.

The page is parsed once with lxml: the family's body container is emptied (ads and other
chrome inside it stay) and the printed publication date is found; then, on the serialised
text, the headline, description, ISO dates, URL path, slug and id become placeholders. A
generated page is the template's literal chunks joined with its values: no parsing per page.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast
from urllib.parse import quote, quote_plus

import lxml.html

from jambicrawl.errors import JambicrawlError
from jambicrawl.mirror.printed import ISO, PRINTED, IsoShape, PrintedFormat
from jambicrawl.mirror.shapes import ShapeError, UrlShape
from jambicrawl.normalize.charset import decode_html
from jambicrawl.normalize.dates import site_zone
from jambicrawl.pages.selectors import first_match, select
from jambicrawl.registry.families import FAMILIES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from datetime import datetime, tzinfo
    from pathlib import Path

    from jambicrawl.mirror.fixtures import FixtureCase
    from jambicrawl.registry.model import Site

#: Real article pages weigh 50 KB and more; generated ones must too (bandwidth, parsing).
MIN_PAGE_BYTES = 51_200

# Placeholders live in the Private Use Area: no fixture text contains them.
_OPEN, _CLOSE = "\ue000", "\ue001"
_FIELD = re.compile(f"{_OPEN}([a-z0-9_]+){_CLOSE}")

#: Children of the body container that carry article text: removed. Other children (ads,
#: scripts, the family's dropped inserts) are page chrome and stay.
_TEXT_TAGS = frozenset(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "table", "ul", "ol", "dl",
     "pre", "br", "hr", "a", "b", "strong", "em", "i", "u", "span", "small", "img", "picture")
)  # fmt: skip
_CHROME_TAGS = frozenset({"script", "style", "noscript", "ins", "iframe"})
_DESCRIPTION_META = (
    "meta[name=description]",
    "meta[property='og:description']",
    "meta[name='twitter:description']",
)


class TemplateError(JambicrawlError, ValueError):
    """A fixture page that cannot serve as a template."""


def _mark(name: str) -> str:
    return f"{_OPEN}{name}{_CLOSE}"


@dataclass(frozen=True, slots=True)
class ArticleTemplate:
    """One site's article page with placeholders; render() fills them."""

    site: str
    case: Path
    shape: UrlShape
    #: Literal text at even indexes, placeholder names at odd ones.
    parts: tuple[str, ...]
    printed: tuple[PrintedFormat, ...]
    iso: tuple[IsoShape, ...]
    #: The body is ``<br>``-separated text (Antara), not ``<p>`` elements.
    br_paragraphs: bool
    zone: tzinfo

    def fields(self) -> set[str]:
        return set(self.parts[1::2])

    def with_literals(self, change: Callable[[str], str]) -> ArticleTemplate:
        """The template with ``change`` applied to its literal text (URL rewriting)."""
        parts = list(self.parts)
        parts[0::2] = [change(text) for text in parts[0::2]]
        return replace(self, parts=tuple(parts))

    def body_html(self, paragraphs: Sequence[str]) -> str:
        texts = [html.escape(p, quote=False) for p in paragraphs]
        if self.br_paragraphs:
            return "\n" + "<br><br>\n".join(texts) + "<br><br>\n"
        return "\n" + "".join(f"<p>{t}</p>\n" for t in texts)

    def values(
        self,
        *,
        title: str,
        path: str,
        slug: str,
        article_id: int,
        when: datetime,
        paragraphs: Sequence[str],
    ) -> dict[str, str]:
        """What each placeholder becomes for one generated article."""
        lead = paragraphs[0].split(". ")[0].rstrip(".") + "." if paragraphs else title
        values = {
            "title": title,
            "title_url": quote(title, safe=""),
            "title_plus": quote_plus(title),
            "description": lead,
            "path": path,
            "path_url": quote(path, safe=""),
            "path_json": path.replace("/", "\\/"),
            "slug": slug,
            "id": f"{article_id:0{self.shape.id_width()}d}",
            "body": self.body_html(paragraphs),
        }
        local = when.astimezone(self.zone)
        values.update({f"printed{i}": f.render(local) for i, f in enumerate(self.printed)})
        values.update({f"iso{i}": shape.render(when) for i, shape in enumerate(self.iso)})
        return values

    def render(self, values: dict[str, str]) -> str:
        parts = list(self.parts)
        parts[1::2] = [values[name] for name in parts[1::2]]
        return "".join(parts)


def _clear_body(container: lxml.html.HtmlElement, dropped: set[lxml.html.HtmlElement]) -> bool:
    """Empty the body container but for its chrome; True when its text was ``<br>``-split."""
    loose = (container.text or "") + "".join(child.tail or "" for child in container)
    in_paragraphs = sum(len(c.text_content()) for c in container if c.tag == "p")
    br_paragraphs = len(loose.strip()) > in_paragraphs
    container.text = None
    for child in list(container):
        tag = child.tag if isinstance(child.tag, str) else ""
        chrome = tag in _CHROME_TAGS or child in dropped or not child.text_content().strip()
        if tag and tag not in _TEXT_TAGS and chrome:
            child.tail = "\n"
        else:
            container.remove(child)
    container.text = _mark("body")
    return br_paragraphs


def _mark_printed_dates(
    root: lxml.html.HtmlElement, moments: Sequence[datetime], zone: tzinfo
) -> list[PrintedFormat]:
    """Printed dates that show the fixture's publication (or change) become placeholders."""
    formats: list[PrintedFormat] = []
    local = [m.astimezone(zone) for m in moments]

    def swap(found: re.Match[str]) -> str:
        shape = PrintedFormat.infer(found[0])
        if shape is None or all(shape.render(m) != found[0] for m in local):
            return found[0]
        if shape not in formats:
            formats.append(shape)
        return _mark(f"printed{formats.index(shape)}")

    for element in root.iter():
        visible = isinstance(element.tag, str) and element.tag not in ("script", "style")
        if visible and element.text:
            element.text = PRINTED.sub(swap, element.text)
        if element.tail:
            element.tail = PRINTED.sub(swap, element.tail)
    return formats


def _mark_iso_dates(text: str, moments: Sequence[datetime]) -> tuple[str, list[IsoShape]]:
    shapes: list[IsoShape] = []

    def swap(found: re.Match[str]) -> str:
        inferred = IsoShape.infer(found[0])
        if inferred is None or inferred[1] not in moments:
            return found[0]
        shape = inferred[0]
        if shape not in shapes:
            shapes.append(shape)
        return _mark(f"iso{shapes.index(shape)}")

    return ISO.sub(swap, text), shapes


def _mark_strings(text: str, olds: Iterable[str], name: str) -> str:
    """Every spelling of ``olds`` (HTML, JSON, URL-encoded) becomes a placeholder."""
    forms: dict[str, str] = {}
    for old in olds:
        if len(old) < 12:
            continue  # too short to be unique in a page
        for form in (
            old,
            old.replace("&", "&amp;"),
            html.escape(old, quote=False),
            html.escape(old).replace("&#x27;", "'"),
            json.dumps(old)[1:-1],
            json.dumps(old, ensure_ascii=False)[1:-1],
        ):
            forms[form] = name
        if name == "title":
            forms[quote(old, safe="")] = "title_url"
            forms[quote(old)] = "title_url"
            forms[quote_plus(old)] = "title_plus"
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, _mark(forms[form]))
    return text


def _mark_url(text: str, shape: UrlShape) -> str:
    text = text.replace(shape.old_path, _mark("path"))
    text = text.replace(quote(shape.old_path, safe=""), _mark("path_url"))
    text = text.replace(shape.old_path.replace("/", "\\/"), _mark("path_json"))
    text = text.replace(shape.old_slug, _mark("slug"))
    if shape.old_id:
        text = re.sub(rf"(?<!\d){shape.old_id}(?!\d)", _mark("id"), text)
    return text


def _pad(text: str) -> str:
    """Adds an ad-slot configuration script, as real pages carry, up to MIN_PAGE_BYTES."""
    missing = MIN_PAGE_BYTES - len(text.encode("utf-8"))
    if missing <= 0:
        return text
    slots: list[str] = []
    size = 0
    while size < missing:
        n = len(slots)
        slot = json.dumps(
            {
                "id": f"div-gpt-ad-{1700000000000 + n * 7919}-{n}",
                "path": f"/31800665/jambi/artikel/slot-{n}",
                "sizes": [[300, 250], [336, 280], [728, 90]],
                "targeting": {"pos": str(n), "kanal": "berita", "refresh": "30"},
            }
        )
        slots.append(slot)
        size += len(slot) + 2
    block = (
        "<!-- ad slot configuration (mirror: pads generated pages to a real page's weight) -->\n"
        f"<script>window.adSlots = [{', '.join(slots)}];</script>\n"
    )
    at = text.rfind("</body>")
    return text[:at] + block + text[at:] if at >= 0 else text + block


def build_template(site: Site, case: FixtureCase) -> ArticleTemplate:
    """The template of ``case`` (a single-page fixture of ``site``)."""
    page = case.pages[0]
    text = decode_html(page.body, page.content_type)
    if _OPEN in text or _CLOSE in text:
        raise TemplateError("page uses the mirror's placeholder characters")
    root = lxml.html.document_fromstring(text)
    layout = FAMILIES[site.family].template_for(None).overridden(site.selectors)
    containers = first_match(root, layout.body)
    if not containers:
        raise TemplateError(f"no body container ({', '.join(layout.body)})")
    # The mirror parses with lxml.html (it edits and serialises the page): its elements.
    container = cast("lxml.html.HtmlElement", containers[0])
    dropped = {
        cast("lxml.html.HtmlElement", e)
        for selector in layout.body_drop
        for e in select(container, selector)
    }
    titles = {case.title, *("".join(e.itertext()).strip() for e in first_match(root, layout.title))}
    descriptions = {
        e.get("content", "").strip() for s in _DESCRIPTION_META for e in select(root, s)
    }
    br_paragraphs = _clear_body(container, dropped)
    zone = site_zone(site.timezone)
    moments = [m for m in (case.published, case.modified) if m is not None]
    printed = _mark_printed_dates(root, moments, zone)
    doctype = root.getroottree().docinfo.doctype
    serialised = lxml.html.tostring(root, encoding="unicode", doctype=doctype or None)
    serialised, iso = _mark_iso_dates(serialised, moments)
    serialised = _mark_strings(serialised, sorted(titles, key=len, reverse=True), "title")
    serialised = _mark_strings(serialised, descriptions, "description")
    try:
        shape = UrlShape.from_url(page.url, case.title)
    except ShapeError as exc:
        raise TemplateError(str(exc)) from None
    serialised = _pad(_mark_url(serialised, shape))
    made = ArticleTemplate(
        site=site.key,
        case=case.folder,
        shape=shape,
        parts=tuple(_FIELD.split(serialised)),
        printed=tuple(printed),
        iso=tuple(iso),
        br_paragraphs=br_paragraphs,
        zone=zone,
    )
    if "title" not in made.fields():
        raise TemplateError("headline not found in the page")
    return made


def site_template(site: Site, cases: Sequence[FixtureCase]) -> ArticleTemplate | None:
    """The template of the first single-page case of ``site`` that can serve as one."""
    for case in cases:
        if len(case.pages) == 1:
            try:
                return build_template(site, case)
            except TemplateError:
                continue
    return None
