"""Extraction on sites nobody registered: titles without the site's name, the publication
time printed with the article (not the header's, a sidebar's or the update's), and bodies
split into sibling blocks. Hand-written pages, each showing one pattern of real sites."""

from __future__ import annotations

import pytest

from jambicrawl import extract_article
from jambicrawl.normalize.text import clean_title

URL = "https://situsberita.id/read/2024/01/10/12345/judul"
PARAGRAPHS = "".join(
    f"<p>Paragraf {n} berita ini, yang panjang, berisi kalimat yang dibaca pembaca.</p>"
    for n in range(1, 6)
)


def page(head: str = "", before: str = "", after_h1: str = "", body: str = PARAGRAPHS,
         aside: str = "", lang: str = "id", h1: str = "Judul Berita Hari Ini") -> str:  # fmt: skip
    return f"""<!doctype html><html lang="{lang}"><head>{head}</head><body>
<header class="site-header"><div class="today">{before}</div></header>
<main><article><h1>{h1}</h1>{after_h1}<div class="content">{body}</div></article>
<aside class="sidebar">{aside}</aside></main></body></html>"""


@pytest.mark.parametrize(
    ("title", "headline", "expected"),
    [
        ("Situsberita.id: Judul Berita Hari Ini", None, "Judul Berita Hari Ini"),
        ("Judul Berita Hari Ini - Situsberita.id", None, "Judul Berita Hari Ini"),
        ("Judul Berita Hari Ini | SITUS BERITA", None, "Judul Berita Hari Ini"),
        (
            "Situsberita.id: Nasional - Judul Berita Hari Ini",
            "Judul Berita Hari Ini",
            "Judul Berita Hari Ini",
        ),
        (
            "Judul Berita Hari Ini - Nasional - Situsberita.id",
            "Judul Berita Hari Ini",
            "Judul Berita Hari Ini",
        ),
        (
            "In Picture: Banjir di Kota Jambi - Situsberita.id",
            "In Picture: Banjir di Kota Jambi",
            "In Picture: Banjir di Kota Jambi",
        ),
        ("In Picture: Banjir di Kota Jambi", "Banjir di Kota Jambi", "Banjir di Kota Jambi"),
        ("Kapolda: Kami Usut Tuntas Kasus Ini", None, "Kapolda: Kami Usut Tuntas Kasus Ini"),
        ("Pilkada Jambi - Siapa Menang?", None, "Pilkada Jambi - Siapa Menang?"),
        (
            "Harga &#8216;Pinang&#8217; Naik &amp; Petani Senang",
            None,
            "Harga ‘Pinang’ Naik & Petani Senang",
        ),
    ],
)
def test_title_keeps_the_headline_alone(title: str, headline: str | None, expected: str) -> None:
    brands = ["Unregistered site", "situsberita.id", "Situs Berita"]
    assert clean_title(title, (), brands, headline) == expected


def test_section_named_by_the_page_is_no_part_of_the_title() -> None:
    assert clean_title("Ekonomi - Harga Karet Naik", sections=["Ekonomi"]) == "Harga Karet Naik"


def test_page_title_uses_og_site_name_and_the_h1() -> None:
    head = (
        '<meta property="og:site_name" content="Kabar Kita">'
        '<meta property="og:title" content="Kabar Kita: Daerah - Judul Berita Hari Ini">'
    )
    article = extract_article(page(head=head), URL)
    assert article.title == "Judul Berita Hari Ini"


@pytest.mark.parametrize(
    ("og_title", "expected"),
    [
        # The printed headline and og:title agree: the JSON-LD one is for search engines.
        ("Judul Berita Hari Ini", "Judul Berita Hari Ini"),
        # Nothing corroborates the printed one: JSON-LD's, the first layer, stands.
        ("Judul Lain untuk Berbagi", "Judul untuk Mesin Pencari"),
    ],
)
def test_a_json_ld_headline_that_readers_never_see_is_not_the_title(
    og_title: str, expected: str
) -> None:
    jsonld = '{"@type": "NewsArticle", "headline": "Judul untuk Mesin Pencari"}'
    head = (
        f'<script type="application/ld+json">{jsonld}</script>'
        f'<meta property="og:title" content="{og_title} - Situsberita.id">'
    )
    assert extract_article(page(head=head), URL).title == expected


def test_time_printed_under_the_headline_wins_over_header_and_sidebar() -> None:
    html = page(
        before="Senin, 1 Januari 2024",
        after_h1='<div class="meta">Rabu, 10 Januari 2024 14:20 WIB</div>',
        aside='<ul><li><span class="date">Kamis, 11 Januari 2024 08:00 WIB</span></li></ul>',
    )
    article = extract_article(html, "https://situsberita.id/judul-berita")
    assert article.date_published == "2024-01-10T14:20:00+07:00"


