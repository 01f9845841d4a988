"""The Indonesian normalisation rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jambicrawl.normalize.dates import is_date_line, iso, parse_date
from jambicrawl.normalize.text import (
    clean_paragraphs,
    is_byline,
    parse_byline,
    split_dateline,
    split_signoff,
    strip_title_suffix,
)
from jambicrawl.normalize.urls import canonical_url

CAPTURE = datetime(2026, 2, 4, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Senin 05-09-2022,14:59 WIB", "2022-09-05T14:59:00+07:00"),
        ("Senin, 5 September 2022 14:59 WIB", "2022-09-05T14:59:00+07:00"),
        ("Senin, 05 Sep 2022 | 14:59 WIB", "2022-09-05T14:59:00+07:00"),
        ("Rabu, 04 Februari 2026 - 16:20:18 WIB", "2026-02-04T16:20:18+07:00"),
        ("Rabu, 1 April 2026 | 13:12 WIB", "2026-04-01T13:12:00+07:00"),
        ("Jum'at, 2 Oktober 2020 08:00 WITA", "2020-10-02T08:00:00+08:00"),
        ("Jumat, 2 Okt 2020 08:00 WIT", "2020-10-02T08:00:00+09:00"),
        ("Selasa, 12 Agt 2025 07.30 WIB", "2025-08-12T07:30:00+07:00"),
        ("2022-09-05T14:59:00+07:00", "2022-09-05T14:59:00+07:00"),
        ("2022-09-05 14:59:00", "2022-09-05T14:59:00+07:00"),
        ("Mon, 05 Sep 2022 14:59:00 +0700", "2022-09-05T14:59:00+07:00"),
        ("05/09/2022 14:59", "2022-09-05T14:59:00+07:00"),
        ("3 jam yang lalu", "2026-02-04T14:00:00+07:00"),
        ("21 Jam yang lalu", "2026-02-03T20:00:00+07:00"),
        ("baru saja", "2026-02-04T17:00:00+07:00"),
        # The part of the day after a 12-hour time: afternoon and evening hours.
        ("Senin, 5 September 2022 pukul 9.25 malam", "2022-09-05T21:25:00+07:00"),
        ("Senin, 5 September 2022, jam 4.30 sore", "2022-09-05T16:30:00+07:00"),
        ("5 September 2022 pukul 2.10 Siang", "2022-09-05T14:10:00+07:00"),
        ("5 September 2022 pukul 11.30 siang", "2022-09-05T11:30:00+07:00"),
        ("5 September 2022 pukul 1.15 malam", "2022-09-05T01:15:00+07:00"),
        ("5 September 2022 pukul 7.05 pagi", "2022-09-05T07:05:00+07:00"),
        ("5 September 2022 pukul 19.05 malam", "2022-09-05T19:05:00+07:00"),
    ],
)
def test_dates(printed: str, expected: str) -> None:
    parsed = parse_date(printed, reference=CAPTURE)
    assert parsed is not None
    assert iso(parsed) == expected


@pytest.mark.parametrize("text", ["", "Senin (5/9)", "tidak ada tanggal", "31-02-2022 10:00"])
def test_not_dates(text: str) -> None:
    assert parse_date(text, reference=CAPTURE) is None


def test_relative_dates_need_a_reference() -> None:
    assert parse_date("3 jam yang lalu") is None


@pytest.mark.parametrize(
    ("paragraph", "place", "rest"),
    [
        ("TRIBUNJAMBI.COM, JAMBI - Wali Kota", "JAMBI", "Wali Kota"),
        ("JAMBI, JAMBIEKSPRES.CO.ID\u2013Wali Kota", "JAMBI", "Wali Kota"),
        ("Jambi (ANTARA) - Gubernur", "JAMBI", "Gubernur"),
        ("JAMBI (SR28) - Ada", "JAMBI", "Ada"),
        ("DETAIL.ID, Jambi \u2013 Polisi", "JAMBI", "Polisi"),
        ("Mataram, NTB (ANTARA News) - Sebanyak", "MATARAM, NTB", "Sebanyak"),
        ("TRIBUNNEWS.COM - Berikut", None, "Berikut"),
        ("Pemerintah Kota Jambi - bersama warga", None, "Pemerintah Kota Jambi - bersama warga"),
        # Places in title case (Detik, CNN Indonesia, Liputan6).
        ("Kuala Tungkal - Harga pinang", "KUALA TUNGKAL", "Harga pinang"),
        ("Jakarta -- \u201cKami menolak", "JAKARTA", "\u201cKami menolak"),
        ("Jakarta, CNN Indonesia -- Ribuan buruh", "JAKARTA", "Ribuan buruh"),
        ("Liputan6, Jambi - Ratusan guru", "JAMBI", "Ratusan guru"),
        ("Selain itu - Polisi", None, "Selain itu - Polisi"),
        # A press release's, with its day, alone in its paragraph or before the text.
        ("ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) --", "ISTANBUL", ""),
        ("ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -- Pemerintah", "ISTANBUL", "Pemerintah"),
        ("TRIBUNNEWS.COM - ", None, "TRIBUNNEWS.COM - "),
        ("Manchester United - the club", None, "Manchester United - the club"),
    ],
)
def test_datelines(paragraph: str, place: str | None, rest: str) -> None:
    assert split_dateline(paragraph) == (place, rest)


@pytest.mark.parametrize(
    ("paragraph", "initials"),
    [("selesai. (hfz)", "hfz"), ("selesai.(*)", "*"), ("selesai (**)", "**"),
     ("selesai. (red JOS)", "red JOS"), ("kehidupan. (E-2)", "E-2"),
     ("Badan Pusat Statistik (BPS)", None)],
)  # fmt: skip
def test_signoffs(paragraph: str, initials: str | None) -> None:
    assert split_signoff(paragraph)[0] == initials


@pytest.mark.parametrize(
    ("line", "authors", "editors"),
    [
        (
            "Penulis: Muhammad Renald | Editor: Siti Nurjannah",
            ["Muhammad Renald"],
            ["Siti Nurjannah"],
        ),
        ("Penulis : A Budi || Editor : C Dewi", ["A Budi"], ["C Dewi"]),
        ("Reporter : Hafiz Editor : Rahmat", ["Hafiz"], ["Rahmat"]),
        ("Pewarta: Nur Imansyah", ["Nur Imansyah"], []),
        ("Editor: Ade Marboen", [], ["Ade Marboen"]),
        # The writer named in other shapes: Okezone, "oleh"/"By", Detik.
        ("Bima Aditya , Jurnalis \u00b7 Rabu 06 Maret 2019 15:21 WIB", ["Bima Aditya"], []),
        ("Oleh: Ahmad Fauzi", ["Ahmad Fauzi"], []),
        ("By Lukas Wijaya", ["Lukas Wijaya"], []),
        ("oleh Redaksi", [], []),
        ("Sri Wahyuni - detikNews", ["Sri Wahyuni"], []),
    ],
)
def test_bylines(line: str, authors: list[str], editors: list[str]) -> None:
    found = parse_byline(line)
    assert (found.authors, found.editors) == (authors, editors)


def test_clean_paragraphs_removes_inserts_and_splits_fields() -> None:
    body = clean_paragraphs(
        [
            "JAMBI, JAMBIEKSPRES.CO.ID - Wali Kota meresmikan jalan baru.",
            "Baca juga: Gubernur Resmikan Pasar",
            "BACA JUGA: Banjir di Muaro Jambi",
            "Ringkasan Berita: jalan baru diresmikan",
            "- Advertisement -",
            "Jalan sepanjang 2 km itu dibangun tahun ini.",
            "Simak berita lainnya di Google News",
            "Reporter : Hafiz",
            "Warga menyambut baik. (hfz)",
            "Kategori : Jambi",
        ]
    )
    assert body.paragraphs == [
        "Wali Kota meresmikan jalan baru.",
        "Jalan sepanjang 2 km itu dibangun tahun ini.",
        "Warga menyambut baik.",
    ]
    assert (body.dateline, body.signoff, body.byline.authors) == ("JAMBI", "hfz", ["Hafiz"])


@pytest.mark.parametrize(
    "line",
    [
        "Bima Aditya , Jurnalis \u00b7 Rabu 06 Maret 2019 15:21 WIB",
        "oleh Redaksi",
        "By Kate Sullivan, CNN",
        "Sri Wahyuni - kabarSumbagsel Finance",
    ],
)
def test_writer_lines_are_bylines(line: str) -> None:
    assert is_byline(line)


@pytest.mark.parametrize(
    "line",
    [
        "Andi Saputra, wartawan senior di Jambi, mengatakan harga karet naik.",
        "By the end of the year, prices had doubled",
        "Harga Cabai - Pasar Angso Duo",
    ],
)
def test_sentences_are_not_bylines(line: str) -> None:
    assert not is_byline(line)


@pytest.mark.parametrize(
    ("line", "alone"),
    [
        ("27Mar2023", True),  # a date badge's spans
        ("Rabu, 06 Maret 2019 15:21 WIB", True),
        ("Jum'at, 5 Mei 2023", True),
        ("Tue, 26 November 2024 9:27PM", True),
        ("Aug 15, 2020", True),
        ("Pada 5 Mei 2023 warga berkumpul", False),
        ("Mei 2019 harga naik", False),
        ("10 persen", False),
    ],
)
def test_date_lines(line: str, alone: bool) -> None:
    assert is_date_line(line) is alone


def test_clean_paragraphs_leaves_out_writer_and_date_lines() -> None:
    body = clean_paragraphs(
        ["Ramadhan Putra - detikNews", "27Mar2023", "Muaro Jambi - Sungai Batanghari meluap."]
    )
    assert body.paragraphs == ["Sungai Batanghari meluap."]
    assert (body.dateline, body.byline.authors) == ("MUARO JAMBI", ["Ramadhan Putra"])


def test_trailer_of_copies_is_cut() -> None:
    body = clean_paragraphs(
        ["Isi berita. Artikel ini telah tayang di TribunJambi.com dengan judul Judul, klik"]
    )
    assert body.paragraphs == ["Isi berita."]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Jalan Baru Diresmikan - Tribunjambi.com", "Jalan Baru Diresmikan"),
        ("Jalan Baru Diresmikan | Jambi Ekspres", "Jalan Baru Diresmikan"),
        ("Jalan Baru - Tribunnews.", "Jalan Baru"),
        ("Pilkada Jambi - Siapa Menang?", "Pilkada Jambi - Siapa Menang?"),
    ],
)
def test_title_suffixes(title: str, expected: str) -> None:
    suffixes = [" - Tribunjambi.com", " | Jambi Ekspres"]
    assert strip_title_suffix(title, suffixes, ["tribunnews.com"]) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://jambi.tribunnews.com/2022/09/05/x?page=2",
            "https://jambi.tribunnews.com/2022/09/05/x",
        ),
        (
            "https://jambi.tribunnews.com/2022/09/05/x?page=all",
            "https://jambi.tribunnews.com/2022/09/05/x",
        ),
        ("https://jambiekspres.disway.id/read/12/x/2", "https://jambiekspres.disway.id/read/12/x"),
        (
            "https://jambiekspres.disway.id/amp/12/x?utm_source=wa",
            "https://jambiekspres.disway.id/read/12/x",
        ),
        ("https://x.id/p?id=3&_ga=1&_gl=2#top", "https://x.id/p?id=3"),
        # Parameters sorted, the default port dropped, scheme and host lower-cased.
        ("https://x.id/p?b=2&a=1", "https://x.id/p?a=1&b=2"),
        ("HTTPS://X.id:443/p", "https://x.id/p"),
        ("http://x.id:80/p", "http://x.id/p"),
        ("https://x.id:8443/p", "https://x.id:8443/p"),
        ("https://x.id", "https://x.id/"),
        ("https://x.id/p?q=&page=2&utm_medium=a&mc_cid=1", "https://x.id/p?q="),
        ("https://x.id/berita/caf\u00e9 baru", "https://x.id/berita/caf%C3%A9%20baru"),
    ],
)
def test_canonical_urls(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
