"""Text rules of Indonesian news pages: whitespace, titles, bylines, datelines, sign-offs,
and the inserts that sit inside article bodies.

Everything here works on plain strings (paragraphs), so it serves every extraction layer.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jambicrawl.normalize.dates import DAY_NAMES, is_date_line

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

# str.split() already splits on every Unicode space (no-break space included), but not on
# zero-width characters: those become spaces first. Faster than a regular expression, and
# this runs on every text node of every page.
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\ufeff"
_ZERO_WIDTH = str.maketrans(dict.fromkeys(_ZERO_WIDTH_CHARS, " "))
_DASH = r"[-\u2013\u2014\u2012]"


def collapse(text: str | None) -> str:
    """Whitespace (non-breaking and zero-width included) folded to single spaces, trimmed."""
    if not text:
        return ""
    # translate() looks up every character; most texts hold no zero-width one, and an
    # ASCII or Latin-1 text answers ``in`` for one at once.
    if not text.isascii() and any(c in text for c in _ZERO_WIDTH_CHARS):
        text = text.translate(_ZERO_WIDTH)
    return " ".join(text.split())


def unique(values: Iterable[str]) -> list[str]:
    """Non-empty values in first-seen order, compared case-insensitively."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


# --- Titles -------------------------------------------------------------------------------

# Separators between a headline and the site's name or a section: " - ", " | ", " :: ",
# " » ", and ": " (a colon only after a site's name or a rubric, never inside a segment).
_TITLE_SEPARATORS = re.compile(r"(\s+[|\u2013\u2014\u00bb-]\s+|\s*\|\s*|\s*::\s*|:\s+)")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)
# Host labels that name no site.
_HOST_PARTS = frozenset("www m amp com co id net org or go ac web news".split())  # noqa: SIM905
#: A rubric ("Nasional", "In Picture", "Berita Jambi") is a few words at most.
_RUBRIC_WORDS = 4


def _brand_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _brand_keys(brands: Sequence[str]) -> list[str]:
    """Comparable forms of the site's names: each name, and for a host the host without
    ``www.`` and its longest label (``jambi.tribunnews.com``: ``tribunnews``)."""
    keys: list[str] = []
    for brand in brands:
        brand = brand.strip().lstrip("@").lower()
        keys.append(_brand_key(brand))
        if "." in brand and " " not in brand:
            labels = [label for label in brand.split(".") if label not in _HOST_PARTS]
            keys.append(_brand_key(".".join(labels)))
            keys.extend(_brand_key(label) for label in labels)
    return [k for k in dict.fromkeys(keys) if len(k) >= 4]


def _names_site(segment: str, keys: Sequence[str]) -> bool:
    """True when ``segment`` is the site's name (a truncated one too: "Tribunnews.")."""
    key = _brand_key(segment)
    if not key or len(segment.split()) > _RUBRIC_WORDS + 1:
        return False
    return any(
        key == k or (len(key) >= 4 and k.startswith(key)) or (k in key and len(key) <= len(k) + 10)
        for k in keys
    )


def _segments(title: str) -> list[str]:
    """The title split at separators: text, separator, text, ..."""
    return _TITLE_SEPARATORS.split(title)


def clean_title(
    title: str,
    suffixes: Sequence[str] = (),
    brands: Sequence[str] = (),
    headline: str | Callable[[], str | None] | None = None,
    sections: Sequence[str] = (),
) -> str:
    """The headline alone: HTML entities decoded, without a registered ``suffixes``, and
    without the site's name (``brands``: site name, hosts, ``og:site_name``) before or after
    it (``Situs.com: Judul``, ``Judul - Situs.com``, ``Situs.com: Rubrik - Judul``).

    A rubric or section left at either end goes too when it is one of ``sections`` or when
    the page's printed ``headline`` (its ``h1``) leaves it out; a headline that keeps it
    ("In Picture: ...") keeps it in the title. ``headline`` may be a function, called only
    when a rubric is in question."""
    title = collapse(title)
    if "&" in title and _ENTITY.search(title):
        title = collapse(html.unescape(title))
    for suffix in suffixes:
        if suffix and title.lower().endswith(suffix.lower()):
            title = title[: -len(suffix)].rstrip()
            break
    parts = _segments(title)
    # Most titles a page gives (JSON-LD's, the printed headline) have no separator: the
    # site's names are compared only where there is a segment to take away.
    keys = _brand_keys(brands) if len(parts) >= 3 else []
    # A colon ends a segment only after the site's name or a rubric at the start.
    while len(parts) >= 3:
        if _names_site(parts[0], keys) and parts[2]:
            parts = parts[2:]
        elif _names_site(parts[-1], keys) and parts[-3] and ":" not in parts[-2]:
            parts = parts[:-2]
        else:
            break
    title = "".join(parts).strip()
    return _without_rubric(title, headline, sections)


