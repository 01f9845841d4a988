"""Finding the publication time a page prints, on sites nobody wrote selectors for.

The time an article was published is printed beside its headline or byline; the page holds
other times too: today's date in the header, the times of related articles in lists and
sidebars, and the time it was last updated. :func:`printed_times` gives the candidates
nearest the headline first, and leaves out updates, links and the blocks around the article.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from jambicrawl.normalize.text import collapse
from jambicrawl.normalize.urls import canonical_url
from jambicrawl.pages.content import has_noise_label, names_noise
from jambicrawl.pages.tree import text_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from jambicrawl.pages.tree import Element

#: Words that mark a time as the last update, not the publication.
_UPDATED = re.compile(
    r"updat|modif|diperbarui|pembaruan|diubah|revisi|aktualisiert|actualiza|mis\s+à\s+jour",
    re.IGNORECASE,
)
_DATED_CLASS = re.compile(r"date|time|tanggal|tgl|publish|posted|waktu|byline", re.IGNORECASE)
#: Classes of the publication time that also say "updated" (tagDiv's Newspaper theme marks
#: its publication ``<time>`` "entry-date updated").
_PUBLISHED_CLASS = re.compile(r"entry-date|published|post-date", re.IGNORECASE)
#: Classes of the byline box, which holds the time even where a body rule calls it furniture.
_BYLINE_CLASS = re.compile(r"author|byline|penulis|reporter", re.IGNORECASE)
#: Class words of a bar of share buttons, which lists no other article.
_SHARE_BAR = re.compile(r"(?:^|[-_\s])(?:share\w*|social|sosmed)(?=$|[-_\s\d])", re.IGNORECASE)
#: Headings of blocks that list other articles: their times are those articles'.
_OTHER_ARTICLES = re.compile(
    r"^\W*(?:berita\s+)?(?:terpopuler|populer|terkait|terkini|terbaru|lainnya|trending|"
    r"baca\s+juga|pilihan|rekomendasi|related|most\s+(?:read|popular)|latest|more\s+from|"
    r"artikel\s+terkait|berita\s+lainnya|video\s+lainnya|you\s+may\s+also\s+like)",
    re.IGNORECASE,
)
#: Class or id of a page's masthead, whose date is the day the page was served.
_MASTHEAD = re.compile(
    r"(?:^|\s)(?:(?:site-?|top-?)?header|masthead|top-?bar|navbar)(?:$|[-_\s])", re.IGNORECASE
)
# A cheap test before parsing: a four-digit year, a day with a two-digit year ("01/09/23"),
# or a relative time.
_MAY_BE_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<![\d/])\d{1,2}/\d{1,2}/\d\d(?![\d/])|\blalu\b|\bago\b",
    re.IGNORECASE,
)
_BARE_TIME = re.compile(r"^\W*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:WIB|WITA|WIT)?\W*$")
#: A time of day printed apart from its day: with an Indonesian zone or "pukul" (a bare
#: "3:45" is as often a video's length).
CLOCK = re.compile(
    r"^\W*(?:pukul|jam|pkl\.?)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:WIB|WITA|WIT)\W*$"
    r"|^\W*(?:pukul|jam|pkl\.?)\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?:\s+(?:pagi|siang|sore|petang|malam))?\W*$",
    re.IGNORECASE,
)
#: The dateline opening a paragraph with the day: "MENDAHARA, Senin (11/9/2023) –".
_DATELINE_DATE = re.compile(
    r"^[A-Z][A-Z .'-]{2,40},\s*(?:[A-Za-z']+\s*)?\((\d{1,2}/\d{1,2}/(?:19|20)\d\d)\)\s*[-–—]"
)
#: A ``data-`` attribute naming a date or time, and an ISO 8601 value of one: themes that
#: print "1 hari lalu" keep the time in ``data-date``.
_DATA_DATE_NAME = re.compile(r"^data-[\w-]*(?:date|time)", re.IGNORECASE)
_ISO_VALUE = re.compile(r"^\s*(?:19|20)\d\d-\d\d-\d\d")
#: The class of a clock icon ("fa fa-clock-o", "bi-clock", "icon-time").
_CLOCK_ICON = re.compile(r"clock|(?:^|[\s-])time(?:$|\s)", re.IGNORECASE)
_OUTSIDE = frozenset({"a", "nav", "aside", "footer", "script", "style", "noscript", "template"})
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6", "b", "strong"})
#: Printed times are short lines; a longer text is a sentence that mentions a date.
MAX_CHARS = 100
#: How far from the headline (in elements, document order) a printed time may be.
AFTER, BEFORE = 150, 40


def _permalink_test(page_url: str) -> Callable[[Element], bool]:
    """Whether a node is a link to the page itself: blogs print the post's date as its
    permalink (WordPress: ``<a href="PERMALINK" rel="bookmark"><time ...>``)."""
    own = canonical_url(page_url).rstrip("/")

    def permalink(node: Element) -> bool:
        if node.tag != "a":
            return False
        if "bookmark" in node.get("rel", "").split():
            return True
        href = node.get("href", "").strip()
        return bool(href) and canonical_url(urljoin(page_url, href)).rstrip("/") == own

    return permalink


def _around_article(
    element: Element,
    article: set[Element],
    permalink: Callable[[Element], bool],
) -> bool:
    """True for elements inside links (but the page's ``permalink``), navigation, footers,
    related lists and sidebars; ``article`` (the headline and the blocks holding it) is
    never one of them, whatever its class (WordPress puts ``tag-*`` classes on the article
    itself). The masthead is one: its date is the day the page was served."""
    for node in (element, *element.iterancestors()):
        if node in article:
            return node.tag == "a" and not permalink(node)
        if node.tag in _OUTSIDE and not permalink(node) and not _entry_footer(node):
            return True
        if _is_furniture(node) or _lists_other_articles(node) or has_noise_label(node):
            return True
        if _is_masthead(node):
            return True
    return False


def _entry_footer(node: Element) -> bool:
    """A ``<footer>`` inside an ``<article>``: the article's own (WordPress prints "Posted on"
    there), not the page's."""
    return node.tag == "footer" and any(a.tag == "article" for a in node.iterancestors())


