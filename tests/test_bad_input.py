"""Input no page object should choke on: an Article with what could be found, or
ExtractionError, never anything else."""

from __future__ import annotations

import pytest

from jambicrawl import ExtractionError, extract_article

URL = "https://jambi.tribunnews.com/2022/09/05/jalan-baru"
PAGE = (
    "<html><head><meta charset='utf-8'><title>Jalan Baru Diresmikan - Tribunjambi.com</title>"
    "</head><body><h1 id='arttitle'>Jalan Baru Diresmikan</h1>"
    "<div class='side-article txt-article'><p>TRIBUNJAMBI.COM, JAMBI - Wali Kota Jambi "
    "meresmikan jalan baru di Kecamatan Telanaipura, Senin, dengan anggaran Rp 5 miliar.</p>"
    "<p>Jalan itu menghubungkan dua kelurahan yang selama ini terputus saat banjir.</p>"
    "</div></body></html>"
)


@pytest.mark.parametrize(
    "body",
    [b"", b"   \n", b"\x00\x01\x02\x89PNG\r\n\x1a\n" * 50, b"just some text, no markup"],
    ids=["empty", "blank", "binary", "plain-text"],
)
def test_not_html_raises_extraction_error(body: bytes) -> None:
    with pytest.raises(ExtractionError):
        extract_article(body, URL)


def test_json_document_is_not_an_article() -> None:
    article_or_error: object
    try:
        article_or_error = extract_article(b'{"a": [1, 2, 3]}', URL)
    except ExtractionError as exc:
        article_or_error = exc
    assert isinstance(article_or_error, ExtractionError)


def test_truncated_html_keeps_what_is_there() -> None:
    article = extract_article(PAGE[: PAGE.index("Jalan itu")], URL, "tribunjambi")
    assert article.title == "Jalan Baru Diresmikan"
    assert article.body is not None
    assert article.body.startswith("Wali Kota Jambi meresmikan jalan baru")
    assert article.dateline == "JAMBI"


def test_lying_charset_is_read_as_windows_1252() -> None:
    page = PAGE.replace("Senin", "Senin \u201cmalam\u201d caf\u00e9").encode("cp1252")
    article = extract_article(page, URL, "tribunjambi")
    assert article.body is not None
    assert "\u201cmalam\u201d caf\u00e9" in article.body


def test_twenty_megabyte_page() -> None:
    filler = "<div class='sidebar'><a href='/x'>Terpopuler</a></div>" * 400_000
    page = PAGE.replace("</body>", filler + "</body>")
    assert len(page) > 20_000_000
    article = extract_article(page, URL, "tribunjambi")
    assert article.title == "Jalan Baru Diresmikan"


def test_unknown_site_name_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="unknown site"):
        extract_article(PAGE, URL, "nosuchsite")


def test_malformed_jsonld_is_skipped() -> None:
    page = PAGE.replace(
        "</head>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Judul LD",'
        '"datePublished":"2022-09-05T14:59:00+07:00",}</script></head>',
    )
    article = extract_article(page, URL, "tribunjambi")
    assert article.title == "Judul LD"
    assert article.date_published == "2022-09-05T14:59:00+07:00"