def _without_rubric(
    title: str, printed: str | Callable[[], str | None] | None, sections: Sequence[str]
) -> str:
    parts = _segments(title)
    if len(parts) < 3:
        return title
    section_keys = {_brand_key(s) for s in sections if s}
    headline = collapse(printed() if callable(printed) else printed) or None
    first, last = parts[0], parts[-1]
    rest_after_first = "".join(parts[2:]).strip()
    rest_before_last = "".join(parts[:-2]).strip()
    if len(first.split()) <= _RUBRIC_WORDS and (
        rest_after_first == headline or _brand_key(first) in section_keys
    ):
        return rest_after_first
    if (
        ":" not in parts[-2]
        and len(last.split()) <= _RUBRIC_WORDS
        and (rest_before_last == headline or _brand_key(last) in section_keys)
    ):
        return rest_before_last
    return title


def strip_title_suffix(title: str, suffixes: Sequence[str] = (), brands: Sequence[str] = ()) -> str:
    """Title without a site suffix: an exact registered suffix, or a segment that names
    the site (``brands``: site name, host, og:site_name)."""
    return clean_title(title, suffixes, brands)


# --- Bylines ------------------------------------------------------------------------------

# Short labels ("Laporan: X", Republika's "Rep: X / Red: Y") only before a colon: "Laporan,"
# and "Red," open sentences too.
_AUTHOR_ROLES = (
    r"reporter|penulis|pewarta|wartawan|jurnalis|kontributor|laporan wartawan [^,:]+"
    r"|(?:laporan|rep)(?=\s*:)"
)
_EDITOR_ROLES = r"editor|redaktur|penyunting|red(?=\s*:)"
_EDITOR_WORDS = re.compile(r"editor|redaktur|penyunting|red", re.IGNORECASE)
_ROLE = re.compile(
    rf"(?P<role>{_AUTHOR_ROLES}|{_EDITOR_ROLES})\s*[:,]\s*(?P<names>[^|\n]*?)\s*(?=\|\||\||\n|$|"
    rf"(?:\s(?:{_AUTHOR_ROLES}|{_EDITOR_ROLES})\s*:))",
    re.IGNORECASE,
)
_BYLINE_START = re.compile(rf"^\s*(?:{_AUTHOR_ROLES}|{_EDITOR_ROLES})\s*[:,]", re.IGNORECASE)
# Lines that name the writer in other shapes, each a whole line of its own (group "names"):
# A name: up to five capitalised words, no day's name among them ("Oleh: Yusuf Hamdani
# Jumat, 8 Maret 2024" names Yusuf Hamdani).
_DAY_NAME = rf"(?:{'|'.join(DAY_NAMES)})\b"
_NAME_WORD = rf"(?!{_DAY_NAME})[A-Z][\w.'\u2019-]*"
_NAME_WORDS = rf"{_NAME_WORD}(?:,? {_NAME_WORD}){{0,4}}"
_OTHER_BYLINES = (
    # "Bima Aditya , Jurnalis · Rabu 06 Maret 2019 15:21 WIB" (Okezone): the role after
    # the name, and nothing after it but the line's end or a separator (a sentence goes on:
    # "Andi, wartawan senior di Jambi, mengatakan ...").
    re.compile(
        rf"^\s*(?P<names>{_NAME_WORDS})\s*,\s*(?i:jurnalis|wartawan|reporter|kontributor)"
        r"\s*(?:$|[\u00b7|\u2022])"
    ),
    # "Sri Wahyuni - detikNews" (Detik): the name, then the newsroom's channel.
    re.compile(rf"^\s*(?P<names>{_NAME_WORDS})\s+{_DASH}\s+[a-z]+[A-Za-z]*(?: [A-Z][a-z]+)?\s*$"),
)
# "Oleh: Ahmad Fauzi", "By Lukas Wijaya", "Diposting oleh Fitri Handayani pada 15 April
# 2023 8:05 pm", "Oleh Galih Pratama • 01/09/23, 14.05": the name, then nothing but a date.
_BY_LEAD = r"(?i:(?:(?:diposting|diposkan|ditulis|posted|written)\s+)?(?:oleh|by))"
_BY = re.compile(rf"^\s*{_BY_LEAD}\s*:?\s+(?P<names>{_NAME_WORDS})")
#: What a text that opens a byline starts with: a role word, or "by" ("Diposting oleh").
BYLINE_LEAD = re.compile(
    rf"\s*(?:reporter|penulis|pewarta|editor|redaktur|laporan wartawan|{_BY_LEAD})\b", re.I
)
# A person's name alone: two to five capitalised words ("Lukas Wijaya", "A. Rahman"); one
# word is as often a newsroom ("Redação", "Ritzau"), and "The ..." a publication.
_FULL_NAME = re.compile(rf"(?!The ){_NAME_WORD}(?: {_NAME_WORD}){{1,4}}")
_BEFORE_DATE = re.compile(r"^[\s\u00b7|\u2022,\-\u2013\u2014]*(?i:(?:pada|on|at)\s+)?")
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\bdan\b|/)\s*", re.IGNORECASE)


