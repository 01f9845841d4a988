"""The index in shards, one per year of publication (WIB) and one of the unordered Articles:
a search ranks over the shards the window reaches exactly as each shard alone ranks, an
Article is in one shard only (a new version dated another year moves it), and the
Articles past the docids of their second are found by every window."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from jambicrawl.items import Article
from jambicrawl.normalize.window import DateWindow
from jambicrawl.research.collection import Collection
from jambicrawl.research.query import fts_expression
from jambicrawl.research.search import Filters, count, hits, top, top_and_count
from jambicrawl.state import search
from jambicrawl.state.articles import STATE_FILE, ArticleStore
from tests.research.helpers import article, stored

if TYPE_CHECKING:
    from pathlib import Path

#: Three years (the first Article of 2019 in WIB is 2018 in UTC) and the undated.
DATES = ("2018-06-01T10:00:00+07:00", "2018-12-31T18:00:00+00:00", "2019-07-01T08:00:00+07:00",
         "2020-02-02T09:00:00+07:00", None)  # fmt: skip
WORDS = ("kabut asap", "banjir", "kebakaran hutan", "harga sawit", "jalan rusak")


def _article(number: int, date: str | None) -> Article:
    # Each Article its own mix of words and lengths: BM25 scores that differ.
    body = " ".join(WORDS[(number * k) % len(WORDS)] for k in range(1, 2 + number % 7))
    title, body = WORDS[number % len(WORDS)], f"{body}. Berita nomor {number}."
    return article(number, str(number), title, body, date)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return stored(tmp_path / "archive", (_article(n, DATES[n % len(DATES)]) for n in range(60)))


def _tables(archive: Path) -> list[str]:
    with sqlite3.connect(archive / STATE_FILE) as conn:
        return [shard.table for shard in search.shards(conn)]


def _brute_force(archive: Path, query: str, filters: Filters) -> list[tuple[float, int]]:
    """Every shard searched alone, its matches kept by the rules in Python: (score, docid)
    in the order of a search."""
    match = f"{{{' '.join(search.TEXT_COLUMNS)}}} : ({fts_expression(query)})"
    found = []
    with sqlite3.connect(archive / STATE_FILE) as conn:
        for table in _tables(archive):
            for docid, score, site, published in conn.execute(
                f"SELECT t.rowid, t.rank, d.site, d.date_published FROM {table} t "
                f"JOIN search_docs d ON d.docid = t.rowid WHERE {table} MATCH ?",
                (match,),
            ):
                if filters.dates.keeps_text(published) and filters.site in (None, site):
                    found.append((score, docid))
    return sorted(found)


def test_each_year_is_a_shard(archive: Path) -> None:
    assert _tables(archive) == [
        "search_index_unordered", "search_index_2018", "search_index_2019", "search_index_2020",
    ]  # fmt: skip


@pytest.mark.parametrize("query", ["kabut", "banjir OR sawit", "hutan"])
@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(dates=DateWindow.parse("2019-01-01", "2019-12-31")),
        Filters(site="tribunjambi", dates=DateWindow.parse("2018-07-01", "2020-01-01")),
        Filters(dates=DateWindow.parse(None, "2018-12-31")),
    ],
)
def test_the_ranking_over_shards_is_each_shard_s_own(
    archive: Path, query: str, filters: Filters
) -> None:
    expected = _brute_force(archive, query, filters)
    assert expected
    with sqlite3.connect(archive / STATE_FILE) as conn:
        urls = dict(conn.execute("SELECT canonical_url, docid FROM search_docs"))
    with Collection([archive]) as collection:
        databases = collection.databases
        every = list(hits(databases, query, filters))
        assert [(hit.score, urls[hit.canonical_url]) for hit in every] == expected
        assert count(databases, query, filters) == len(expected)
        for page in (1, 4):
            assert list(hits(databases, query, filters, page=page)) == every
        assert top(databases, query, filters, 5) == every[:5]
        assert top_and_count(databases, query, filters, 5) == (every[:5], len(expected))


def test_a_new_version_dated_another_year_leaves_its_shard(archive: Path) -> None:
    moved = _article(2, DATES[2])  # 2019
    later = replace(moved, date_published="2020-03-03T09:00:00+07:00", body="Gempa bumi.")
    store = ArticleStore(archive / STATE_FILE)
    assert store.record(later, "crawl-2", "2026-02-01T00:00:00Z") == "changed"
    store.close()
    with sqlite3.connect(archive / STATE_FILE) as conn:
        for table in _tables(archive):
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        in_2019 = conn.execute(
            "SELECT count(*) FROM search_index_2019 WHERE search_index_2019 MATCH 'berita'"
        ).fetchone()[0]
        assert in_2019 == sum(1 for n in range(60) if n % len(DATES) in (1, 2)) - 1
    with Collection([archive]) as collection:
        databases = collection.databases
        assert [h.canonical_url for h in hits(databases, "gempa", Filters())] == [moved.url]
        year_2019 = Filters(dates=DateWindow.parse("2019-01-01", "2019-12-31"))
        assert moved.url not in {h.canonical_url for h in hits(databases, "berita", year_2019)}


def test_articles_past_their_second_s_docids_are_unordered_and_still_windowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "DOCIDS_PER_SECOND", 2)
    folder = tmp_path / "archive"
    store = ArticleStore(folder / STATE_FILE)
    for number in range(5):  # one second: two ordered, three past it
        store.record(_article(number, DATES[2]), "crawl-1", "2026-01-01T00:00:00Z")
    store.record(_article(5, DATES[3]), "crawl-1", "2026-01-01T00:00:00Z")
    store.record(_article(6, None), "crawl-1", "2026-01-01T00:00:00Z")
    store.close()
    with sqlite3.connect(folder / STATE_FILE) as conn:
        docids = sorted(docid for (docid,) in conn.execute("SELECT docid FROM search_docs"))
    assert sum(docid < 0 for docid in docids) == 4  # three of the second, and the undated
    with Collection([folder]) as collection:
        databases = collection.databases
        for since, until, expected in (("2019-07-01", "2019-07-01", 6), ("2020-01-01", None, 2),
                                       (None, "2019-06-30", 1)):  # fmt: skip
            filters = Filters(dates=DateWindow.parse(since, until))
            assert count(databases, "berita", filters) == expected
            assert len(list(hits(databases, "berita", filters))) == expected
