"""The mirror's small parts: date shapes, URL shapes, host rewriting, Accept-Encoding."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from jambicrawl.mirror import MirrorServer
from jambicrawl.mirror.printed import IsoShape, PrintedFormat
from jambicrawl.mirror.rewrite import HostRewriter
from jambicrawl.mirror.server import accepts_gzip
from jambicrawl.mirror.shapes import UrlShape
from jambicrawl.normalize.dates import WIB

SEEN = datetime(2024, 1, 15, 10, 23, 5, tzinfo=WIB)
LATER = datetime(2026, 5, 1, 7, 5, 9, tzinfo=WIB)


@pytest.mark.parametrize(
    ("printed", "later"),
    [
        ("Senin 15-01-2024,10:23 WIB", "Jumat 01-05-2026,07:05 WIB"),
        ("Senin, 15 Januari 2024 | 10:23 WIB", "Jumat, 1 Mei 2026 | 07:05 WIB"),
        ("Senin, 15 Januari 2024 - 10:23:05 WIB", "Jumat, 1 Mei 2026 - 07:05:09 WIB"),
        ("15 Jan 2024", "1 Mei 2026"),
        ("SENIN, 15/01/2024", "JUMAT, 01/05/2026"),
    ],
)
def test_printed_dates_are_reprinted_in_their_own_shape(printed: str, later: str) -> None:
    shape = PrintedFormat.infer(printed)
    assert shape is not None
    assert shape.render(SEEN) == printed
    assert shape.render(LATER) == later


@pytest.mark.parametrize(
    ("iso", "later"),
    [
        ("2024-01-15T10:23:05+07:00", "2026-05-01T07:05:09+07:00"),
        ("2024-01-15 10:23:05", "2026-05-01 07:05:09"),
        ("2024-01-15T03:23:05+00:00", "2026-05-01T00:05:09+00:00"),
        ("2024-01-15T03:23:05.000Z", "2026-05-01T00:05:09.000Z"),
        ("2024-01-15T10:23+0700", "2026-05-01T07:05+0700"),
    ],
)
def test_iso_dates_keep_their_shape_and_offset(iso: str, later: str) -> None:
    inferred = IsoShape.infer(iso)
    assert inferred is not None
    shape, value = inferred
    assert value == SEEN.replace(second=5 if ":05" in iso[16:] else 0)
    assert shape.render(LATER) == later


@pytest.mark.parametrize(
    ("url", "title", "expected"),
    [
        ("https://jambiekspres.disway.id/read/652187/sungai-batanghari-meluap-1240-rumah",
         "Sungai Batanghari Meluap, 1.240 Rumah", "https://jambiekspres.disway.id/read/999996/x-y"),
        ("https://jambi.tribunnews.com/2022/09/05/pemkot-jambi-kebut", "Pemkot Jambi Kebut",
         "https://jambi.tribunnews.com/2026/05/01/x-y"),
        ("https://jambiupdate.co/artikel-harga-karet-naik.html", "Harga Karet Naik",
         "https://jambiupdate.co/artikel-x-y.html"),
        ("https://www.detail.id/2026/02/polda-jambi-tutup-sumur/", "Polda Jambi Tutup Sumur",
         "https://www.detail.id/2026/05/x-y/"),
        ("https://www.jambione.com/ekonomi-bisnis/2051294/kur-capai-rp-1-31-triliun",
         "KUR Capai Rp 1,31 Triliun", "https://www.jambione.com/ekonomi-bisnis/0999996/x-y"),
    ],
)  # fmt: skip
def test_url_shapes_swap_slug_id_and_date(url: str, title: str, expected: str) -> None:
    assert UrlShape.from_url(url, title).url_for("x-y", 999996, LATER) == expected


def test_rewriting_stops_at_the_end_of_a_host() -> None:
    rewriter = HostRewriter(["jambiupdate.co", "detail.id", "www.detail.id"], "http://m:1/")
    text = (
        '<a href="https://jambiupdate.co/a">https://jambiupdate.com/b</a>'
        '<img src="//www.detail.id/c.jpg"> {"u":"https:\\/\\/detail.id\\/d"}'
    )
    assert rewriter.text(text) == (
        '<a href="http://m:1/jambiupdate.co/a">https://jambiupdate.com/b</a>'
        '<img src="http://m:1/www.detail.id/c.jpg"> {"u":"http:\\/\\/m:1\\/detail.id\\/d"}'
    )
    assert rewriter.bytes(text.encode()) == rewriter.text(text).encode()


@pytest.mark.parametrize(
    ("header", "gzip"),
    [
        (None, False),
        ("", False),
        ("gzip, deflate", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("gzip;q=0", False),
        ("identity", False),
        ("*", True),
        ("*, gzip;q=0", False),
    ],
)
def test_accept_encoding(header: str | None, gzip: bool) -> None:
    assert accepts_gzip(header) is gzip


def test_the_mirror_binds_to_loopback_only() -> None:
    with pytest.raises(ValueError, match="loopback"):
        MirrorServer(host="0.0.0.0")


def test_a_utc_offset_is_not_lost() -> None:
    shape, _ = IsoShape.infer("2024-01-15T10:23:05-05:00") or (None, None)
    assert shape is not None
    assert shape.render(datetime(2024, 1, 15, 15, 23, 5, tzinfo=timezone(timedelta(0)))) == (
        "2024-01-15T10:23:05-05:00"
    )