def _is_masthead(node: Element) -> bool:
    attrs = f"{node.get('class', '')} {node.get('id', '')}"
    return node.tag == "header" or bool(_MASTHEAD.search(attrs))


def _is_furniture(node: Element) -> bool:
    """A block around the article: a related list, a sidebar, the masthead (a block that
    holds the headline is never one); the byline box is not, whatever its class says, nor
    a bar of share buttons (Kompas prints the time in one, under the headline)."""
    attrs = f"{node.get('class', '')} {node.get('id', '')}"
    if _BYLINE_CLASS.search(attrs):
        return False
    return names_noise(_SHARE_BAR.sub(" ", attrs))


def _lists_other_articles(node: Element) -> bool:
    """A block whose first heading names a list of other articles ("Terpopuler", "Berita
    Terkait", "Trending"), whatever its class."""
    for child in node:
        if isinstance(child.tag, str) and child.tag in _HEADINGS:
            return bool(_OTHER_ARTICLES.match(collapse(text_of(child))))
    return False


def _candidates(element: Element) -> list[str]:
    """What ``element`` itself may print as a time: its datetime attribute, the whole text
    of a short date-classed element, its own short text runs."""
    found: list[str] = []
    if element.tag == "time" and element.get("datetime"):
        found.append(element.get("datetime", ""))
    if element.tag == "abbr" and element.get("title"):  # microformats: abbr.published
        found.append(element.get("title", ""))
    attrs = f"{element.get('class', '')} {element.get('id', '')}"
    if _UPDATED.search(attrs) and not _PUBLISHED_CLASS.search(attrs):
        return []
    found.extend(
        value
        for name, value in element.attrib.items()
        if _DATA_DATE_NAME.match(name) and _ISO_VALUE.match(value)
    )
    if _DATED_CLASS.search(attrs):
        whole = collapse(text_of(element))
        if len(whole) <= MAX_CHARS:
            found.append(whole)
            if len(element) and not whole.count(" "):
                # A date badge: "27", "Mar", "2023" in spans with no space between.
                found.append(" ".join(t.strip() for t in element.itertext() if t.strip()))
    texts = [element.text, *(child.tail for child in element)]
    runs = [collapse(t) for t in texts if t and t.strip()]
    for i, run in enumerate(runs):
        if CLOCK.match(run):
            found.append(run)  # a time of day for a day printed elsewhere
            continue
        if _BARE_TIME.match(run) and _after_clock_icon(element):
            found.append(f"pukul {run.strip()}")  # "<i class="fa fa-clock-o"></i> 10:50"
            continue
        if len(run) > MAX_CHARS or not _MAY_BE_DATE.search(run):
            continue
        # "Senin, 5 Januari 2024" then "14:20 WIB" as the next run of the same element.
        if i + 1 < len(runs) and _BARE_TIME.match(runs[i + 1]):
            run = f"{run} {runs[i + 1]}"
        found.append(run)
    # "January 13, 2020 / 1:39 PM / Updated 2 minutes ago": what precedes the update.
    kept = (_UPDATED.split(text, maxsplit=1)[0] for text in found)
    return [text for text in kept if _MAY_BE_DATE.search(text) or CLOCK.match(text)]


def _after_clock_icon(element: Element) -> bool:
    """Whether ``element`` follows an empty icon whose class names a clock: a bare time of
    day after it is the article's time, not a video's length."""
    icon = element.getprevious()
    return (
        icon is not None
        and not (icon.text or "").strip()
        and bool(_CLOCK_ICON.search(icon.get("class", "")))
    )


def printed_times(root: Element, anchor: Element | None, page_url: str) -> list[str]:
    """Texts and attributes of the page that may give its publication time, nearest the
    ``anchor`` (the headline) first; one after it counts half as far as one before it,
    since pages print the time under the headline more often than over it. The day a
    paragraph after the headline opens with, in its dateline, comes last."""
    elements = list(root.iter())
    at = elements.index(anchor) if anchor is not None else 0
    article = {anchor, *anchor.iterancestors()} if anchor is not None else {root}
    permalink = _permalink_test(page_url)
    ranked: list[tuple[int, int, str]] = []
    dateline: list[str] = []  # the day in the first paragraph's dateline: the last resort
    for position in range(max(0, at - BEFORE), min(len(elements), at + AFTER + 1)):
        element = elements[position]
        if not isinstance(element.tag, str):
            continue
        texts = _candidates(element)
        if texts and not _around_article(element, article, permalink):
            distance = position - at if position >= at else 2 * (at - position)
            ranked.extend((distance, order, text) for order, text in enumerate(texts))
        elif not dateline and position > at and element.tag == "p":
            opening = _DATELINE_DATE.match(collapse(element.text or ""))
            if opening and not _around_article(element, article, permalink):
                dateline = [opening.group(1)]
    return [text for _, _, text in sorted(ranked)] + dateline
