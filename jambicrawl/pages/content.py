"""Turning an article container into paragraphs, and finding that container on pages of
sites nobody wrote selectors for.

Both the site layer (a container found by selector) and the generic layer (a container found
by text density) read paragraphs with :func:`paragraphs`, so every family splits text alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from lxml import etree

from jambicrawl.normalize.text import collapse
from jambicrawl.pages.tree import Element, first_descendant, text_of

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator


#: Elements whose text is never article text.
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "iframe", "form", "button", "svg", "figure",
        "figcaption", "nav", "aside", "select", "input", "textarea", "template", "object",
        "embed", "video", "audio", "ins", "head", "title", "meta", "link", "footer", "header",
    }
)  # fmt: skip
#: Elements that end a paragraph.
BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
        "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "br", "hr", "dl", "dt",
        "dd", "center", "address", "details", "summary", "body",
    }
)  # fmt: skip
#: Class or id words of blocks inside article containers that are not article text.
_NOISE = re.compile(
    r"(?:^|[-_\s])(?:ads?|adsbygoogle|iklan|advert\w*|banner|share\w*|social|sosmed|related|"
    r"terkait|baca-?juga|bacajuga|sidebar|comments?|komentar|widget|promo|newsletter|"
    r"tags?|tagcloud\d*|breadcrumbs?|author-?box|recommend\w*|rekomendasi|populer|terpopuler|"
    r"terkini|paging|pagination|pager|caption|wp-caption-text|hidden|sr-only|gn-box|"
    r"respond|disqus|berlangganan|langganan|subscribe)"
    r"(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"(?:^|[-_\s])(?:wp-)?caption(?:-text)?(?:$|[-_\s\d])", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
#: Headings of blocks that are not article text, whatever their class: "Terpopuler",
#: "Berita Terkait", "Baca Juga:", "Komentar (3)", "Tinggalkan Balasan".
_NOISE_LABEL = re.compile(
    r"^\W*(?:(?:berita|artikel)\s+)?(?:terpopuler|populer|terkini|terbaru|terkait|lainnya|"
    r"pilihan|rekomendasi|baca\s+juga|lihat\s+juga|komentar|tinggalkan\s+(?:balasan|komentar)|"
    r"most\s+popular|popular|trending|related(?:\s+(?:posts|articles|news))?|comments?|"
    r"leave\s+a\s+(?:reply|comment))[\W\d]*$",
    re.IGNORECASE,
)
#: How long a block's heading may be (a label, not a sentence).
_LABEL_CHARS = 40
_LABELLED = frozenset({"div", "section", "aside", "article", "ul", "ol", "p", "header"})
#: The least text (outside links) that is an article. Measured on both quality sets: the
#: furniture the densest-block rule used to return when it missed the article ("From CNN
#: Newsource affiliates", "JavaScript is disabled...", a newsletter box, a date line) holds
#: at most 161 characters; the shortest expected body (the dev set, the Indonesian set) 318,
#: a photo page's caption body 330.
ARTICLE_CHARS = 200
#: The least text of a photo or video page, whose body is its caption or description: Detik's
#: photo pages print one of 149 characters.
PHOTO_ARTICLE_CHARS = 100
# A photo or video page by its address: "/readfoto/", "photo.liputan6.com", "/inpicture/".
_PHOTO_PAGE = re.compile(
    r"^[a-z]+://(?:[^/]*[./])?(?:foto|photos?|galeri|gallery|video|videos)\."
    r"|/(?:read)?(?:foto|photos?|galeri|gallery|galleries|inpicture|video|videos)(?:[/-]|$)",
    re.IGNORECASE,
)


def least_article_chars(url: str) -> int:
    """How much text a page at ``url`` needs for an article: less on photo and video pages."""
    return PHOTO_ARTICLE_CHARS if _PHOTO_PAGE.search(url) else ARTICLE_CHARS


def has_noise_class(element: Element) -> bool:
    """True when the class or id names a block that is not article text (ads, related
    articles, sidebars, share buttons)."""
    return names_noise(f"{element.get('class', '')} {element.get('id', '')}")


def names_noise(attrs: str) -> bool:
    """Whether class and id words (``attrs``) name a block that is not article text."""
    return bool(attrs.strip() and _NOISE.search(attrs))


def has_noise_label(element: Element) -> bool:
    """True for a block whose first child is a heading that names it as not article text
    ("Terpopuler", "Berita Terkait", "Komentar"): redesigns rename classes, not headings."""
    if element.tag not in _LABELLED or (element.text and element.text.strip()):
        return False
    heading = next((child for child in element if isinstance(child.tag, str)), None)
    if heading is None or heading.tag == "a":
        return False
    label = ""
    for text in heading.itertext():  # a label is short: stop reading past its length
        label += text
        if len(label.strip()) > _LABEL_CHARS:
            return False
    return bool(_NOISE_LABEL.match(label.strip()))


def _is_hidden(element: Element) -> bool:
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def is_noise(element: Element) -> bool:
    """True for blocks that never hold article text: by tag, by class or id, or hidden."""
    tag = element.tag
    if not isinstance(tag, str) or tag in SKIP_TAGS:
        return True
    return has_noise_class(element) or has_noise_label(element) or _is_hidden(element)


def is_caption(element: Element) -> bool:
    """True for a figure, a caption, or a block whose class or id names it a caption."""
    if element.tag in {"figure", "figcaption"}:
        return True
    attrs = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(_CAPTION.search(attrs))


def is_noise_but_caption(element: Element) -> bool:
    """:func:`is_noise`, except that visible captions are text: a photo or video page's
    body is its caption."""
    if is_caption(element):
        return _is_hidden(element)
    return is_noise(element)


def is_article_text(texts: Iterable[str], least: int = ARTICLE_CHARS) -> bool:
    """True when ``texts`` (paragraphs without link-heavy ones) are long enough to be an
    article rather than page furniture: a menu, a date line, a few words (``least``: the
    page's floor, :func:`least_article_chars`)."""
    return sum(len(text) for text in texts) >= least


@dataclass(slots=True)
class Paragraph:
    """A paragraph of text, with how much of it is link text."""

    text: str
    link_chars: int = 0

    @property
    def link_ratio(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def paragraphs(
    container: Element,
    dropped: Collection[Element] = (),
    skip: Callable[[Element], bool] = is_noise,
) -> list[Paragraph]:
    """Paragraphs of ``container`` in document order: blocks and ``<br>`` end one; skipped
    elements (and ``dropped`` ones) add nothing but their tail text."""
    out: list[Paragraph] = []
    parts: list[str] = []
    link_chars = 0

    def flush() -> None:
        nonlocal link_chars
        text = collapse("".join(parts))
        if text:
            out.append(Paragraph(text, min(link_chars, len(text))))
        parts.clear()
        link_chars = 0

    def walk(element: Element) -> None:
        nonlocal link_chars
        tag = element.tag
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if tag == "a":
            link_chars += len(collapse(text_of(element)))
        if element.text:
            parts.append(element.text)
        for child in element:
            if not (child in dropped or skip(child)):
                walk(child)
            elif child.tag == "br":
                flush()
            if child.tail:
                parts.append(child.tail)
        if block:
            flush()

    walk(container)
    flush()
    return out


def lines_of(element: Element) -> list[str]:
    """The lines of all text inside ``element``: a block or a ``<br>`` ends one; nothing is
    skipped (a byline's or a date's element is read whatever its class)."""
    return [p.text for p in paragraphs(element, skip=_nothing)]


def _nothing(_: Element) -> bool:
    return False


# --- Finding the container of an unknown template ----------------------------------------

_POSITIVE = re.compile(
    r"article|content|entry|post|body|detail|read|text|story|isi|berita|news|main", re.I
)
_NEGATIVE = re.compile(
    r"comment|sidebar|footer|related|terkait|populer|terkini|widget|menu|nav|share|ads?\b|"
    r"iklan|rekomendasi|banner|sponsor|promo|header|breadcrumb|tag",
    re.I,
)
_OUTSIDE_ARTICLE = "ancestor::nav or ancestor::footer or ancestor::aside or ancestor::header"
# Text written straight into a block: in a div (Antara's current layout), or in a span or
# font inside it split by <br> (Kompas's 2016 layout; a span without one is a label, or
# data a script reads).
_TEXT_HOLDER = "*[self::div or (self::span or self::font) and br][text()[normalize-space()]]"
_CANDIDATE_TEXT = etree.XPath(
    f"//p[not({_OUTSIDE_ARTICLE} or ancestor::form)] | "
    f"//{_TEXT_HOLDER}[not({_OUTSIDE_ARTICLE})] | //pre | //td[text()]"
)
# Pages whose markup leaves a navigation or aside element open put the article inside it:
# when nothing is found outside them, they are searched too.
_ANY_TEXT = etree.XPath(f"//p | //{_TEXT_HOLDER} | //pre | //td[text()]")
# Commas of Latin, Chinese and Japanese, and Arabic script: each one is a clause of prose.
_COMMAS = re.compile("[,\u3001\uff0c\u060c]")
#: Class or id of the block holding a live blog's entries (the updates after its lead).
_LIVE_BLOG = re.compile(
    r"(?:^|[-_\s])live[-_]?(?:blog|events?|updates?|posts?|entries|feed|report)(?:$|[-_\s])",
    re.IGNORECASE,
)
#: Class or id of a standfirst: the summary a page prints between its headline and its text
#: (the article's first lines for readers and for the publishers' own feeds).
_STANDFIRST = re.compile(
    r"(?:^|[-_\s])(?:standfirst|sub-?title|sub-?headline|dek|excerpt|summary|lede|strapline)"
    r"(?:$|[-_\s])",
    re.IGNORECASE,
)
#: Class words of a notice to the reader (cookies, consent), which no summary of the article is.
_NOTICE = re.compile(r"alert|notice|cookie|consent", re.IGNORECASE)
#: How many levels above the headline its header may reach (the standfirst is in it).
_STANDFIRST_LEVELS = 3
#: How many levels above the best block the article may continue in its siblings.
_CLIMB = 5
#: How many of the highest scored candidates are weighed by link density, and among how
#: many of the highest those are sought (a candidate too short to be an article is passed).
_LEADERS = 5
_RANKED = 30


def _class_weight(element: Element) -> float:
    attrs = f"{element.get('class', '')} {element.get('id', '')}"
    weight = 0.0
    if _POSITIVE.search(attrs):
        weight += 25
    if _NEGATIVE.search(attrs):
        weight -= 25
    if element.tag in {"article", "main"}:
        weight += 10
    return weight


def _direct_text(element: Element) -> str:
    return collapse((element.text or "") + " ".join(c.tail or "" for c in element))


def _link_density(element: Element, text_len: int) -> float:
    links = sum(len(collapse(text_of(a))) for a in element.iterfind(".//a"))
    return min(1.0, links / text_len) if text_len else 1.0


def find_content(root: Element, least: int = ARTICLE_CHARS) -> Element | None:
    """The element holding most of the article text, scored as readability does: text
    blocks credit their parent and grandparent by length and commas; class names and link
    density weigh the result. When the article is split into sibling blocks (a wrapper per
    paragraph or between ads), the ancestor holding them all is taken."""
    found = _find_content(root, _CANDIDATE_TEXT, least)
    return found if found is not None else _find_content(root, _ANY_TEXT, least)


def _find_content(root: Element, candidates: etree.XPath, least: int) -> Element | None:
    scores: dict[Element, float] = {}
    # Prose (text outside links) held in each element, a few levels up from each block.
    prose: dict[Element, int] = {}
    for element in candidates(root):
        if element.tag in {"p", "pre", "td"}:
            text = collapse(text_of(element))
            holder = element.getparent()
        else:  # text written straight into the element, split by <br>
            text = _direct_text(element)
            holder = element
        if len(text) < 25 or holder is None:
            continue
        base = 1 + len(_COMMAS.findall(text)) + min(len(text) // 100, 3)
        for level, ancestor in enumerate((holder, holder.getparent())):
            if ancestor is None or not isinstance(ancestor.tag, str):
                continue
            if ancestor not in scores:
                scores[ancestor] = _class_weight(ancestor)
            scores[ancestor] += base / (1 + level)
        own = len(text) - sum(len(collapse(text_of(a))) for a in element.iterfind(".//a"))
        for ancestor in (holder, *holder.iterancestors()):
            prose[ancestor] = prose.get(ancestor, 0) + own
    best: Element | None = None
    best_score = 0.0
    # Link density costs a walk of the subtree: weigh only the leading candidates.
    for element, score, found in _leaders(scores, prose, least):
        text_len = len(collapse(text_of(element)))
        weighted = score * (1 - _link_density(element, text_len))
        if weighted > best_score:
            best, best_score = found, weighted
    return best


def _leaders(
    scores: dict[Element, float], prose: dict[Element, int], least: int
) -> Iterator[tuple[Element, float, Element]]:
    """The highest scored candidates, each with the block its article continues in, that
    hold enough prose to be an article: a date line whose class says "post" never wins,
    whatever its class, while a paragraph per wrapper does once its siblings are joined."""
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    found = ((e, score, _climb(e, prose)) for e, score in ranked[:_RANKED])
    holding = (item for item in found if prose.get(item[2], 0) >= least)
    return islice(holding, _LEADERS)


def standfirst(root: Element, content: Element) -> Element | None:
    """The block whose class or id names a summary, printed under the page's first ``h1``
    (in the same header: within :data:`_STANDFIRST_LEVELS` levels of it) and before
    ``content``, outside it: the standfirst that opens the article, which the densest block
    leaves out. Summaries further away are teasers or notices ("alert-summary")."""
    headline = first_descendant(root, "h1")
    if headline is None:
        return None
    header = headline
    for _ in range(_STANDFIRST_LEVELS):
        parent = header.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        header = parent
    enclosing = set(content.iterancestors())
    after = False
    for element in header.iter():
        if element is content:
            break
        if element is headline:
            after = True
        elif after and element not in enclosing and _names_standfirst(element):
            return element
    return None


def _names_standfirst(element: Element) -> bool:
    if not isinstance(element.tag, str):
        return False
    attrs = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(_STANDFIRST.search(attrs)) and not _NOTICE.search(attrs)


def _is_live_blog(element: Element) -> bool:
    attrs = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(_LIVE_BLOG.search(attrs))


def _first_class(element: Element) -> str:
    classes = (element.get("class") or "").split()
    return classes[0].lower() if classes else ""


def _same_kind(one: Element, other: Element) -> bool:
    """Blocks of the same tag and class, or whose first class is the other's continued
    ("detail-content" and "detail-content-2", "article-text" and "article-text-after"): a
    template that cuts the body with a widget often names its second part after the first."""
    if one.tag != other.tag:
        return False
    if one.get("class") == other.get("class"):
        return True
    a, b = sorted((_first_class(one), _first_class(other)), key=len)
    return bool(a) and b.startswith(a) and b[len(a) : len(a) + 1] in {"-", "_"}


def _climb(best: Element, prose: dict[Element, int]) -> Element:
    """``best``, or the ancestor whose article continues in blocks like it: siblings of the
    same kind (a wrapper per paragraph, text split by ads or widgets), or a live blog's
    entries after its introduction, holding at least half as much prose again. Other
    siblings (galleries, teasers) give no reason to climb."""
    chosen = child = best
    for _ in range(_CLIMB):
        ancestor = child.getparent()
        if ancestor is None or ancestor.tag in {"body", "html"}:
            break
        alike = sum(
            prose.get(sibling, 0)
            for sibling in ancestor
            if sibling is not child and (_same_kind(sibling, child) or _is_live_blog(sibling))
        )
        if alike >= 0.5 * prose.get(chosen, 0) and alike > 0:
            chosen = ancestor
        child = ancestor
    return chosen
