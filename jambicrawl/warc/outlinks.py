"""Outlinks of an archived page, for its metadata record (Heritrix's ``outlink:`` lines).

The WARC writer parses each page for them (:func:`outlinks`), off the crawl's reactor, in two
steps: :func:`found_links` walks the parsed page for its ``<base href>`` and its
``href``/``src`` values as they stand, in one pass over the tree, and :func:`_resolved` makes
outlinks of them (hop types, skipped schemes, absolute URLs).
"""

from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urljoin

from lxml import etree
from w3lib.url import safe_url_string

from jambicrawl.normalize.charset import decode_html, without_xml_declaration

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jambicrawl.warc.exchange import Exchange

#: (absolute URL, Heritrix hop type: L link, E embed, R redirect, context such as a/@href)
Outlink = tuple[str, str, str]
#: A link as it stands in a page: (tag, a ``<link>``'s rel, attribute, value).
Found = tuple[str, str, str, str]


class FoundLinks(NamedTuple):
    """What :func:`found_links` found in a page's tree, for :func:`resolve`."""

    #: The first ``<base href>``, None when the page has none.
    base: str | None
    links: list[Found]


MAX_OUTLINKS = 5000
# A body that inflates past this is not a page worth listing links of (or a zip bomb).
_MAX_DECODED = 50 * 1024 * 1024
_LINK_TAGS = {"a", "area"}
_SKIPPED_SCHEMES = ("javascript:", "mailto:", "data:", "tel:", "about:", "#")
# A URL made of these only is one safe_url_string would return unchanged.
_SAFE_URL = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
_ABSOLUTE = ("http://", "https://")
# Plain elements (no lxml.html classes), no comments: cheaper to build and to walk.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
_BASE = etree.XPath("//base/@href")
_LINKING = etree.XPath("//*[@href or @src]")
#: The stats key counted each time the writer parses a page for its outlinks.
PARSED_STAT = "warc/outlinks_parsed"


#: Resolved links by (base, link): the pages of a site repeat their menus' links.
_RESOLVED: dict[tuple[str, str], str] = {}
_RESOLVED_MAX = 20_000


def _absolute(base: str, value: str) -> str:
    """``safe_url_string(urljoin(base, value))``, remembered; raises ValueError as they do."""
    key = ("" if value.startswith(_ABSOLUTE) else base, value)
    absolute = _RESOLVED.get(key)
    if absolute is None:
        if len(_RESOLVED) >= _RESOLVED_MAX:
            _RESOLVED.clear()
        absolute = _RESOLVED[key] = _resolve(base, value)
    return absolute


def _resolve(base: str, value: str) -> str:
    """``safe_url_string(urljoin(base, value))``, without either where they change nothing
    (both are pure Python)."""
    if not (value.startswith(_ABSOLUTE) and _SAFE_URL.fullmatch(value)):
        value = urljoin(base, value)
        if not (value.isascii() and _SAFE_URL.fullmatch(value)):
            value = safe_url_string(value)
    return value


def _header(exchange: Exchange, name: bytes) -> bytes:
    for key, value in exchange.response_headers:
        if key.lower() == name:
            return value
    return b""


def decoded_body(exchange: Exchange) -> bytes | None:
    """The body without its Content-Encoding; None for encodings not decoded here."""
    encoding = _header(exchange, b"content-encoding").strip().lower()
    if encoding in (b"", b"identity"):
        return exchange.body
    if encoding in (b"gzip", b"x-gzip", b"deflate"):
        # gzip and zlib headers are both auto-detected with wbits 47; raw deflate needs -15.
        for wbits in (47, -15):
            inflater = zlib.decompressobj(wbits)
            try:
                data = inflater.decompress(exchange.body, _MAX_DECODED)
            except zlib.error:
                continue
            return None if inflater.unconsumed_tail else data
    return None


def _hop(tag: str, rel: str) -> str:
    if tag in _LINK_TAGS or (tag == "link" and "stylesheet" not in rel and "icon" not in rel):
        return "L"
    return "E"


def outlinks(exchange: Exchange, count: Callable[[str, int], None] | None = None) -> list[Outlink]:
    """Links of an HTML page (href, src) and a redirect's Location, de-duplicated; ``count``
    is told of each HTML parse (:data:`PARSED_STAT`)."""
    found: list[Outlink] = []
    location = _header(exchange, b"location")
    if 300 <= exchange.status < 400 and location:
        found.append((urljoin(exchange.url, location.decode("latin-1")), "R", "Location:"))
    body = decoded_body(exchange) if exchange.is_html else None
    if body and body.strip():
        content_type = _header(exchange, b"content-type").decode("latin-1")
        if count is not None:
            count(PARSED_STAT, 1)
        found += html_links(exchange.url, body, content_type)
    return unique(found)


def unique(found: Iterable[Outlink]) -> list[Outlink]:
    """Each (URL, context) once, in order, at most :data:`MAX_OUTLINKS`."""
    kept: dict[tuple[str, str], Outlink] = {}
    for link in found:
        kept.setdefault((link[0], link[2]), link)
    return list(kept.values())[:MAX_OUTLINKS]


def html_links(url: str, body: bytes, content_type: str | None) -> list[Outlink]:
    """Parse a page only for its links (not de-duplicated)."""
    # Decoded as the page is read everywhere else: lxml given the bytes would miss a charset
    # sent only in the HTTP header and read UTF-8 links as latin-1.
    text = without_xml_declaration(decode_html(body, content_type))
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    return _resolved(url, found_links(root))


def found_links(root: etree._Element) -> FoundLinks:
    """The ``<base href>`` and the ``href`` and ``src`` values of a parsed page."""
    bases = _BASE(root)
    links: list[Found] = []
    append = links.append
    for element in _LINKING(root):
        tag = str(element.tag)
        attributes = element.attrib
        if href := attributes.get("href"):
            append((tag, attributes.get("rel", "") if tag == "link" else "", "href", href))
        if src := attributes.get("src"):
            append((tag, "", "src", src))
    return FoundLinks(str(bases[0]) if bases else None, links)


def _resolved(url: str, found: FoundLinks) -> list[Outlink]:
    base = url if found.base is None else urljoin(url, found.base.strip())
    links = []
    for tag, rel, attribute, value in found.links:
        tag = tag.lower()
        if tag == "base":  # Resolves the other links; not a link itself.
            continue
        value = value.strip()
        if not value or value[:11].lower().startswith(_SKIPPED_SCHEMES):
            continue
        try:
            absolute = _absolute(base, value)
        except ValueError:  # e.g. a malformed IPv6 host
            continue
        links.append((absolute, _hop(tag, rel.lower()), f"{tag}/@{attribute}"))
    return links
