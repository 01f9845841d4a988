"""The search index kept current by the store: a new current version replaces its Article's
entry, a held-back version never enters, a version held back after the fact gives the entry
back to the current one; an older database is indexed on its first search; several
folders search as one collection, each Article once."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import TYPE_CHECKING

from jambicrawl import extract_pages
from jambicrawl.state import search
from jambicrawl.state.articles import STATE_FILE, ArticleStore
from tests.replay.archives import case
from tests.replay.test_export import CASES, stored_versions
from tests.research.helpers import found, search_cli

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from jambicrawl.items import Article


def _article() -> Article:
    the_case = case(CASES[0])
    return extract_pages(the_case.responses(), the_case.site)


def _urls(archive: Path | list[Path], query: str) -> list[str]:
    return [hit["canonical_url"] for hit in found(archive, query)]


def test_a_held_back_version_is_not_found_and_its_current_version_is(tmp_path: Path) -> None:
    archive = stored_versions(tmp_path / "archive")
    good = _article()
    store = ArticleStore(archive / STATE_FILE)
    cut = replace(good, body="Konten premium zambrut.", flags=["body_shrank", "held_back"])
    assert store.record(cut, "crawl-3", "2026-06-01T00:00:00Z", held_back=True) == "held"
    store.close()
    assert _urls(archive, "zambrut") == []
    assert good.canonical_url in _urls(archive, f'"{good.title}"')


def test_a_new_version_replaces_the_entry_and_a_later_hold_brings_it_back(
    tmp_path: Path,
) -> None:
    archive = stored_versions(tmp_path / "archive")
    good = _article()
    store = ArticleStore(archive / STATE_FILE)
    changed = replace(good, body=(good.body or "") + "\n\nRalat: kebakaran gudang kelontong.")
    assert store.record(changed, "crawl-3", "2026-06-01T00:00:00Z") == "changed"
    assert _urls(archive, "kelontong") == [good.canonical_url]
    version = store.latest_version(good.canonical_url)
    assert store.flag(good.canonical_url, version, ["body_shared"], hold=True)
    store.close()
    assert _urls(archive, "kelontong") == []
    assert good.canonical_url in _urls(archive, f'"{good.title}"')


def test_an_older_database_is_indexed_on_its_first_search(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = stored_versions(tmp_path / "archive")
    with sqlite3.connect(archive / STATE_FILE) as conn:
        search.drop(conn)
    good = _article()
    assert _urls(archive, f'"{good.title}"') == [good.canonical_url]
    err = capsys.readouterr().err
    assert "no search index yet" in err and err.count("\n") == 1
    assert _urls(archive, f'"{good.title}"') == [good.canonical_url]
    assert capsys.readouterr().err == ""


def test_two_folders_search_as_one_collection(tmp_path: Path) -> None:
    """The same Article in both folders: found once, in its version captured last."""
    first = stored_versions(tmp_path / "worker-1")
    second = tmp_path / "worker-2"
    good = _article()
    store = ArticleStore(second / STATE_FILE)
    later = replace(good, body=(good.body or "") + "\n\nPembaruan: hujan deras mengguyur.")
    store.record(later, "crawl-9", "2027-01-01T00:00:00Z")
    store.close()
    both = [first, second]
    hits = found(both, f'"{good.title}"')
    assert [hit["canonical_url"] for hit in hits] == [good.canonical_url]
    assert hits[0]["database"].endswith(f"worker-2/{STATE_FILE}")
    assert _urls(both, "mengguyur") == [good.canonical_url]
    others = {url for url in _urls(first, "jambi") if url != good.canonical_url}
    assert others and others <= set(_urls(both, "jambi"))


def test_reindex_names_each_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = stored_versions(tmp_path / "a"), stored_versions(tmp_path / "b")
    assert search_cli("--reindex", str(first), str(second)) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("3 Articles indexed" in line for line in err)


def test_a_missing_archive_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert search_cli("jambi", str(tmp_path / "missing")) == 2
    assert "no state database" in capsys.readouterr().err