@dataclass(slots=True)
class Byline:
    """Names found in byline text."""

    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.authors or self.editors)


_NOT_A_PERSON = re.compile(
    r"https?:|\w\.[a-z]{2,4}\b|redaksi|developer|admin\b"
    # "Kontributor Jambi, Dewi Anggraini" (Kompas): the post and its place, then the person.
    r"|^(?:kontributor|koresponden|wartawan|reporter|jurnalis)\b",
    re.IGNORECASE,
)


def is_full_name(text: str) -> bool:
    """True for a person's first and last names and nothing else (no newsroom, domain or
    one-word account)."""
    return bool(_FULL_NAME.fullmatch(text)) and is_person_name(text)


def is_person_name(name: str) -> bool:
    """False for what CMSs put in author fields that is no person: a URL, a domain, the
    newsroom ("Redaksi"), a developer or admin account."""
    return bool(name) and not _NOT_A_PERSON.search(name)


def _names(raw: str) -> list[str]:
    raw = collapse(raw).strip(" .;:-")
    if not raw or len(raw) > 80:
        return []
    names = (collapse(p) for p in _NAME_SPLIT.split(raw))
    return [n for n in names if n and len(n) <= 50 and is_person_name(n)]


def parse_byline(text: str) -> Byline:
    """Authors and editors named in a byline: ``Penulis: X | Editor: Y``, ``Reporter : X``,
    ``Pewarta: X``, ``Penulis : X || Editor : Y``, ``Laporan Wartawan Tribunjambi.com, X``."""
    byline = Byline()
    lines = "\n".join(collapse(line) for line in text.splitlines())
    for match in _ROLE.finditer(lines):
        role = match.group("role").lower()
        target = byline.editors if _EDITOR_WORDS.fullmatch(role) else byline.authors
        target.extend(_names(match.group("names")))
    if not byline and (other := _other_byline(lines)):
        byline.authors.extend(_names(other.group("names")))
    return byline


def _other_byline(line: str) -> re.Match[str] | None:
    """The match of a byline that names the writer without a role label and a colon."""
    if found := next((m for pattern in _OTHER_BYLINES if (m := pattern.match(line))), None):
        return found
    by = _BY.match(line)
    rest = _BEFORE_DATE.sub("", line[by.end() :], count=1) if by else ""
    # "By Christmas, prices had doubled" goes on with words that are no date.
    return by if by and (not rest.strip() or is_date_line(rest)) else None


def is_byline(paragraph: str) -> bool:
    """True for a short line that only names reporters or editors."""
    return len(paragraph) <= 160 and bool(
        _BYLINE_START.match(paragraph) or _other_byline(paragraph)
    )


# --- Datelines and sign-offs --------------------------------------------------------------

