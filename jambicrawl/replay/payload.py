"""An archived HTTP payload decoded as its headers say: chunk framing, then Content-Encoding.

Archives differ in what they store: jambicrawl and warcprox keep the body transfer-decoded,
wget keeps the chunk framing, and some tools keep ``Content-Encoding: gzip`` over a body
they stored decoded. Each is read the way pywb reads it: by the headers, checked against
the bytes.
"""

from __future__ import annotations

import importlib
import re
import zlib
from typing import TYPE_CHECKING, Any

from jambicrawl.errors import JambicrawlError

if TYPE_CHECKING:
    from collections.abc import Sequence

#: A decoded body stops growing here (a gzip bomb must not exhaust memory); page objects
#: read far less than this.
MAX_DECODED_BYTES = 32 * 1024 * 1024

_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]+)[ \t]*(?:;[^\r\n]*)?\r?\n")
_GZIP_MAGIC = b"\x1f\x8b"


class PayloadError(JambicrawlError, ValueError):
    """A payload that its Content-Encoding does not decode; the message says which."""


def header(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    """The last value of a header, by case-insensitive name."""
    wanted = name.lower()
    found = None
    for key, value in headers:
        if key.lower() == wanted:
            found = value
    return found


def dechunk(data: bytes) -> bytes:
    """``data`` without HTTP/1.1 chunk framing; unchanged when it is not framed (stored
    already de-chunked under a kept ``Transfer-Encoding`` header)."""
    out = bytearray()
    at = 0
    while True:
        match = _CHUNK_SIZE.match(data, at)
        if match is None:
            return data if at == 0 else bytes(out + data[at:])
        size = int(match.group(1), 16)
        start = match.end()
        if size == 0:
            return bytes(out)
        out += data[start : start + size]
        at = start + size
        if data[at : at + 2] == b"\r\n":
            at += 2
        elif data[at : at + 1] == b"\n":
            at += 1
        if at >= len(data):
            return bytes(out)


def _gunzip(data: bytes) -> bytes:
    """Every gzip member, as far as the data goes (a cut-off body gives what it holds)."""
    out = bytearray()
    while data.startswith(_GZIP_MAGIC) and len(out) < MAX_DECODED_BYTES:
        inflater = zlib.decompressobj(wbits=31)
        try:
            out += inflater.decompress(data, MAX_DECODED_BYTES - len(out))
        except zlib.error as exc:
            if not out:
                raise PayloadError(f"bad gzip data: {exc}") from None
            break
        if not out and not inflater.eof:
            raise PayloadError("gzip body cut short before any data")
        data = inflater.unused_data
    return bytes(out)


def _inflate(data: bytes) -> bytes:
    # "deflate" is zlib-wrapped by the standard, raw deflate by many servers: try both.
    for wbits in (15, -15):
        try:
            return zlib.decompressobj(wbits=wbits).decompress(data, MAX_DECODED_BYTES)
        except zlib.error:
            continue
    raise PayloadError("bad deflate data")


def _optional(*modules: str) -> Any:
    for name in modules:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def _decode_one(data: bytes, coding: str) -> bytes:
    if coding in ("", "identity", "none"):
        return data
    if coding in ("gzip", "x-gzip"):
        # A body stored decoded under a kept Content-Encoding header is used as it is.
        return _gunzip(data) if data.startswith(_GZIP_MAGIC) else data
    if coding == "deflate":
        return _inflate(data)
    if coding == "br":
        brotli = _optional("brotli", "brotlicffi")
        if brotli is None:
            raise PayloadError("Content-Encoding br needs the brotli package")
        try:
            return bytes(brotli.decompress(data))
        except Exception as exc:
            raise PayloadError(f"bad brotli data: {exc}") from None
    if coding == "zstd":
        zstandard = _optional("zstandard")
        if zstandard is None:
            raise PayloadError("Content-Encoding zstd needs the zstandard package")
        try:
            reader = zstandard.ZstdDecompressor().stream_reader(data)
            return bytes(reader.read(MAX_DECODED_BYTES))
        except Exception as exc:
            raise PayloadError(f"bad zstd data: {exc}") from None
    raise PayloadError(f"unknown Content-Encoding {coding!r}")


def decode_body(headers: Sequence[tuple[str, str]], payload: bytes) -> bytes:
    """The body a browser would see. Raises :class:`PayloadError` when it cannot be had."""
    body = payload
    if "chunked" in (header(headers, "Transfer-Encoding") or "").lower():
        body = dechunk(body)
    codings = [c.strip().lower() for c in (header(headers, "Content-Encoding") or "").split(",")]
    for coding in reversed(codings):  # the last coding listed was applied last
        body = _decode_one(body, coding)
    return body
