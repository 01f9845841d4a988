"""The text of an HTML body: its character set from a BOM, the HTTP header or the page."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Browsers read latin-1 and ascii declarations as windows-1252 (WHATWG Encoding).
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Text of an HTML body. A BOM wins, then the HTTP charset, then ``<meta charset>``;
    a declaration the bytes do not satisfy (windows-1252 bytes declared as UTF-8) is
    ignored in favour of UTF-8, then windows-1252, which decodes any byte."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace")
    declared: list[str | None] = []
    if content_type and (m := _HEADER_CHARSET.search(content_type)):
        declared.append(_codec(m.group(1)))
    if m2 := _META_CHARSET.search(body[:4096]):
        declared.append(_codec(m2.group(1).decode("ascii", "replace")))
    for codec in [*declared, "utf-8", "cp1252"]:
        if codec is None:
            continue
        try:
            return body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("utf-8", errors="replace")  # unreachable: cp1252 maps bytes


def without_xml_declaration(text: str) -> str:
    """``text`` without an XHTML page's ``<?xml ... encoding=...?>``, which lxml refuses in
    a string (the text is decoded already: the declaration says nothing more)."""
    return _XML_DECLARATION.sub("", text, count=1)