_PLACE = r"[A-Za-z][A-Za-z .'\u2019]{1,40}?(?:,\s*[A-Za-z][A-Za-z .]{1,25}?)?"
# Up to three words in title case ("Muaro Jambi"), and a newsroom's name after a place
# ("CNN Indonesia"): no sentence starts that way and ends at a dash.
_TITLED = r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}"
_NEWSROOM = r"[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*){0,2}"
_SENTENCE = r"(?=[A-Z0-9\"\u201c])"
_BRAND = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|co\.id|co|id|net|news|org|or\.id)"
# "ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) --": a press release's, with its day; often
# a paragraph of its own.
_PRESS_RELEASE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Za-z .']{{1,30}}),\s*\d{{1,2}}\s+[A-Za-z]+\s+\d{{4}}"
    rf"\s*\([^()]{{2,40}}\)\s*{_DASH}+\s*"
)
_DATELINES = (
    # "TRIBUNJAMBI.COM, JAMBI - ", "DETAIL.ID, Jambi – "
    re.compile(rf"^\s*{_BRAND}\s*,\s*(?P<place>{_PLACE})\s*{_DASH}+\s*", re.IGNORECASE),
    # "JAMBI, JAMBIEKSPRES.CO.ID–"
    re.compile(rf"^\s*(?P<place>{_PLACE})\s*,\s*{_BRAND}\s*{_DASH}+\s*", re.IGNORECASE),
    # "Jambi (ANTARA) -", "Mataram, NTB (ANTARA News) -", "JAMBI (SR28) - "
    re.compile(rf"^\s*(?P<place>{_PLACE})\s*\([A-Za-z0-9 .]{{2,25}}\)\s*{_DASH}+\s*"),
    # "MENDAHARA, Senin (11/9/2023) –": a place in capitals, then the day
    re.compile(
        rf"^\s*(?P<place>[A-Z][A-Z .']{{2,30}}),\s*(?:[A-Za-z']+\s*)?"
        rf"\(?\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\)?\s*{_DASH}+\s*"
    ),
    # "Jambi, 14/8 (ANTARA) -": the day between the place and the agency
    re.compile(
        rf"^\s*(?P<place>{_PLACE}),\s*\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?"
        rf"\s*\([A-Za-z0-9 .]{{2,25}}\)\s*{_DASH}+\s*"
    ),
    _PRESS_RELEASE,
    # "TRIBUNNEWS.COM - ": a brand with no place; cut, but there is no place to keep.
    re.compile(rf"^\s*(?P<place>){_BRAND}\s*{_DASH}+\s*", re.IGNORECASE),
    # "KOTA JAMBI - " (capitals only, so that a sentence is never taken for a place)
    re.compile(rf"^\s*(?P<place>[A-Z][A-Z .']{{2,30}}(?:,\s*[A-Z][A-Z .]{{1,20}})?)\s+{_DASH}+\s+"),
    # "Kuala Tungkal - " (Detik), "Jakarta -- ": a place in title case, a dash with spaces
    # around it, and a sentence after it.
    re.compile(rf"^\s*(?P<place>{_TITLED})\s+{_DASH}+\s+{_SENTENCE}"),
    # "Jakarta, CNN Indonesia -- ": the place, then the newsroom in title case or capitals.
    re.compile(rf"^\s*(?P<place>{_TITLED}),\s*{_NEWSROOM}\s+{_DASH}+\s+{_SENTENCE}"),
    # "Liputan6, Jakarta - ": a newsroom whose name holds a digit, then the place.
    re.compile(
        rf"^\s*[A-Z][A-Za-z]*\d[A-Za-z\d]*,\s*(?P<place>{_TITLED})\s+{_DASH}+\s+{_SENTENCE}"
    ),
)
_SIGNOFF = re.compile(
    r"\s*\((?P<initials>\*{1,3}|[a-z]{1,6}(?:[/.,]\s?[a-z*]{1,6}){0,3}|red\.?\s*[A-Za-z]{1,10}"
    r"(?:/[A-Za-z]{1,6})?|[A-Z]{1,2}-\d{1,2})\)\s*$"
)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """``(place, rest)`` when the paragraph opens with a dateline, else ``(None, paragraph)``."""
    for pattern in _DATELINES:
        match = pattern.match(paragraph)
        # A press release's dateline may be a paragraph of its own.
        if match and (len(paragraph) > match.end() or pattern is _PRESS_RELEASE):
            place = collapse(match.group("place")).upper() or None
            return place, paragraph[match.end() :].lstrip()
    return None, paragraph


