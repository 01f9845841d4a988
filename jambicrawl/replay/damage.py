"""Telling what is wrong where a WARC file cannot be read, and where reading can go on.

warcio says "Invalid WARC record" for a gzip member cut short, for garbage between records
and for a file that is no WARC at all; these checks tell them apart, in words a user can
act on.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from typing import IO

GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"(?:^|\n)(WARC/\d\.\d+\r?\n)")
_BLOCK = 1 << 16
_SCAN = 1 << 20


def next_boundary(stream: IO[bytes], after: int, gz: bool) -> int | None:
    """Offset of the next place a record may start (a gzip member, a ``WARC/`` line)."""
    stream.seek(after)
    position = after
    tail = b""
    while chunk := stream.read(_SCAN):
        data = tail + chunk
        base = position - len(tail)
        if gz:
            found = data.find(GZIP_MAGIC)
            if found >= 0:
                return base + found
        elif match := _WARC_LINE.search(data):
            return base + match.start(1)
        tail = data[-16:]
        position += len(chunk)
    return None


def _start_of(stream: IO[bytes], gz: bool) -> bytes:
    """The file's first bytes, decompressed as far as they go when it is gzip."""
    stream.seek(0)
    head = stream.read(_BLOCK)
    if not gz:
        return head
    with contextlib.suppress(zlib.error):
        return zlib.decompressobj(wbits=47).decompress(head, 256)
    return b""


def not_a_warc(stream: IO[bytes], gz: bool) -> str | None:
    """Why the file is not a WARC at all; None when it starts like one."""
    start = _start_of(stream, gz)
    if start.startswith(b"WARC/") or (gz and not start):
        return None  # a WARC, or a gzip member too short to tell
    line = start.split(b"\n")[0][:40].decode("ascii", "replace")
    shown = "".join(c if c.isprintable() else "?" for c in line)
    return f"not a WARC file ({'gzip' if gz else 'file'} starting with {shown!r})"


def gzip_member_problem(stream: IO[bytes], offset: int) -> str | None:
    """Whether the gzip member at ``offset`` is cut short or damaged; None when it is whole
    (or no gzip member starts there)."""
    stream.seek(offset)
    if stream.read(3) != GZIP_MAGIC:
        return None
    stream.seek(offset)
    inflater = zlib.decompressobj(wbits=31)
    try:
        while not inflater.eof:
            data = inflater.unconsumed_tail or stream.read(_BLOCK)
            if not data:
                return "truncated gzip member"
            inflater.decompress(data, _BLOCK)  # output dropped: only checking
    except zlib.error:
        return "truncated or corrupt gzip member"
    return None


def reason_of(exc: Exception) -> str:
    """warcio's exception in a few words."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if text.startswith(("Invalid WARC record", "Unknown archive format")):
        return "no WARC record header here"
    if "non-chunked gzip" in text:
        return "one gzip member holds many records (run 'warcio recompress' on the file)"
    return text if len(text) <= 120 else text[:117] + "..."
