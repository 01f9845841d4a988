"""The counts ``browse`` shows over every match (facets, the attention chart), made by SQLite
across several databases, against the same counts made the slow way: every hit the search
gives (each Article once) and its stored Article read in Python. Three worker folders hold
copies of some Articles: a later capture in another folder (whose values count, and which
may no longer match), and a capture at the same time (the first folder's counts)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from jambicrawl.browse.attention import _bucket, _label, attention, over_represented
from jambicrawl.browse.matches import facets
from jambicrawl.items import Article
from jambicrawl.normalize.window import DateWindow
from jambicrawl.research.collection import Collection
from jambicrawl.research.facets import Matches
from jambicrawl.research.search import Filters, hits
from jambicrawl.state.articles import STATE_FILE, ArticleStore

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jambicrawl.research.collection import Database

SITES = ("antarajambi", "tribunjambi", "jambiekspres")
CATEGORIES = ("Daerah", "Ekonomi & Bisnis", None, "")
AUTHORS = (["Rahmat Hidayat"], ["Dewi Lestari", "Rahmat Hidayat"], [], ["", "Ferry Irawan"])
DATES = ("2019-01-05T09:00:00+07:00", "2019-01-31T23:30:00+07:00", "2019-03-02T10:00:00Z",
         "2019-12", "2019", "2020-02-29T08:00:00+07:00", None, "sometime")  # fmt: skip
BODY = "Kebakaran hutan dan lahan membuat kabut asap pekat."
FIRST, LATER = "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"


def _article(number: int, *, title: str = "Kabut asap", category: int = 0,
             body: str = BODY) -> Article:  # fmt: skip
    site = SITES[number % len(SITES)]
    return Article(
        url=f"https://{site}.example/{number}",
        canonical_url=f"https://{site}.example/{number}",
        site=site,
        title=f"{title} {number}",
        body=body,
        date_published=DATES[number % len(DATES)],
        authors=AUTHORS[number % len(AUTHORS)],
        category=CATEGORIES[(number + category) % len(CATEGORIES)],
        language="id",
    )


def _store(folder: Path, captured: list[tuple[Article, str]]) -> Path:
    store = ArticleStore(folder / STATE_FILE)
    for article, captured_at in captured:
        store.record(article, "crawl", captured_at)
    store.close()
    return folder


@pytest.fixture
def folders(tmp_path: Path) -> list[Path]:
    first = _store(tmp_path / "one", [(_article(n), FIRST) for n in range(24)])
    second = _store(
        tmp_path / "two",
        [
            (_article(3, category=1), LATER),  # later, another category: counted here
            (
                _article(4, title="Banjir", body="Banjir melanda."),
                LATER,
            ),  # later and no longer a match: not at all
            (_article(5), FIRST),  # the same capture time: counted in the first folder
            *((_article(n), LATER) for n in range(30, 40)),
        ],
    )
    third = _store(tmp_path / "three", [(_article(6, category=2), FIRST),
                                        (_article(3, category=3), FIRST)])  # fmt: skip
    return [first, second, third]


def _slow_way(
    databases: Sequence[Database], query: str, filters: Filters
) -> dict[str, Counter[Any]]:
    by_path = {db.path: db.conn for db in databases}
    names = ("site", "year", "month", "category", "author", "day")
    counted: dict[str, Counter[Any]] = {name: Counter() for name in names}
    for hit in hits(databases, query, filters, snippets=False):
        (text,) = (
            by_path[hit.database]
            .execute(
                "SELECT article_json FROM article_versions WHERE canonical_url = ? AND version = ?",
                (hit.canonical_url, hit.version),
            )
            .fetchone()
        )
        data = json.loads(text)
        published = hit.date_published or ""
        counted["site"][hit.site] += 1
        if published[:4].isdigit():
            counted["year"][published[:4]] += 1
            counted["month"][published[:7]] += 1
        if data.get("category"):
            counted["category"][data["category"]] += 1
        counted["author"].update(name for name in data.get("authors") or () if name)
        with contextlib.suppress(ValueError):  # no date, or not a day's
            counted["day"][hit.site, date.fromisoformat(published[:10])] += 1
    return counted


FILTERS = [
    Filters(),
    Filters(site="tribunjambi"),
    Filters(dates=DateWindow.parse("2019-01-01", "2019-12-31")),
    Filters(category="Daerah", author="Rahmat Hidayat"),
]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("attach_limit", [10, 1])  # 1: the other folders a batch each
def test_facets_and_chart_count_each_matching_article_once(
    folders: list[Path], filters: Filters, attach_limit: int
) -> None:
    with Collection(folders) as collection:
        databases = collection.databases
        for db in databases:
            db.conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, attach_limit)
        expected = _slow_way(databases, "kabut", filters)
        with Matches(databases, "kabut", filters) as found:
            counted = facets(found)
            chart = attention(counted, "day")
    assert counted.total == sum(expected["site"].values()) > 0
    for name in ("site", "year", "month", "category", "author"):
        assert getattr(counted, name) == expected[name], name
    drawn = Counter({(site, _label(day, "day")): n for (site, day), n in expected["day"].items()})
    bars = Counter({(site, chart.labels[slot]): n for site, counts in chart.counts.items()
                    for slot, n in enumerate(counts) if n})  # fmt: skip
    assert bars == drawn
    assert chart.undated == counted.total - sum(drawn.values())


def test_the_chart_s_weeks_and_months(folders: list[Path]) -> None:
    with Collection(folders) as collection, Matches(collection.databases, "kabut",
                                                    Filters()) as found:  # fmt: skip
        expected = _slow_way(collection.databases, "kabut", Filters())["day"]
        counted = facets(found)
        for interval in ("week", "month"):
            chart = attention(counted, interval)
            per_bucket: Counter[tuple[str, str]] = Counter()
            for (site, day), n in expected.items():
                per_bucket[site, _label(_bucket(day, interval), interval)] += n
            bars = {(site, chart.labels[slot]): n for site, counts in chart.counts.items()
                    for slot, n in enumerate(counts) if n}  # fmt: skip
            assert bars == per_bucket, interval
            assert chart.labels == tuple(sorted(chart.labels))  # every bar, in order


def test_each_article_matches_in_the_folder_of_its_last_capture(folders: list[Path]) -> None:
    """Article 3: captured later in the second folder, counted there only; 4: a match in
    the first folder, no longer one in its later capture: not counted; 5: captured at the
    same time in two folders, counted in the first."""
    with Collection(folders) as collection, Matches(collection.databases, "kabut",
                                                    Filters()):  # fmt: skip
        per_db = [
            {row[0] for row in db.conn.execute(
                "SELECT d.canonical_url FROM temp.browse_matches m "
                "JOIN search_docs d ON d.docid = m.docid")}
            for db in collection.databases
        ]  # fmt: skip
    three, four, five = (f"https://{SITES[n % 3]}.example/{n}" for n in (3, 4, 5))
    assert three in per_db[1] and three not in per_db[0] | per_db[2]
    assert four not in per_db[0] | per_db[1]
    assert five in per_db[0] and five not in per_db[1]
    assert not per_db[0] & per_db[1] & per_db[2]


def _daily(article: Article, day: int) -> Article:
    return replace(article, date_published=f"2019-{1 + day // 28:02d}-{1 + day % 28:02d}T08:00:00Z")


def test_the_words_of_the_matches_titles_against_the_others(tmp_path: Path) -> None:
    """The titles of every match and of every other dated Article drawn (the samples larger
    than the collection); an undated one does not narrow the sample of the others."""
    captured = [(_article(n, title="Kabut asap gambut"), FIRST) for n in range(0, 60, 2)]
    captured += [(_daily(_article(n, title="Harga cabai naik", body="Harga naik."), n), FIRST)
                 for n in range(1, 60, 2)]  # fmt: skip
    captured.append(
        (replace(_article(61, title="Harga", body="Harga."), date_published=None), FIRST)
    )
    folder = _store(tmp_path / "words", captured)
    with Collection([folder]) as collection, Matches(collection.databases, "kabut",
                                                     Filters()) as found:  # fmt: skip
        words = over_represented(found, "kabut")
    assert (words.matches, words.rest) == (30, 30)
    assert {w.word for w in words.words[:2]} == {"asap", "gambut"}
    assert "kabut" not in {w.word for w in words.words}  # the query's own word
    assert all(w.in_rest == 0 for w in words.words)