def split_signoff(paragraph: str) -> tuple[str | None, str]:
    """``(initials, rest)`` when the paragraph closes with a sign-off like ``(hfz)``."""
    match = _SIGNOFF.search(paragraph)
    if match is None:
        return None, paragraph
    return match.group("initials"), paragraph[: match.start()].rstrip()


# --- Inserts ------------------------------------------------------------------------------

_INSERT = re.compile(
    r"^\W*(?:"
    r"baca\s*(?:juga|pula|selengkapnya)?\s*[:\uff1a]"
    r"|simak\s+(?:juga|video)\s*[:\uff1a]"
    r"|lihat\s+juga\s*[:\uff1a]|berita\s+terkait\s*[:\uff1a]?$"
    r"|ringkasan\s+berita"
    r"|artikel\s+ini\s+telah\s+tayang\s+di"
    r"|simak\s+berita\s+(?:dan\s+artikel\s+)?lainnya\s+di"
    r"|cek\s+berita\s+dan\s+artikel"
    r"|temukan\s+berita\s+terkini"
    r"|dapatkan\s+(?:update\s+)?berita"
    r"|ikuti\s+(?:berita|kami|saluran|channel)\b.*(?:google\s+news|whatsapp|telegram)"
    r"|(?:gabung|join)\b.*(?:whatsapp|telegram)"
    r"|advertisement\W*$|scroll\s+to\s+(?:continue|resume)|iklan\W*$"
    r"|kategori\s*:|tags?\s*:|topik\s*:"
    r"|halaman\s+\d+\s*(?:/|dari)\s*\d+|halaman\s+selanjutnya|selanjutnya\s*>*$"
    r"|google\s+news\W*$|whatsapp\s+channel\W*$"
    r"|(?:editor|penyunting)\s+foto\s*:|foto\s*:|fotografer\s*:|sumber\s*:\s*\S+\W*$"
    r"|copyright\s|hak\s+cipta"
    r"|(?:ini\s+(?:adalah\s+)?)?konten\s+(?:premium|eksklusif|berbayar)"
    r"|berlangganan\s+untuk\s+(?:membaca|melanjutkan)|sudah\s+berlangganan\s*\?"
    r"|khusus\s+pelanggan|subscribe\s+to\s+(?:read|continue)"
    r")",
    re.IGNORECASE,
)
_TRAILER = re.compile(r"\s*artikel\s+ini\s+telah\s+tayang\s+di\b.*$", re.IGNORECASE)


def _without_trailer(paragraph: str) -> str:
    # The regex is tried at every character; a word it needs, whose letters match only
    # their ASCII case pair under IGNORECASE, is looked for at once first.
    return _TRAILER.sub("", paragraph) if "tayang" in paragraph.lower() else paragraph


def is_insert(paragraph: str) -> bool:
    """True for "Baca juga" lines, promos, pager text and other non-article lines."""
    return bool(_INSERT.match(paragraph))


@dataclass(slots=True)
class CleanBody:
    """An article body cut into its parts."""

    paragraphs: list[str]
    dateline: str | None = None
    signoff: str | None = None
    byline: Byline = field(default_factory=Byline)


def clean_paragraphs(paragraphs: Iterable[str]) -> CleanBody:
    """Apply the Indonesian body rules: drop inserts, keep bylines apart, split the opening
    dateline and the closing sign-off into their own fields."""
    kept: list[str] = []
    byline = Byline()
    for raw in paragraphs:
        paragraph = _without_trailer(collapse(raw))
        if not paragraph or is_insert(paragraph) or is_date_line(paragraph):
            continue
        if is_byline(paragraph):
            found = parse_byline(paragraph)
            byline.authors.extend(found.authors)
            byline.editors.extend(found.editors)
            continue
        kept.append(paragraph)
    body = CleanBody(kept, byline=byline)
    if kept:
        body.dateline, kept[0] = split_dateline(kept[0])
    if kept:
        # The sign-off closes the last paragraph, or is a paragraph of its own.
        body.signoff, kept[-1] = split_signoff(kept[-1])
    body.paragraphs = [p for p in kept if p]
    return body
