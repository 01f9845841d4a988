"""Family selectors that cannot wander: pages where the article's own element is gone or
renamed, and other articles' times, comments, related teasers and paywall notices sit where
the old selectors looked (issue 21, item 5)."""

from __future__ import annotations

import pytest
from lxml import etree

from jambicrawl import extract_article
from jambicrawl.pages.content import has_noise_label
from jambicrawl.pages.tree import PARSER

LEAD = (
    "Pemerintah Provinsi Jambi menyalurkan bantuan beras kepada warga terdampak banjir di "
    "Kecamatan Pelayangan, Kota Jambi, pada Senin pagi, dengan melibatkan relawan setempat."
)
SECOND = (
    "Kepala dinas sosial mengatakan, bantuan tahap kedua akan dibagikan pekan depan, setelah "
    "pendataan ulang selesai dilakukan oleh petugas kelurahan dan para ketua rukun tetangga."
)
THIRD = (
    "Warga berharap pemerintah juga memperbaiki tanggul sungai yang jebol, agar banjir tidak "
    "kembali merendam rumah mereka setiap musim hujan datang, seperti tahun-tahun sebelumnya."
)
COMMENT = (
    "Semoga bantuannya merata sampai ke kampung kami di ujung sana, karena tahun lalu kami "
    "tidak kebagian sama sekali, padahal rumah kami juga terendam sampai sepinggang."
)
TEASER = (
    "Harga pinang di Tanjabtim kembali naik, petani menyambut gembira kenaikan harga yang "
    "sudah ditunggu sejak awal tahun, meski biaya angkut ke pengepul juga ikut naik."
)
SIDEBAR = '<time class="foot timeago" title="2019-03-02">Sabtu, 2 Maret 2019 10:00 WIB</time>'


def page(body: str, head: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>Bantuan Banjir Disalurkan</title>{head}</head><body>{body}</body></html>"
    )


def terpopuler(css: str = "box-list") -> str:
    """A "Terpopuler" block whose class names nothing: only its heading says what it is."""
    items = "".join(
        f'<li><a href="/2019/03/02/lain-{n}">Berita lain {n}</a><div>{SIDEBAR}</div></li>'
        for n in range(3)
    )
    return f'<div class="{css}"><h3 class="title">Terpopuler</h3><ul>{items}</ul></div>'


def comments() -> str:
    return (
        '<div class="diskusi"><h3>Komentar (2)</h3>'
        f'<div class="item"><b>Budi</b><p>{COMMENT}</p></div>'
        f'<div class="item"><b>Sari</b><p>{COMMENT[::-1]}</p></div></div>'
        f'<div class="box"><h4>Berita Terkait</h4><div class="teaser"><p>{TEASER}</p></div></div>'
    )


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


TRIBUN_URL = "https://jambi.tribunnews.com/2022/09/05/bantuan-banjir-disalurkan"


@pytest.mark.parametrize("sidebar", [terpopuler(), terpopuler("mb20 populer")])
def test_tribun_date_never_comes_from_the_terpopuler_sidebar(sidebar: str) -> None:
    # The article's own <time> removed; the sidebar, inside #article, before the body.
    body = (
        '<div id="article"><h1 id="arttitle">Bantuan Banjir Disalurkan</h1>'
        f'{sidebar}<div class="side-article txt-article">{paragraphs(LEAD, SECOND)}</div></div>'
    )
    article = extract_article(page(body), TRIBUN_URL)
    assert article.date_published is None or article.date_published.startswith("2022-09-05")
    assert article.sources.get("date_published") != "site"


def test_tribun_date_still_read_from_the_articles_own_time() -> None:
    body = (
        '<div id="article"><h1 id="arttitle">Bantuan Banjir Disalurkan</h1>'
        f"{terpopuler()}<div><time>Senin, 5 September 2022 14:59 WIB</time></div>"
        f'<div class="side-article txt-article">{paragraphs(LEAD, SECOND)}</div></div>'
    )
    article = extract_article(page(body), TRIBUN_URL)
    assert article.date_published == "2022-09-05T14:59:00+07:00"
    assert article.sources["date_published"] == "site"


WORDPRESS_URL = "https://www.detail.id/2026/03/bantuan-banjir-disalurkan/"


