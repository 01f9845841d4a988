"""The work SQLite does for a search: the date window applied to the UTC publication time
(its boundaries, other zones, reduced and missing dates), the count of the matches under
the filters, the best hits ranked a page at a time, and an index of an older layout
rebuilt."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import pytest

from jambicrawl.items import Article
from jambicrawl.normalize.dates import parse_stored
from jambicrawl.normalize.window import DateWindow
from jambicrawl.research.collection import Collection
from jambicrawl.research.search import Filters, count, hits, top, top_and_count
from jambicrawl.state import search
from jambicrawl.state.articles import STATE_FILE, ArticleStore
from jambicrawl.state.search import microseconds, published_us
from tests.research.helpers import article, found, stored

if TYPE_CHECKING:
    from pathlib import Path

#: Publication times around the window of 2019 (WIB: +07:00), and the undated.
DATES = {
    "before-start": "2018-12-31T16:59:59+00:00",  # 23:59:59 WIB on the 31st
    "at-start": "2018-12-31T17:00:00+00:00",  # midnight WIB: the window's first instant
    "reduced-year": "2019",  # the start of 2019 in WIB
    "reduced-month": "2019-12",
    "last-second": "2019-12-31T23:59:59+07:00",
    "at-end": "2020-01-01T00:00:00+07:00",  # the window's end: outside
    "end-in-utc": "2019-12-31T20:00:00+00:00",  # 2020-01-01 03:00 WIB: outside
    "undated": "",
    "unreadable": "sometime",  # names no date: kept, as an undated Article
    "jakarta-noon": "2019-06-01T12:00:00+07:00",
}


def _article(number: int, name: str, date: str) -> Article:
    body = "Kebakaran hutan dan lahan membuat kabut asap pekat. " * (1 + number % 4)
    return article(number, name, f"Kabut asap {name}", body, date)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return stored(
        tmp_path / "archive", (_article(n, *item) for n, item in enumerate(DATES.items()))
    )


def _names(archive: Path, *more: str) -> set[str]:
    return {hit["canonical_url"].rsplit("/", 1)[1] for hit in found(archive, "asap", *more)}


def test_the_window_s_boundaries_are_those_of_crawl(archive: Path) -> None:
    inside = {"at-start", "reduced-year", "reduced-month", "last-second", "jakarta-noon"}
    kept = {"undated", "unreadable"}
    assert _names(archive, "--since", "2019-01-01", "--until", "2019-12-31") == inside | kept
    assert _names(archive, "--since", "2019-01-01") == set(DATES) - {"before-start"}
    assert _names(archive, "--until", "2019-12-31") == inside | kept | {"before-start"}
    noon = ("--since", "2019-06-01 12:00", "--until", "2019-06-01 12:00")
    assert _names(archive, *noon) == {"jakarta-noon"} | kept


def test_the_window_keeps_what_the_python_rule_keeps(archive: Path) -> None:
    """The same hits, in the same order, as the window checked on each unfiltered hit."""
    windows = [
        DateWindow.parse("2019-01-01", "2019-12-31"),
        DateWindow.parse("2019-12-31", None),
        DateWindow.parse(None, "2018-12-31"),
        DateWindow.parse("2019-06-01 12:00", "2019-06-01 12:00"),
    ]
    with Collection([archive]) as collection:
        databases = collection.databases
        everything = list(hits(databases, "kabut asap", Filters()))
        for window in windows:
            expected = [h for h in everything if window.keeps_text(h.date_published)]
            windowed = list(hits(databases, "kabut asap", Filters(dates=window)))
            assert windowed == expected, window
            assert count(databases, "kabut asap", Filters(dates=window)) == len(expected)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(site="tribunjambi"),
        Filters(dates=DateWindow.parse("2019-01-01", "2019-12-31")),
        Filters(site="antarajambi", dates=DateWindow.parse("2019-01-01", None)),
        Filters(category="Daerah", dates=DateWindow.parse(None, "2019-01-01")),
    ],
)
def test_the_count_is_the_number_of_hits(archive: Path, filters: Filters) -> None:
    with Collection([archive]) as collection:
        total = count(collection.databases, "kebakaran", filters)
        assert total == len(list(hits(collection.databases, "kebakaran", filters)))
        assert total > 0


def test_the_best_hits_come_a_page_at_a_time_in_the_order_of_all(archive: Path) -> None:
    with Collection([archive]) as collection:
        databases = collection.databases
        every = list(hits(databases, "kabut", Filters()))
        assert len(every) == len(DATES)
        scores = [hit.score for hit in every]
        assert scores == sorted(scores)
        for page in (1, 2, 3):
            assert list(hits(databases, "kabut", Filters(), page=page)) == every
        assert top(databases, "kabut", Filters(), 3) == every[:3]
        assert all("**" in hit.snippet for hit in every)


def test_two_folders_count_and_page_each_article_once(archive: Path, tmp_path: Path) -> None:
    other = tmp_path / "worker-2"
    store = ArticleStore(other / STATE_FILE)
    later = _article(1, "at-start", DATES["at-start"])  # its number in DATES
    store.record(later, "crawl-2", "2026-02-01T00:00:00Z")  # a later capture of one
    store.record(_article(1, "elsewhere", "2019-03-01"), "crawl-2", "2026-02-01T00:00:00Z")
    store.close()
    window = Filters(dates=DateWindow.parse("2019-01-01", "2019-12-31"))
    with Collection([archive, other]) as collection:
        databases = collection.databases
        every = list(hits(databases, "kabut", window))
        urls = [hit.canonical_url for hit in every]
        assert len(urls) == len(set(urls)) == 8
        assert count(databases, "kabut", window) == 8
        assert list(hits(databases, "kabut", window, page=1)) == every
        assert top(databases, "kabut", window, 2) == every[:2]
        assert top_and_count(databases, "kabut", window, 2) == (every[:2], 8)


def test_published_us_is_the_utc_instant() -> None:
    assert published_us("2000-01-01T07:00:00+07:00") == 946_684_800 * 10**6
    assert published_us("2019") == published_us("2019-01-01T00:00:00+07:00")
    assert published_us("2019-01-01T00:00:00+07:00") == published_us("2018-12-31T17:00:00Z")
    assert published_us(None) is None
    assert published_us("sometime") is None


@pytest.mark.parametrize(
    "text",
    [
        "2019-12-31T23:59:59+07:00",
        "2019-12-31T23:59:59-03:30",
        "2019-02-30T10:00:00+07:00",  # no such day
        "1989-12-31T23:00:00+07:00",  # before any news site: no date
        "2019-06-01T12:00:00Z",
        "2019-06-01 12:00",
        "2019-06",
    ],
)
def test_published_us_reads_as_the_window_does(text: str) -> None:
    moment = parse_stored(text)
    assert published_us(text) == (None if moment is None else microseconds(moment))


def test_an_index_of_an_older_layout_is_left_by_the_store_and_rebuilt_by_search(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(archive / STATE_FILE) as conn:
        conn.execute("ALTER TABLE search_docs DROP COLUMN published_us")
        conn.execute("UPDATE search_meta SET value = 'sastrawi-1.0.1/fold-1'")
    store = ArticleStore(archive / STATE_FILE)
    store.record(_article(1, "new", "2019-05-05"), "crawl-2", "2026-03-01T00:00:00Z")
    store.close()
    assert "new" in _names(archive, "--since", "2019-05-05", "--until", "2019-05-05")
    assert "no search index yet" in capsys.readouterr().err
    with sqlite3.connect(archive / STATE_FILE) as conn:
        (marker,) = conn.execute("SELECT value FROM search_meta").fetchone()
    assert marker == search.VERSION


def test_docids_follow_the_publication_time(archive: Path) -> None:
    with sqlite3.connect(archive / STATE_FILE) as conn:
        rows = conn.execute("SELECT docid, published_us FROM search_docs").fetchall()
    undated = [docid for docid, moment in rows if moment is None]
    dated = sorted((docid, moment) for docid, moment in rows if moment is not None)
    assert sorted(undated) == [-2, -1]  # unordered: every window reads them
    assert [moment for _, moment in dated] == sorted(moment for _, moment in dated)
    assert len({docid for docid, _ in rows}) == len(DATES)  # two share a second: "at-start"
    low, high = search.dated_docids(*(published_us(DATES[n]) for n in ("at-start", "at-end")))
    inside = {"at-start", "reduced-year", "reduced-month", "last-second", "jakarta-noon"}
    assert {m for docid, m in dated if low <= docid <= high} == {
        published_us(DATES[name]) for name in inside
    }


def test_a_new_version_with_another_date_moves_in_the_window(archive: Path) -> None:
    store = ArticleStore(archive / STATE_FILE)
    moved = _article(9, "jakarta-noon", "2021-03-03T09:00:00+07:00")  # its number in DATES
    assert store.record(moved, "crawl-2", "2026-04-01T00:00:00Z") == "changed"
    store.close()
    assert "jakarta-noon" not in _names(archive, "--since", "2019-01-01", "--until", "2019-12-31")
    assert "jakarta-noon" in _names(archive, "--since", "2021-03-03", "--until", "2021-03-03")


def test_site_and_category_are_exact_values_folded(archive: Path) -> None:
    with Collection([archive]) as collection:
        databases = collection.databases
        assert count(databases, "asap", Filters(category="DAERAH")) == len(DATES)
        assert count(databases, "asap", Filters(category="Daerah Jambi")) == 0
        assert count(databases, "asap", Filters(site="tribunjambi")) == len(DATES) // 2
    assert search.facet("Ekonomi & Bisnis") == "ekonomi bisnis"
    assert search.facet(None) == "none"
