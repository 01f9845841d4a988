"""``jambicrawl wacz`` of a mirror archive: valid for the wacz package, with every article."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

import pytest

from tests.archive.warcs import assert_wacz_validates, latest_articles

if TYPE_CHECKING:
    from pathlib import Path

    from tests.archive.conftest import CrawledArchive


@pytest.fixture(scope="module")
def wacz(archive: CrawledArchive, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("wacz") / "jambi.wacz"
    done = subprocess.run(
        [sys.executable, "-m", "jambicrawl", "wacz", str(archive.directory), "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{output}: ")
    return output


def test_wacz_validate_accepts_it(wacz: Path) -> None:
    assert_wacz_validates(wacz)


def test_wacz_holds_every_warc_file(archive: CrawledArchive, wacz: Path) -> None:
    with zipfile.ZipFile(wacz) as package:
        names = set(package.namelist())
        for path in archive.files:
            assert f"archive/{path.name}" in names
            assert package.read(f"archive/{path.name}") == path.read_bytes()


def _pages(wacz: Path) -> tuple[dict[str, object], list[dict[str, str]]]:
    with zipfile.ZipFile(wacz) as package:
        assert "pages/pages.jsonl" in package.namelist()
        lines = package.read("pages/pages.jsonl").decode("utf-8").splitlines()
    header, *entries = (json.loads(line) for line in lines if line.strip())
    return header, entries


def _index_keys(wacz: Path) -> set[tuple[str, str]]:
    """(URL, 14-digit timestamp) of every capture in the WACZ's own index."""
    with zipfile.ZipFile(wacz) as package:
        text = gzip.decompress(package.read("indexes/index.cdx.gz")).decode("utf-8")
    keys = set()
    for line in text.splitlines():
        _, timestamp, block = line.split(" ", 2)
        keys.add((json.loads(block)["url"], timestamp))
    return keys


def test_pages_list_every_article_of_the_state_database(
    archive: CrawledArchive, wacz: Path
) -> None:
    header, entries = _pages(wacz)
    assert header.get("format") == "json-pages-1.0"
    articles = latest_articles(archive.state_db)
    assert articles
    assert len(entries) == len(articles)
    by_url = {entry["url"]: entry for entry in entries}
    captured = _index_keys(wacz)
    for article in articles:
        entry = by_url.get(article["url"])
        assert entry is not None, f"not in pages.jsonl: {article['url']}"
        assert entry["title"] == article["title"]
        assert entry["text"] == article["body"]
        assert entry["ts"] == article["captures"][0]["captured_at"]
        # The page opens in ReplayWeb.page: its URL was captured at that time.
        timestamp = "".join(c for c in entry["ts"] if c.isdigit())[:14]
        assert (entry["url"], timestamp) in captured, entry["url"]