def test_update_time_is_never_the_publication_time() -> None:
    html = page(
        after_h1=(
            '<div class="updated">Diperbarui: Kamis, 11 Januari 2024 09:00 WIB</div>'
            "<p>Rabu, 10 Januari 2024 | 14:20 WIB</p>"
        )
    )
    article = extract_article(html, "https://situsberita.id/judul-berita")
    assert article.date_published == "2024-01-10T14:20:00+07:00"


def test_time_of_a_related_article_link_is_never_taken() -> None:
    html = page(
        after_h1='<a href="/lain"><time datetime="2023-12-01T10:00:00+07:00">1 Des</time></a>'
        '<span class="tgl">10/01/2024 14:20</span>'
    )
    article = extract_article(html, "https://situsberita.id/judul-berita")
    assert article.date_published == "2024-01-10T14:20:00+07:00"


@pytest.mark.parametrize(
    "link",
    ['href="https://situsberita.id/judul-berita/"', 'href="/lain-alamat" rel="bookmark"'],
)
def test_a_date_printed_as_the_pages_own_permalink_is_taken(link: str) -> None:
    """Blogs print the post's date as its permalink (WordPress: ``rel="bookmark"``)."""
    html = page(
        after_h1=f'<span class="posted-on"><a {link}>'
        '<time datetime="2024-01-10T09:15:00+07:00">10 Januari 2024</time></a></span>'
        '<p><a href="/lain"><time datetime="2023-12-01T10:00:00+07:00">1 Des</time></a></p>'
    )
    article = extract_article(html, "https://situsberita.id/judul-berita")
    assert article.date_published == "2024-01-10T09:15:00+07:00"


def test_a_day_alone_takes_the_printed_time_of_that_day() -> None:
    html = page(
        head='<meta name="pubdate" content="2024-01-10">',
        after_h1='<div class="byline">Oleh Ani | 10 Januari 2024 <span>14:20 WIB</span></div>',
    )
    article = extract_article(html, "https://situsberita.id/judul-berita")
    assert article.date_published == "2024-01-10T14:20:00+07:00"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("id", "2024-01-10T14:20:00+07:00"), ("en", "2024-01-10T07:20:00+00:00")],
)
def test_utc_is_shown_in_the_site_zone_only_on_indonesian_pages(lang: str, expected: str) -> None:
    head = '<meta property="article:published_time" content="2024-01-10T07:20:00Z">'
    article = extract_article(page(head=head, lang=lang), "https://example.com/a")
    assert article.date_published == expected


def test_english_twelve_hour_clock() -> None:
    html = page(after_h1="<p>January 10, 2024 / 2:20 PM</p>", lang="en")
    assert extract_article(html, "https://example.com/a").date_published == (
        "2024-01-10T14:20:00+07:00"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://situsberita.id/a", "2024-01-10T14:20:00+07:00"),
        ("https://jambiupdate.co/a", "2024-01-10T14:20:00+07:00"),
        ("https://example.com/a", "2024-01-10T14:20:00+07:00"),
        ("https://www.giornale.it/a", "2024-01-10T14:20:00+00:00"),
        ("https://news.example.co.uk/a", "2024-01-10T14:20:00+00:00"),
    ],
)
def test_a_time_without_offset_is_indonesian_unless_the_site_is_abroad(
    url: str, expected: str
) -> None:
    head = '<meta property="article:published_time" content="2024-01-10T14:20:00">'
    html = page(head=head).replace(' lang="id"', "")
    assert extract_article(html, url).date_published == expected


@pytest.mark.parametrize(
    "printed",
    ["jueves 10 de enero de 2024", "10 janvier 2024", "10. Januar 2024", "10 de janeiro de 2024",
     "2024年01月10日", "2024년 1월 10일"],
)  # fmt: skip
def test_dates_printed_in_other_languages(printed: str) -> None:
    html = page(after_h1=f'<p class="published-date">{printed}</p>', lang="es")
    article = extract_article(html, "https://example.com/a")
    assert (article.date_published or "")[:10] == "2024-01-10"


def test_a_page_with_no_h1_prints_its_headline_in_an_h2_that_ends_the_title() -> None:
    """ "Site :: Headline" in <title>, the headline in an h2 (mobile templates): the title
    loses the site's name, and the time printed under the h2 (the header's is further) is
    the publication time, even past the page's first elements."""
    menu = "".join(f"<li><a href='/c/{n}'>Rubrik {n}</a></li>" for n in range(200))
    html = f"""<html><head><title>Harian Situs Mobile :: Judul Berita Hari Ini</title></head>
    <body><div class="today">2024-01-09 08:00</div><ul>{menu}</ul>
    <h2 class="sub_tit">Judul Berita Hari Ini</h2>
    <div><span>Nama Penulis | </span><!-- email --> 2024-01-10 16:52:59</div>
    <div class="txt">{PARAGRAPHS}</div></body></html>"""
    article = extract_article(html, "https://m.example.com/news.asp?id=1")
    assert article.title == "Judul Berita Hari Ini"
    assert (article.date_published or "").startswith("2024-01-10T16:52:59")


