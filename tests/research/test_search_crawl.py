"""``jambicrawl search`` over a crawl of the offline mirror: the stories a query names,
any word form, the query language, the filters, the exports, and bad syntax."""

from __future__ import annotations

import csv
import json
import re
import shutil
from typing import TYPE_CHECKING, Any

import pytest

from jambicrawl.export.columns import COLUMN_NAMES
from tests.crawl.mirror_process import MirrorProcess, crawl
from tests.research.helpers import found, search_cli

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

HAZE = "Kabut asap pekat, sekolah di Kota Jambi diliburkan"
WELLS = "Polda Jambi Tutup 14 Sumur Minyak Ilegal di Bajubang"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    mirror = MirrorProcess.start(articles_per_site=10)
    try:
        folder = tmp_path_factory.mktemp("crawl") / "archive"
        result = crawl(mirror.url, folder)
        assert result.returncode == 0, result.stderr[-2000:]
    finally:
        mirror.stop()
    yield folder


def titles(archive: Path, query: str, *more: str) -> list[str]:
    return [hit["title"] for hit in found(archive, query, *more)]


def test_a_phrase_finds_the_story_it_names(archive: Path) -> None:
    hits = found(archive, '"kabut asap"')
    assert [hit["title"] for hit in hits] == [HAZE]
    assert "**kabut asap**" in hits[0]["snippet"].lower()
    assert hits[0]["canonical_url"].startswith("http")


def test_another_form_of_the_word_finds_the_stories(archive: Path) -> None:
    """The stories say 'kebakaran'; the query asks for 'membakar' (and 'terbakar')."""
    for word in ("membakar", "terbakar", "kebakaran"):
        hits = found(archive, word)
        assert {hit["title"] for hit in hits} >= {HAZE, WELLS}, word
    body = " ".join(hit["snippet"] for hit in found(archive, "membakar"))
    assert "**kebakaran**" in body.lower() and "membakar" not in body.lower()


def test_and_or_not_and_prefix(archive: Path) -> None:
    haze, wells = set(titles(archive, "asap")), set(titles(archive, "sumur"))
    assert haze and wells
    assert set(titles(archive, "asap OR sumur")) == haze | wells
    assert set(titles(archive, "asap AND kebakaran")) == haze & set(titles(archive, "kebakaran"))
    assert set(titles(archive, "kebakaran NOT asap")) == set(titles(archive, "kebakaran")) - haze
    assert set(titles(archive, "kebakaran asap")) == set(titles(archive, "asap AND kebakaran"))
    assert set(titles(archive, "kebakar*")) >= set(titles(archive, "kebakaran"))
    assert set(titles(archive, "dilibur*")) == {HAZE}


def test_filters(archive: Path) -> None:
    everything = found(archive, "jambi")
    sites = {hit["site"] for hit in everything}
    assert len(sites) > 1
    assert {hit["site"] for hit in found(archive, "jambi", "--site", "antarajambi")} == {
        "antarajambi"
    }
    window = found(archive, "jambi", "--since", "2015-01-01", "--until", "2015-12-31")
    assert window and all(hit["date_published"][:4] == "2015" for hit in window)
    assert len(window) < len(everything)
    assert titles(archive, "asap", "--author", "Ramadhan Saputra") == [HAZE]
    assert titles(archive, '"kabut asap"', "--author", "Tuti Handayani") == []
    health = found(archive, "jambi", "--category", "kesehatan")
    assert len(health) == 2 and all("DBD" in hit["title"] for hit in health)
    assert titles(archive, "jambi", "--site", "antarajambi", "--since", "2016-01-01") != []
    assert HAZE not in titles(archive, "jambi", "--site", "antarajambi", "--since", "2016-01-01")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_the_matching_articles_export(
    archive: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"hits.{fmt}"
    assert search_cli("kebakaran", str(archive), "--format", fmt, "-o", str(out)) == 0
    rows: list[dict[str, Any]]
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    elif fmt == "csv":
        with out.open(encoding="utf-8") as stream:
            rows = list(csv.DictReader(stream))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    assert list(rows[0]) == list(COLUMN_NAMES)
    assert {row["title"] for row in rows} == set(titles(archive, "kebakaran"))
    assert f"{len(rows)} Articles written" in capsys.readouterr().err


@pytest.mark.parametrize(
    "query", ['"kabut asap', "(asap", "asap OR", "NOT asap", "asap AND AND sumur", "***", ")"]
)
def test_bad_syntax_is_one_line_and_exit_2(
    archive: Path, query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert search_cli(query, str(archive)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert re.fullmatch(r"jambicrawl: query .+\n", captured.err), captured.err


def test_text_output_lists_title_site_date_snippet_and_url(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert search_cli('"kabut asap"', str(archive)) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 Article matches")
    assert HAZE in out and "antarajambi · 2015-09-07" in out and "**kabut asap**" in out.lower()
    assert "http://jambi.antaranews.com/berita/306512/" in out


def test_reindex_gives_the_same_results(archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(archive, copy)
    queries = ["kebakaran", '"kabut asap"', "jambi NOT sawit", "pasar*"]
    before = [found(copy, query) for query in queries]
    assert search_cli("--reindex", str(copy)) == 0
    after = [found(copy, query) for query in queries]
    assert [[h["canonical_url"] for h in hits] for hits in after] == [
        [h["canonical_url"] for h in hits] for hits in before
    ]
    assert [len(hits) for hits in after] == [len(hits) for hits in before]
