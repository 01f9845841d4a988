"""Which publication time the evidence supports (jambicrawl/pages/fields/dating.py), on
pages whose own date went wrong."""

from __future__ import annotations

from datetime import UTC, datetime

from jambicrawl import extract_article
from jambicrawl.normalize.dates import at_precision, parse_stored, relative_precision
from jambicrawl.pages.fields.dating import Discovered

CAPTURED = datetime(2026, 3, 10, 5, 0, tzinfo=UTC)  # 12:00 WIB


def page(printed: str, *, jsonld: str = "", sidebar: str = "") -> str:
    ld = (
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": '
        f'"Jembatan Baru Diresmikan", "datePublished": "{jsonld}"}}</script>'
        if jsonld
        else ""
    )
    body = "".join(
        f"<p>Warga Kota Jambi menyambut jembatan baru di kawasan Pasar, kalimat {i}.</p>"
        for i in range(8)
    )
    return (
        f'<html lang="id"><head><title>Jembatan Baru Diresmikan</title>{ld}</head><body>'
        f"{sidebar}<article><h1>Jembatan Baru Diresmikan</h1>"
        f'<div class="date">{printed}</div><div class="content">{body}</div></article>'
        "</body></html>"
    )


def extract(html: str, url: str, discovered: Discovered | None = None) -> dict[str, object]:
    from jambicrawl.pages import PageResponse, extract_pages

    response = PageResponse.from_text(url, html, captured_at=CAPTURED)
    return extract_pages([response], discovered=discovered).to_dict()


def test_a_relative_date_never_gets_a_minute_it_does_not_have() -> None:
    article = extract(page("6 bulan lalu"), "https://kabar.example/berita/jembatan")
    assert article["date_published"] == "2025-09"
    assert article["date_published_precision"] == "month"
    assert {"date_relative", "date_uncorroborated"} <= set(article["flags"])
    hours = extract(page("2 jam yang lalu"), "https://kabar.example/berita/jembatan")
    assert (hours["date_published"], hours["date_published_precision"]) == ("2026-03-10", "day")


def test_a_relative_date_gives_way_to_the_feed_entry_that_corroborates_it() -> None:
    found = Discovered(published="Tue, 10 Mar 2026 09:58:00 +0700")
    article = extract(page("2 jam lalu"), "https://kabar.example/berita/jembatan", found)
    assert article["date_published"] == "2026-03-10T09:58:00+07:00"
    assert article["date_published_precision"] == "minute"
    assert article["sources"]["date_published"] == "discovery"
    assert "date_relative" in article["flags"]
    assert "date_uncorroborated" not in article["flags"]


def test_a_date_the_url_contradicts_is_not_trusted() -> None:
    # The article's own date is gone; the date found is a sidebar's, years off.
    url = "https://kabar.example/2022/09/05/jembatan-baru"
    article = extract(page("Senin, 3 Januari 2019 08:00 WIB"), url)
    assert article["date_published"] == "2022-09-05"
    assert article["date_published_precision"] == "day"
    assert article["sources"]["date_published"] == "url"
    assert "date_conflict" in article["flags"]
    evidence = {e["source"]: e["agrees"] for e in article["date_evidence"]}  # type: ignore[union-attr]
    assert evidence == {"printed": False, "url": True}


def test_a_page_value_the_url_supports_wins_over_one_it_contradicts() -> None:
    url = "https://kabar.example/2022/09/05/jembatan-baru"
    html = page("Senin, 5 September 2022 14:59 WIB", jsonld="2019-01-03T08:00:00+07:00")
    article = extract(html, url)
    assert article["date_published"] == "2022-09-05T14:59:00+07:00"
    assert "date_conflict" in article["flags"]


def test_agreeing_evidence_is_recorded_and_raises_no_flag() -> None:
    url = "https://kabar.example/2022/09/05/jembatan-baru"
    html = page("Senin, 5 September 2022 14:59 WIB", jsonld="2022-09-05T14:59:00+07:00")
    article = extract(html, url, Discovered(modified="2022-09-06T10:00:00+07:00"))
    assert article["date_published"] == "2022-09-05T14:59:00+07:00"
    assert article["flags"] == []
    sources = [e["source"] for e in article["date_evidence"]]  # type: ignore[union-attr]
    assert sources == ["jsonld", "printed", "url", "discovery"]


def test_a_day_alone_is_a_day_not_midnight() -> None:
    article = extract_article(page("Selasa, 16 Februari 2016"), "https://kabar.example/b/1")
    assert article.date_published == "2016-02-16"
    assert article.date_published_precision == "day"


def test_precision_helpers() -> None:
    assert relative_precision("3 tahun yang lalu") == "year"
    assert relative_precision("kemarin") == "day"
    assert relative_precision("Senin, 5 September 2022") is None
    when = datetime(2022, 9, 5, 14, 59, tzinfo=UTC)
    assert at_precision(when, "month") == "2022-09"
    assert parse_stored("2022-09") == parse_stored("2022-09-01")
    assert parse_stored("2022") is not None
