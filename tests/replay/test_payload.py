"""HTTP payloads decoded as their headers say, whatever the archive stored."""

from __future__ import annotations

import gzip
import zlib

import pytest

from jambicrawl.replay.payload import PayloadError, dechunk, decode_body
from tests.replay.archives import chunked

BODY = "<html><body>" + "Harga pinang di Tanjung Jabung Timur anjlok. " * 400 + "</body></html>"
DATA = BODY.encode()
CHUNKED = [("Transfer-Encoding", "chunked")]


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-15)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("headers", "stored"),
    [
        ([], DATA),
        ([("Content-Encoding", "gzip")], gzip.compress(DATA)),
        ([("content-encoding", "x-gzip")], gzip.compress(DATA)),
        # jambicrawl and warcprox store bodies de-chunked; wget and Heritrix keep the framing.
        ([("Transfer-Encoding", "chunked")], DATA),
        ([("Transfer-Encoding", "chunked")], chunked(DATA)),
        ([*CHUNKED, ("Content-Encoding", "gzip")], chunked(gzip.compress(DATA))),
        ([("Content-Encoding", "deflate")], zlib.compress(DATA)),
        ([("Content-Encoding", "deflate")], _raw_deflate(DATA)),
        # Stored decoded under a kept Content-Encoding header.
        ([("Content-Encoding", "gzip")], DATA),
        ([("Content-Encoding", "gzip, gzip")], gzip.compress(gzip.compress(DATA))),
        ([("Content-Encoding", "identity")], DATA),
    ],
)  # fmt: skip
def test_decoded_body(headers: list[tuple[str, str]], stored: bytes) -> None:
    assert decode_body(headers, stored) == DATA


def test_concatenated_gzip_members() -> None:
    assert decode_body([("Content-Encoding", "gzip")], gzip.compress(DATA) * 2) == DATA * 2


def test_a_gzip_body_cut_short_gives_what_it_holds() -> None:
    stored = gzip.compress(DATA)
    decoded = decode_body([("Content-Encoding", "gzip")], stored[: len(stored) // 2])
    assert DATA.startswith(decoded) and decoded


def test_brotli_when_installed() -> None:
    brotli = pytest.importorskip("brotli")
    assert decode_body([("Content-Encoding", "br")], brotli.compress(DATA)) == DATA


@pytest.mark.parametrize(
    ("encoding", "stored", "message"),
    [
        ("gzip", gzip.compress(DATA)[:10] + b"\xff" * 20, "bad gzip data"),
        ("deflate", b"\xff" * 20, "bad deflate data"),
        ("compress", DATA, "unknown Content-Encoding 'compress'"),
    ],
)
def test_undecodable_bodies(encoding: str, stored: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        decode_body([("Content-Encoding", encoding)], stored)


def test_dechunk_keeps_data_that_is_not_chunked() -> None:
    assert dechunk(b"<html>not chunked</html>") == b"<html>not chunked</html>"
    assert dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n") == b"hello world"