def test_json_ld_with_text_after_the_document_is_read() -> None:
    jsonld = (
        '{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "datePublished": "2024-01-10T14:20:00+07:00"}\n}'  # a stray brace after it
    )
    head = f'<script type="application/ld+json">{jsonld}</script>'
    assert extract_article(page(head=head), URL).date_published == "2024-01-10T14:20:00+07:00"


def test_a_fact_checks_review_dates_its_article() -> None:
    jsonld = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "ClaimReview",'
        ' "claimReviewed": "Klaim", "datePublished": "2024-01-10 14:20"}]}'
    )
    head = f'<script type="application/ld+json">{jsonld}</script>'
    assert extract_article(page(head=head), URL).date_published == "2024-01-10T14:20:00+07:00"


def test_a_live_blogs_entries_follow_its_lead_in_the_body() -> None:
    lead = "".join(
        f"<p>Lead paragraph {n} of the live report, long enough, with commas, to be prose.</p>"
        for n in range(1, 7)
    )
    entries = "".join(
        f'<div class="live-entry"><time>1{n}:00</time><p>Update {n}: the rescue teams, '
        f"working through the night, reached the flooded villages upstream.</p></div>"
        for n in range(1, 4)
    )
    body = (
        f'<div class="wrapper"><div class="story-text">{lead}</div>'
        f'<div class="live-updates">{entries}</div></div>'
    )
    article = extract_article(page(body=body, lang="en"), "https://example.com/live")
    assert article.body is not None
    assert "Lead paragraph 1 of the live report" in article.body
    assert [n for n in range(1, 4) if f"Update {n}: the rescue teams" in article.body] == [
        1,
        2,
        3,
    ]


def test_an_xhtml_page_with_an_xml_declaration_is_read() -> None:
    html = '<?xml version="1.0" encoding="utf-8"?>\n' + page()
    article = extract_article(html.encode(), URL)
    assert article.title == "Judul Berita Hari Ini"
    assert article.body is not None and "Paragraf 5 berita ini" in article.body


def test_body_split_into_sibling_blocks_is_read_whole() -> None:
    blocks = "".join(
        f'<div class="block"><div class="inner"><p>Bagian {n} dari isi berita, dengan kalimat '
        f"yang cukup panjang, dan koma, untuk dihitung sebagai teks.</p></div></div>"
        f'<div class="ad-slot">Iklan</div>'
        for n in range(1, 9)
    )
    article = extract_article(page(body=blocks), URL)
    assert article.body is not None
    assert [p.split(",")[0] for p in article.body.split("\n\n")] == [
        f"Bagian {n} dari isi berita" for n in range(1, 9)
    ]


def _bare(body: str) -> str:
    """A page of a small CMS: no article element, no class that names the article."""
    return f"""<!doctype html><html lang="id"><head><title>Judul Berita Hari Ini</title></head>
<body><div class="top"><a href="/">Situs Berita</a></div><div class="wrap">
<h1>Judul Berita Hari Ini</h1>{body}</div><div class="bottom">Situs Berita 2024</div>
</body></html>"""


def _bare_body(body: str) -> str:
    article = extract_article(_bare(body), URL)
    assert article.body is not None
    return article.body


@pytest.mark.parametrize(
    "furniture",
    [
        '<div class="note">Siaran langsung belum tersedia saat ini.</div>',
        '<ul class="menu"><li><a href="/a">Daerah</a></li><li><a href="/b">Politik</a></li></ul>'
        "<p>Masukkan alamat surel Anda untuk menerima kabar terbaru setiap pagi.</p>",
    ],
)
def test_a_page_without_article_text_has_no_body(furniture: str) -> None:
    article = extract_article(_bare(furniture), URL)
    assert article.body is None
    assert "body_missing" in article.flags


def test_a_short_block_whose_class_names_a_post_does_not_win_over_the_article() -> None:
    body = (
        '<div class="tgl-posting">Rabu, 10 Januari 2024 - 16:20:18 WIB</div>'
        f'<div class="konten">{PARAGRAPHS}</div>'
    )
    assert _bare_body(body).startswith("Paragraf 1 berita ini")


