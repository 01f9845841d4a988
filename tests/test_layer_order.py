"""``LAYER_ORDER`` decides which layer's value each field takes."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from jambicrawl import extract_article
from jambicrawl.pages import LAYER_ORDER
from jambicrawl.registry.model import GENERIC_SITE

SITE = replace(GENERIC_SITE, key="contoh", name="Contoh", family="wordpress", hosts=("contoh.id",))
URL = "https://contoh.id/2024/03/05/berita"
JSONLD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Judul dari JSON-LD",
    "datePublished": "2024-03-05T08:00:00+07:00",
    "articleBody": "Isi dari JSON-LD yang dipotong.",
}
PAGE = f"""<!doctype html><html lang="id"><head>
<title>Judul dari tag title</title>
<meta property="og:title" content="Judul dari OpenGraph">
<meta property="article:published_time" content="2024-03-05T09:00:00+07:00">
<script type="application/ld+json">{json.dumps(JSONLD)}</script>
</head><body><article>
<h1 class="entry-title">Judul dari halaman</h1>
<time class="entry-date" datetime="2024-03-05T10:00:00+07:00">5 Maret 2024</time>
<div class="entry-content">
<p>Paragraf pertama dari halaman, yang dibaca oleh pembaca situs ini setiap hari.</p>
<p>Paragraf kedua dari halaman, dengan kalimat yang cukup panjang untuk dihitung.</p>
</div></article></body></html>"""


def extract() -> tuple[dict[str, object], dict[str, str]]:
    article = extract_article(PAGE, URL, SITE)
    return article.to_dict(), dict(article.sources)


def test_default_order_takes_structured_data_first() -> None:
    fields, sources = extract()
    assert (fields["title"], sources["title"]) == ("Judul dari JSON-LD", "jsonld")
    assert fields["date_published"] == "2024-03-05T08:00:00+07:00"
    assert sources["body"] == "site"


@pytest.mark.parametrize(
    ("name", "order", "value", "layer"),
    [
        ("title", ("meta", "jsonld", "site", "generic"), "Judul dari OpenGraph", "meta"),
        ("title", ("site", "jsonld", "meta", "generic"), "Judul dari halaman", "site"),
        ("title", ("generic", "jsonld"), "Judul dari tag title", "generic"),
        ("date_published", ("meta", "jsonld"), "2024-03-05T09:00:00+07:00", "meta"),
        ("date_published", ("site", "jsonld"), "2024-03-05T10:00:00+07:00", "site"),
        ("body", ("jsonld", "site", "generic"), "Isi dari JSON-LD yang dipotong.", "jsonld"),
    ],
)
def test_changing_the_order_changes_the_winning_layer(
    monkeypatch: pytest.MonkeyPatch, name: str, order: tuple[str, ...], value: str, layer: str
) -> None:
    monkeypatch.setitem(LAYER_ORDER, name, order)
    fields, sources = extract()
    assert (fields[name], sources[name]) == (value, layer)


def test_a_layer_left_out_of_the_order_is_never_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LAYER_ORDER, "title", ("generic",))
    monkeypatch.setitem(LAYER_ORDER, "date_published", ())
    fields, sources = extract()
    assert (fields["title"], sources["title"]) == ("Judul dari tag title", "generic")
    assert fields["date_published"] is None
    assert "date_published" not in sources
