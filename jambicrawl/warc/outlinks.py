"""Outlinks of an archived page, for its metadata record (Heritrix's ``outlink:`` lines).

Runs in the writer thread: parsing HTML there keeps the reactor free.
"""

from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml import etree
from w3lib.url import safe_url_string

from jambicrawl.normalize.charset import decode_html, without_xml_declaration

if TYPE_CHECKING:
    from jambicrawl.warc.exchange import Exchange

#: (absolute URL, Heritrix hop type: L link, E embed, R redirect, context such as a/@href)
Outlink = tuple[str, str, str]

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


def outlinks(exchange: Exchange) -> list[Outlink]:
    """Links of an HTML page (href, src) and a redirect's Location, de-duplicated."""
    found: list[Outlink] = []
    location = _header(exchange, b"location")
    if 300 <= exchange.status < 400 and location:
        found.append((urljoin(exchange.url, location.decode("latin-1")), "R", "Location:"))
    body = decoded_body(exchange) if exchange.is_html else None
    if body and body.strip():
        content_type = _header(exchange, b"content-type").decode("latin-1")
        found += _html_links(exchange.url, body, content_type)
    seen: set[tuple[str, str]] = set()
    unique = []
    for url, hop, context in found:
        if (url, context) not in seen:
            seen.add((url, context))
            unique.append((url, hop, context))
    return unique[:MAX_OUTLINKS]


def _html_links(url: str, body: bytes, content_type: str) -> list[Outlink]:
    # Decoded as the page is read everywhere else: lxml given the bytes would miss a charset
    # sent only in the HTTP header and read UTF-8 links as latin-1.
    text = without_xml_declaration(decode_html(body, content_type))
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    base = url
    for href in _BASE(root):
        base = urljoin(url, str(href).strip())
        break
    links = []
    for element in _LINKING(root):
        tag = str(element.tag).lower()
        if tag == "base":  # Resolves the other links; not a link itself.
            continue
        attributes = element.attrib
        rel = attributes.get("rel", "").lower()
        for attribute in ("href", "src"):
            value = attributes.get(attribute, "").strip()
            if not value or value.lower().startswith(_SKIPPED_SCHEMES):
                continue
            try:
                absolute = _absolute(base, value)
            except ValueError:  # e.g. a malformed IPv6 host
                continue
            links.append((absolute, _hop(tag, rel), f"{tag}/@{attribute}"))
    return links
