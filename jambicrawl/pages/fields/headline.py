"""Headline and dates: title, subtitle, publication and modification times."""

from __future__ import annotations

from datetime import UTC, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from lxml import etree

from jambicrawl.normalize.dates import gives_time, iso, parse_date, relative_precision
from jambicrawl.normalize.text import clean_title, collapse
from jambicrawl.pages.fields.dating import (
    EXTERNAL,
    Candidate,
    Dating,
    candidate,
    decide,
    discovery_candidates,
    url_candidate,
)
from jambicrawl.pages.fields.layers import LAYER_ORDER, Found, field, pick
from jambicrawl.pages.timestamps import CLOCK, printed_times
from jambicrawl.pages.tree import first_text, text_of
from jambicrawl.registry.model import GENERIC_SITE

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jambicrawl.items import Layer
    from jambicrawl.pages.fields.inputs import ArticleInputs
    from jambicrawl.pages.tree import Element

_META_DATES = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "content_publisheddate", "dtk:publishdate", "dc.date.issued", "dc.date",
    "date",
)  # fmt: skip

#: Two-letter domains that do not say a site is outside Indonesia: Indonesia's own, and
#: country codes sold to anyone (Jambi's own sites use ``.co``).
_NOT_ELSEWHERE = frozenset({"id", "co", "io", "me", "tv", "ly", "fm", "ai", "cc", "ws", "to"})

#: A date: ISO 8601 and as printed.
Dated = Found[tuple[str, str]]
#: A heading shorter than this is a rubric or a label, not a headline.
_MIN_HEADING = 10
#: How much of the title a text node must hold to be looked at as the printed headline,
#: and how long a rubric before it may be ("In Picture: ").
_TITLE_KEY_CHARS = 20
_RUBRIC_CHARS = 30
# Text nodes of the page's body holding a piece of the title (``$key``).
_TEXT_HOLDING = etree.XPath("/html/body//text()[contains(., $key)]")
#: The last character of the separators that set a site's name apart in a ``<title>``.
_TITLE_SEPARATOR_ENDS = frozenset("|-:\u2013\u2014\u00bb\u00ab")


