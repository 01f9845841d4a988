"""The version guard: a worse new version is stored flagged and held back, a correction by
the newsroom becomes the current version (jambicrawl/pipelines/guard.py, store.py)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from jambicrawl.items import Article
from jambicrawl.pipelines.store import StatePipeline
from jambicrawl.spiders import NewsSpider
from jambicrawl.state.articles import ArticleStore

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SENTENCES = [
    f"Pemerintah Kota Jambi meresmikan jembatan baru nomor {i} di kawasan Pasar pagi ini."
    for i in range(12)
]


def article(n: int, body: list[str] | None = None, **values: object) -> Article:
    text = "\n\n".join([f"Berita nomor {n}.", *SENTENCES] if body is None else body)
    data: dict[str, object] = {
        "url": f"https://kabar.example/2026/03/10/berita-{n}",
        "canonical_url": f"https://kabar.example/2026/03/10/berita-{n}",
        "site": "jambiekspres",
        "title": f"Jembatan baru {n} diresmikan",
        "date_published": "2026-03-10T09:00:00+07:00",
        "date_published_precision": "minute",
        "authors": ["Budi"],
        "category": "Kota Jambi",
        "body": text,
        "word_count": len(text.split()),
        "sources": {"title": "jsonld", "date_published": "jsonld", "body": "site"},
    }
    data.update(values)
    return Article.from_dict(data)


class Crawl:
    """One crawl of the site through the state pipeline, as a job runs it."""

    def __init__(self, archive: Path, job: str) -> None:
        settings = {"JAMBICRAWL_ARCHIVE_DIR": str(archive), "JAMBICRAWL_CRAWL_ID": job}
        self.crawler = get_crawler(NewsSpider, settings)
        self.crawler.spider = NewsSpider(site="jambiekspres")
        self.pipeline = StatePipeline.from_crawler(self.crawler)
        self.pipeline.open_spider()

    def store(self, item: Article) -> str:
        """``stored`` or the reason the pipeline dropped the item."""
        try:
            self.pipeline.process_item(item)
        except DropItem as exc:
            return str(exc)
        return "stored"

    def close(self) -> dict[str, object]:
        self.pipeline.close_spider()
        assert self.crawler.stats is not None
        return self.crawler.stats.get_stats()


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Path]:
    first = Crawl(tmp_path, "first")
    for n in range(5):
        assert first.store(article(n)) == "stored"
    first.close()
    yield tmp_path


def current(archive: Path, n: int) -> Article | None:
    store = ArticleStore(archive / "state.sqlite3")
    try:
        return store.current(article(n).canonical_url)
    finally:
        store.close()


@pytest.mark.parametrize(
    ("worse", "flag"),
    [
        (article(0, body=[*SENTENCES[:2], "Konten premium: berlangganan untuk membaca."]),
         "body_shrank"),
        (article(0, body=SENTENCES + [f"Komentar pembaca nomor {i}: setuju sekali, mantap."
                                      for i in range(30)]), "body_grew"),
        (article(0, date_published=None, date_published_precision=None), "fields_lost"),
        (article(0, date_published="2026-03-10", date_published_precision="day"),
         "date_less_precise"),
        (article(0, date_published="2026-03-09T12:00:00+07:00", flags=["date_relative"]),
         "date_relative"),
    ],
)  # fmt: skip
def test_a_worse_version_is_stored_held_back(archive: Path, worse: Article, flag: str) -> None:
    crawl = Crawl(archive, "second")
    assert "held back" in crawl.store(worse)
    stats = crawl.close()
    assert stats["state/held"] == 1
    kept = current(archive, 0)
    assert kept is not None and kept.body == article(0).body
    store = ArticleStore(archive / "state.sqlite3")
    versions = store.versions(worse.canonical_url)
    assert len(versions) == 2 and {flag, "held_back"} <= set(versions[1].flags)
    # Known: not fetched again as new; the same page again is no third version.
    assert store.known(worse.canonical_url) is not None
    store.close()
    again = Crawl(archive, "third")
    assert "held back" in again.store(worse) or "unchanged" in again.store(worse)
    again.close()
    assert len(ArticleStore(archive / "state.sqlite3").versions(worse.canonical_url)) == 2


@pytest.mark.parametrize(
    "correction",
    [
        article(
            1, body=["Berita nomor 1.", *SENTENCES[:5], "Kalimat ini diperbaiki.", *SENTENCES[6:]]
        ),
        article(1, body=["Berita nomor 1.", *SENTENCES, "Paragraf baru: warga menyambut baik."]),
        article(1, title="Jembatan baru 1 diresmikan wali kota"),
        article(1, date_published="2026-03-10T08:30:00+07:00"),
    ],
    ids=["changed-sentence", "new-paragraph", "fixed-title", "fixed-time"],
)
def test_a_correction_by_the_newsroom_becomes_current(archive: Path, correction: Article) -> None:
    crawl = Crawl(archive, "second")
    assert crawl.store(correction) == "stored"
    assert crawl.close()["state/changed"] == 1
    assert current(archive, 1) == correction


def test_one_body_on_many_articles_holds_back_all_but_the_first(archive: Path) -> None:
    """A consent wall at every article URL (or one article at many URLs): the first may be
    the one real article of the copies; the others are held back, all are flagged."""
    crawl = Crawl(archive, "second")
    junk = ["Mohon setujui penggunaan data Anda untuk melanjutkan membaca berita."] * 3
    new = [crawl.store(article(n, body=junk)) for n in range(10, 14)]
    known = [crawl.store(article(n, body=junk)) for n in range(2)]
    stats = crawl.close()
    # The second looked fine until the third showed the pattern: both held back then.
    assert new[:2] == ["stored", "stored"] and all("held back" in o for o in new[2:])
    assert all("held back" in outcome for outcome in known)  # cut short, and shared
    for n in range(2):
        kept = current(archive, n)
        assert kept is not None and kept.body == article(n).body
    first = current(archive, 10)
    assert first is not None and "body_shared" in first.flags
    store = ArticleStore(archive / "state.sqlite3")
    for n in range(11, 14):
        assert current(archive, n) is None  # no Article stands at those URLs
        assert store.known(article(n).canonical_url) is None  # fetched again next crawl
        assert "body_shared" in store.versions(article(n).canonical_url)[0].flags
    store.close()
    assert stats["state/largest_body_shared"] == 6
    (items,) = (archive / "items").glob("*second*.jsonl")
    assert [json.loads(line)["url"] for line in items.read_text("utf-8").splitlines()] == [
        article(10).url
    ]