def test_wordpress_body_leaves_out_comments_when_the_entry_content_is_renamed() -> None:
    # Without .entry-content, the old fallback `article` took the comments in.
    body = (
        '<article class="post type-post tag-banjir"><h1 class="entry-title">Bantuan Banjir '
        'Disalurkan</h1><span class="posted-on"><time class="entry-date" '
        'datetime="2026-03-17T14:40:00+07:00">17 Maret 2026</time></span>'
        f'<div class="story-text">{paragraphs(LEAD, SECOND, THIRD)}</div>{comments()}</article>'
    )
    article = extract_article(page(body), WORDPRESS_URL)
    assert article.body == "\n\n".join((LEAD, SECOND, THIRD))
    assert article.date_published == "2026-03-17T14:40:00+07:00"


def test_wordpress_date_scoped_inside_an_article_with_tag_classes() -> None:
    # WordPress puts tag-* classes on the article element: it is still the article.
    body = (
        '<aside class="widget"><time datetime="2019-03-02T10:00:00+07:00">2 Maret</time></aside>'
        '<article class="post tag-banjir tag-jambi"><h2 class="site">DETAIL.ID</h2>'
        '<time class="entry-date" datetime="2026-03-17T14:40:00+07:00">17 Maret 2026</time>'
        f'<div class="entry-content">{paragraphs(LEAD, SECOND)}</div></article>'
    )
    article = extract_article(page(body), WORDPRESS_URL)
    assert article.date_published == "2026-03-17T14:40:00+07:00"
    assert article.sources["date_published"] == "site"


DISWAY_URL = "https://jambiekspres.disway.id/read/651900/bantuan-banjir-disalurkan"


def test_disway_date_not_taken_from_a_related_block_and_body_without_comments() -> None:
    related = (
        '<div class="list"><h3>Berita Terkait</h3><div class="media"><a href="/read/1/x">X</a>'
        '<span class="date">Sabtu 02-03-2019,10:00 WIB</span></div></div>'
    )
    body = (
        '<article class="read-content"><h1 class="text-black">Bantuan Banjir Disalurkan</h1>'
        f'{related}<div class="post text-black-1">{paragraphs(LEAD, SECOND)}{comments()}</div>'
        "</article>"
    )
    article = extract_article(page(body), DISWAY_URL)
    assert article.date_published is None
    assert article.body == f"{LEAD}\n\n{SECOND}"


GENERIC_URL = "https://berita.example.id/2022/09/05/bantuan-banjir-disalurkan"


def test_generic_body_leaves_out_labelled_comment_and_related_blocks() -> None:
    body = (
        "<h1>Bantuan Banjir Disalurkan</h1>"
        f'<div class="konten">{paragraphs(LEAD, SECOND, THIRD)}{comments()}</div>'
    )
    article = extract_article(page(body), GENERIC_URL)
    assert article.body == "\n\n".join((LEAD, SECOND, THIRD))


def test_paywall_notice_is_not_body_text() -> None:
    notice = (
        '<div class="notice"><p>Ini adalah konten premium. Berlangganan untuk membaca '
        'artikel selengkapnya.</p><a href="/berlangganan">Berlangganan</a></div>'
        '<div class="paywall-box"><p>Sudah berlangganan? Masuk di sini untuk lanjut.</p></div>'
    )
    body = (
        '<div id="article"><h1 id="arttitle">Bantuan Banjir Disalurkan</h1>'
        f'<div class="side-article txt-article">{paragraphs(LEAD, SECOND)}{notice}</div></div>'
    )
    article = extract_article(page(body), TRIBUN_URL)
    assert article.body == f"{LEAD}\n\n{SECOND}"


@pytest.mark.parametrize(
    ("markup", "label"),
    [
        ("<div><h3>Terpopuler</h3><ul></ul></div>", True),
        ("<section><h2>BERITA TERKAIT</h2></section>", True),
        ("<div><div class='t'>Komentar (12)</div><p>x</p></div>", True),
        ("<p><strong>Baca juga:</strong> <a href='/x'>Judul</a></p>", True),
        ("<div><h3>Tinggalkan Balasan</h3></div>", True),
        ("<div><h3>Komentar Gubernur soal banjir di Jambi</h3></div>", False),
        ("<div><p>Terpopuler di kalangan petani, pinang kembali naik harganya.</p></div>", False),
        ("<div>Terpopuler<p>x</p></div>", False),
        ("<div><a href='/x'>Terkait</a></div>", False),
    ],
)
def test_noise_label(markup: str, label: bool) -> None:
    root = etree.fromstring(f"<html><body>{markup}</body></html>", PARSER)
    block = root.find("body")[0]  # type: ignore[index]
    assert has_noise_label(block) is label