class Headline:
    def __init__(self, inputs: ArticleInputs) -> None:
        self.inputs = inputs

    @field
    def title(self) -> Found[str] | None:
        i, s = self.inputs, self.inputs.structured
        site_names = ("og:site_name", "application-name", "twitter:site")
        brands = [
            i.site.name,
            *i.site.hosts,
            urlsplit(i.first.url).hostname or "",
            *(name for key in site_names for name in s.meta.get(key, [])),
            *([s.publisher] if s.publisher else []),
        ]
        sections = [c for c in (s.section, s.meta_first("article:section"), *s.breadcrumb) if c]

        def clean(raw: str | None, layer: Layer) -> Found[str] | None:
            text = clean_title(
                raw or "", i.site.title_suffixes, brands, lambda: self.printed_headline, sections
            )
            return Found(text, layer) if text else None

        def jsonld() -> Found[str] | None:
            found = clean(s.headline, "jsonld")
            # Where the printed headline and og:title or twitter:title agree, a JSON-LD
            # headline that differs is the one written for search engines, not readers.
            printed = clean(self.printed_headline, "site")
            if found is None or printed is None or printed.value == found.value:
                return found
            shared = ("og:title", "twitter:title")
            agreeing = any(
                (c := clean(title, "meta")) is not None and c.value == printed.value
                for key in shared
                for title in s.meta.get(key, [])
            )
            return None if agreeing else found

        return pick(
            "title",
            {
                "jsonld": jsonld,
                "meta": lambda: clean(s.meta_first("og:title", "twitter:title"), "meta"),
                "site": lambda: clean(self.printed_headline, i.site_layer("title")),
                "generic": lambda: clean(i.first.title, "generic"),
            },
        )

    @cached_property
    def printed_headline(self) -> str | None:
        """The headline as the page prints it: the template's title element, else a
        lesser heading that prints the end of the page's ``<title>`` (pages with no h1)."""
        printed = next(iter(self.inputs.texts("title")), None)
        heading = self._heading_of_title
        if heading is None:
            return printed
        text = collapse(text_of(heading))
        if not printed or self._names_the_site(printed, text):
            return text
        return printed

    def _names_the_site(self, printed: str, headline: str) -> bool:
        """Whether the template's title element prints something else than the headline a
        lesser heading gives (the blog's or site's name, in an h1 around the logo): it is
        not in the page's ``<title>`` but beside the headline there."""
        title = self.inputs.first.title.lower()
        printed, headline = printed.lower(), headline.lower()
        if printed in headline or headline in printed:
            return False
        return printed in title.replace(headline, " ", 1) or printed not in title

    @cached_property
    def _heading_of_title(self) -> Element | None:
        """The first h2 or h3 that prints the page's ``<title>``: the whole of it, or one
        end of it set apart by a separator ("Site :: Headline", "Headline « Site"), the
        evidence that the rest of the title is the site's."""
        title = self.inputs.first.title
        if not title:
            return None
        for heading in self.inputs.first.root.iter("h2", "h3"):
            # Its text begins with its first text run, which the title then holds: most
            # headings of a page (teasers, sidebars, most of them a link) are passed over
            # without reading the rest.
            if collapse(first_text(heading)) not in title:
                continue
            text = collapse(text_of(heading))
            if len(text) >= _MIN_HEADING and _prints_title(text, title):
                return heading
        return None

    @field
    def subtitle(self) -> Found[str] | None:
        def site() -> Found[str] | None:
            texts = self.inputs.texts("subtitle")
            return Found(texts[0], self.inputs.site_layer("subtitle")) if texts else None

        return pick("subtitle", {"site": site})

    @cached_property
    def published(self) -> Dated | None:
        """The publication time, ISO 8601 and as printed."""
        found = pick(
            "date_published",
            {
                "jsonld": lambda: self._jsonld_date,
                "meta": lambda: self._meta_date,
                "site": lambda: self._site_date,
                # A page that prints no date gets its URL's day (``url`` layer, dating.py);
                # never the masthead's day, which is the day the page was served.
                "generic": self._printed_date,
            },
        )
        # A day alone (a meta date, a printed day) takes its time from the page's other
        # printed times of the same day.
        if found is None or gives_time(found.value[1]):
            return found
        return with_time(found, self._printed_dates)

    def printed_date_line(self) -> str | None:
        """The publication date as the page prints it, whichever layer gave the stored
        value (a meta date's text is not the line the page prints)."""
        printed = self._site_date or self._printed_date()
        return printed.value[1] if printed else None

    @cached_property
    def dating(self) -> Dating:
        """The publication time the evidence supports (:mod:`.dating`): the layers' value
        weighed against the page's other dates, its URL path and its discovery entry."""
        i = self.inputs

        def candidate_of(found: Dated | None, source: str) -> Candidate | None:
            return candidate(source, *found.value, found.layer) if found else None

        first = self.published
        printed = self._site_date or self._printed_date()
        page = [
            c
            for c in (
                candidate_of(self._jsonld_date, "jsonld"),
                candidate_of(self._meta_date, "meta"),
                candidate_of(printed, "printed"),
            )
            if c is not None
        ]
        external = [
            *([u] if (u := url_candidate(i.first.url, i.zone)) else []),
            *discovery_candidates(i.discovered, i.zone),
        ]
        source = {"jsonld": "jsonld", "meta": "meta"}.get(first.layer, "printed") if first else ""
        fallbacks = [layer for layer in LAYER_ORDER["date_published"] if layer in EXTERNAL]
        return decide(page, external, candidate_of(first, source), fallbacks)

    @field
    def date_published(self) -> Found[str] | None:
        chosen = self.dating.chosen
        return Found(chosen.value, chosen.layer) if chosen else None

    @field
    def date_published_raw(self) -> Found[str] | None:
        chosen = self.dating.chosen
        return Found(collapse(chosen.raw), chosen.layer) if chosen else None

    @field
    def date_published_precision(self) -> Found[str] | None:
        chosen = self.dating.chosen
        return Found(chosen.precision, chosen.layer) if chosen else None

    @field
    def date_modified(self) -> Found[str] | None:
        s = self.inputs.structured
        found = pick(
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
    def _abroad(self) -> bool:
        """Whether an unregistered site's host has another country's domain (``.uk``,
        ``.it``): then a time it gives without an offset is not Indonesia's."""
        if self.inputs.site.key != GENERIC_SITE.key:
            return False
        suffix = (urlsplit(self.inputs.first.url).hostname or "").rpartition(".")[2]
        return len(suffix) == 2 and suffix.isalpha() and suffix not in _NOT_ELSEWHERE

    @cached_property
    def _in_site_zone(self) -> bool:
        """Whether a UTC time is shown in the site's zone: a registered site's always; an
        unregistered one's (Indonesia's, by default) unless the page declares another
        language or, declaring none, is abroad."""
        i = self.inputs
        if i.site.key != GENERIC_SITE.key:
            return True
        s = i.structured
        declared = s.language or i.first.lang or s.meta_first("og:locale")
        if declared:
            return declared[:2].lower() in {"id", "in"}
        return not self._abroad

    def _date(self, raw: str | None, layer: Layer) -> Dated | None:
        i = self.inputs
        # Abroad, a time without an offset is taken as UTC (the one zone a reader can
        # undo); anywhere else, as the site's: English editions of Indonesian news print
        # Indonesian times.
        zone = UTC if self._abroad else i.zone
        parsed = parse_date(raw, default_tz=zone, reference=i.captured_at)
        if parsed is None or raw is None:
            return None
        if parsed.utcoffset() == timedelta(0) and self._in_site_zone:
            # CMS plugins print UTC; readers and researchers expect the site's own offset.
            parsed = parsed.astimezone(i.zone)
        return Found((iso(parsed), collapse(raw)), layer)

    @cached_property
    def _jsonld_date(self) -> Dated | None:
        return self._date(self.inputs.structured.date_published, "jsonld")

    @cached_property
    def _meta_date(self) -> Dated | None:
        return self._date(self.inputs.structured.meta_first(*_META_DATES), "meta")

    @cached_property
    def _site_date(self) -> Dated | None:
        layer = self.inputs.site_layer("date")
        for element in self.inputs.selected("date"):
            # The printed text is the raw value; the attribute when the text is no date,
            # or gives the day alone where the attribute has the time too.
            raws = (text_of(element), element.get("datetime"), element.get("content"))
            # Lazily: the attributes are parsed only when the text gives no time of day.
            dated = (f for f in (self._date(raw, layer) for raw in raws) if f is not None)
            first = next(dated, None)
            if first is not None:
                return with_time(first, dated)
        return None

    def _headline(self) -> Element | None:
        """The element printing the headline: the h1 with the title's text, else the
        template's title element."""
        title = self.title.value if self.title else None
        root = self.inputs.first.root
        h1s = list(root.iter("h1"))
        for h1 in h1s:
            text = collapse(text_of(h1))
            if title and text and (text == title or text in title or title in text):
                return h1
        heading = self._heading_of_title  # (an element with no children is falsy)
        if heading is not None and title and collapse(text_of(heading)) == title:
            return heading
        found = self.inputs.selected("title")
        if found and title and title in collapse(text_of(found[0])):
            return found[0]
        # No heading prints it: a block that does ("<div class="jdl-pic">In Picture: ...").
        block = _block_printing(root, title) if title else None
        if block is not None:
            return block
        if found:
            return found[0]
        if h1s:
            return h1s[0]
        return heading if heading is not None else self.inputs.container(self.inputs.first)[0]

    @cached_property
    def _printed_raws(self) -> list[str]:
        first = self.inputs.first
        return printed_times(first.root, self._headline(), first.url)

    @cached_property
    def _printed_dates(self) -> list[Dated]:
        """Publication times printed around the headline, nearest first; a day printed
        alone takes the nearest time of day printed apart from it ("14.38 WIB")."""
        dated = [f for f in (self._date(raw, "generic") for raw in self._printed_raws) if f]
        clocks = [raw for raw in self._printed_raws if CLOCK.match(raw)]
        if not clocks:
            return dated
        days = [
            f
            for d in dated
            if not gives_time(d.value[1])
            and (f := self._date(f"{d.value[0][:10]} {clocks[0]}", "generic")) is not None
        ]
        return dated + days

    def _printed_date(self) -> Dated | None:
        """The printed publication time nearest the headline; a relative one ("2 jam yang
        lalu") only when the page prints no other."""
        dates = self._printed_dates
        absolute = [d for d in dates if relative_precision(d.value[1]) is None]
        if absolute:
            return with_time(absolute[0], absolute[1:])
        return dates[0] if dates else None


def _block_printing(root: Element, title: str) -> Element | None:
    """The first element outside links whose text is ``title``, or ``title`` after a rubric
    ("In Picture: ..."): pages that print their headline in no heading element."""
    key = title[:_TITLE_KEY_CHARS]
    nodes = cast("list[etree._ElementUnicodeResult]", _TEXT_HOLDING(root, key=key))
    for node in nodes:
        element: Element | None = node.getparent()
        if element is not None and node.is_tail:
            element = element.getparent()
        if element is None or any(a.tag == "a" for a in (element, *element.iterancestors())):
            continue
        text = collapse(text_of(element))
        if text.endswith(title) and len(text) <= len(title) + _RUBRIC_CHARS:
            return element
    return None


def _prints_title(text: str, title: str) -> bool:
    """Whether a heading's ``text`` is the page's ``title``, or one end of it set apart by
    a separator."""
    if text == title:
        return True
    before = title[: -len(text)].rstrip() if title.endswith(text) else ""
    after = title[len(text) :].lstrip() if title.startswith(text) else ""
    return (bool(before) and before[-1] in _TITLE_SEPARATOR_ENDS) or (
        bool(after) and after[0] in _TITLE_SEPARATOR_ENDS
    )


def with_time(found: Dated, others: Iterable[Dated]) -> Dated:
    """``found``, with the time of day of the first of ``others`` that gives the same day
    with a time when ``found`` gives the day alone."""
    if gives_time(found.value[1]):
        return found
    day = found.value[0][:10]
    for other in others:
        if other.value[0][:10] == day and gives_time(other.value[1]):
            return Found((other.value[0], found.value[1]), found.layer)
    return found