def test_a_photo_pages_caption_is_its_body() -> None:
    caption = (
        "Ribuan warga memadati lapangan kantor gubernur, Minggu pagi, untuk mengikuti "
        "senam bersama. Panitia membagikan kupon undian, air minum dan buah kepada peserta "
        "yang datang sejak pukul enam pagi. (Foto: Situs Berita)"
    )
    body = (
        '<div class="photo-detail"><div class="photo-date">Minggu, 7 Januari 2024 08:45 WIB</div>'
        '<div class="photo-slide"><figure><img src="/a.jpg" alt="Senam"></figure>'
        f'<div class="photo-caption">{caption}</div></div></div>'
    )
    assert _bare_body(body) == caption


def test_a_caption_beside_article_text_stays_out_of_the_body() -> None:
    body = (
        '<figure><img src="/a.jpg"><figcaption>Suasana senam bersama di lapangan kantor '
        f"gubernur, Minggu pagi.</figcaption></figure><div>{PARAGRAPHS}</div>"
    )
    assert "Suasana senam" not in _bare_body(body)


def test_a_body_cut_by_a_widget_into_blocks_named_alike_is_read_whole() -> None:
    first, second = (
        "".join(f"<p>Paragraf {n} berita ini, yang panjang, berisi kalimat.</p>" for n in part)
        for part in (range(1, 3), range(3, 6))
    )
    body = (
        f'<div class="detail-text">{first}</div>'
        '<div class="box-baca"><span>Baca Juga:</span> <a href="/x">Berita Lain</a></div>'
        f'<div class="detail-text-2">{second}</div>'
    )
    assert [p.split(",")[0] for p in _bare_body(body).split("\n\n")] == [
        f"Paragraf {n} berita ini" for n in range(1, 6)
    ]


def test_the_standfirst_under_the_headline_opens_the_body() -> None:
    body = (
        '<p class="article-dek">Warga meminta jembatan gantung diperbaiki sebelum musim hujan '
        'tiba.</p><div class="cookie-notice-summary">Kami memakai kuki.</div>'
        f"<div>{PARAGRAPHS}</div>"
    )
    paragraphs = _bare_body(body).split("\n\n")
    assert paragraphs[0].startswith("Warga meminta jembatan gantung")
    assert paragraphs[1].startswith("Paragraf 1 berita ini")
    assert "kuki" not in "".join(paragraphs)


@pytest.mark.parametrize(
    ("byline", "authors", "editors"),
    [
        # A <br> between the lines: the editor is no part of the writer's name.
        ("<p>Pewarta: Andi Saputra<br>Editor: Citra Dewi</p>", ["Andi Saputra"], ["Citra Dewi"]),
        # A label alone in its element, the name after it.
        (
            "<p><strong>Penulis:</strong> Andi Saputra</p>"
            "<p><strong>Editor:</strong> Citra Dewi</p>",
            ["Andi Saputra"],
            ["Citra Dewi"],
        ),
        (
            '<div class="meta">Diposting oleh <a href="#">Andi Saputra</a> pada 5 Mei 2023</div>',
            ["Andi Saputra"],
            [],
        ),
        ('<div class="article-author">Andi Saputra</div>', ["Andi Saputra"], []),
        ('<a href="/reporter/andi">Andi Saputra</a>', ["Andi Saputra"], []),
        # A newsroom, an admin account and a commenter are no writers.
        ('<span class="author">oleh <a href="/author/admin/">admin</a></span>', [], []),
        ('<div class="comment-author"><b>Budi Santoso</b></div>', [], []),
    ],
)
def test_bylines_around_the_article(byline: str, authors: list[str], editors: list[str]) -> None:
    article = extract_article(page(after_h1=byline), URL)
    assert (article.authors, article.editors) == (authors, editors)


def test_a_headline_printed_in_no_heading_anchors_the_date_even_after_a_rubric() -> None:
    """The headline in a div ("Galeri: ..." before the <title>'s headline), a long menu
    between the logo's h1 and it: the time is the one printed under that div."""
    menu = "".join(f'<li><a href="/kanal/{n}">Kanal {n}</a></li>' for n in range(200))
    html = f"""<!doctype html><html lang="id"><head>
<title>Judul Berita Hari Ini | Situsberita.id</title>
<meta property="og:title" content="Judul Berita Hari Ini | Situsberita.id"></head><body>
<div class="logo"><h1><a href="/galeri">Galeri</a></h1></div><ul class="menu">{menu}</ul>
<div class="jdl">Galeri: Judul Berita Hari Ini</div>
<div class="tgl">Minggu, 19 Agustus 2018, 16:05 WIB</div>
<div class="isi">{PARAGRAPHS}</div></body></html>"""
    url = "https://situsberita.id/galeri/judul-berita-hari-ini"
    assert extract_article(html, url).date_published == "2018-08-19T16:05:00+07:00"
