"""A crawl of the offline mirror, then its archive replayed and crawled again from the
archive: the same Articles, field by field, provenance aside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from jambicrawl.mirror import MirrorServer
from jambicrawl.replay.handler import archive_settings
from tests.replay.helpers import replay_paths

ROOT = Path(__file__).resolve().parents[2]
#: Sites with multi-page articles (Disway's /2, /3 and Tribun's ?page=2).
SITES = ("jambiekspres", "tribunjambi")
ARCHIVING = {"jambicrawl.warc.extension.WarcArchivingExtension": 100}


def _crawl(site: str, folder: Path, settings: dict[str, Any]) -> list[dict[str, Any]]:
    """``scrapy crawl SITE`` with the project's settings; the Articles it wrote."""
    items = folder / f"{site}.jsonl"
    command = [sys.executable, "-m", "scrapy", "crawl", site, "-O", str(items)]
    base = {
        "JAMBICRAWL_ARCHIVE_DIR": str(folder),
        "LOG_FILE": str(folder / f"{site}.log"),
        "TELNETCONSOLE_ENABLED": False,
    }
    for name, value in {**base, **settings}.items():
        command += ["-s", f"{name}={json.dumps(value) if isinstance(value, dict) else value}"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "jambicrawl.settings"}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0 and items.exists(), done.stderr[-3000:]
    return [json.loads(line) for line in items.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[dict[str, Any]]]:
    """The live crawl: (its WARC folder, the mirror's URL, its Articles)."""
    folder = tmp_path_factory.mktemp("live")
    with MirrorServer(port=0, articles_per_site=4) as mirror:
        settings = {
            "JAMBICRAWL_MIRROR": mirror.url,
            "WARC_DIR": str(folder / "warc"),
            "WARC_MIRROR": True,
            "AUTOTHROTTLE_ENABLED": False,
            "EXTENSIONS": ARCHIVING,
        }
        articles = [item for site in SITES for item in _crawl(site, folder, settings)]
        url = mirror.url
    assert len(articles) >= 2 * len(SITES)
    assert any(a["page_count"] > 1 for a in articles)
    return folder / "warc", url, articles


#: Where each page was archived, and the evidence of the discovery entry that led to it:
#: the crawl takes it from whichever sitemap or feed listed the article first, replay from
#: all the archived ones (a date they support is the same either way).
_PROVENANCE = frozenset({"captures", "date_evidence", "flags"})


def _without_provenance(articles: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {a["url"]: {k: v for k, v in a.items() if k not in _PROVENANCE} for a in articles}


def _discovery_evidence(articles: list[dict[str, Any]]) -> set[str]:
    """The articles whose date was weighed against a sitemap or feed entry."""
    return {
        a["url"] for a in articles if any(e["source"] == "discovery" for e in a["date_evidence"])
    }


def test_replay_of_the_crawl_archive_gives_the_crawl_articles(
    crawled: tuple[Path, str, list[dict[str, Any]]],
) -> None:
    warc, _, live = crawled
    replayed, problems = replay_paths(warc)
    assert problems == []
    assert _without_provenance([a.to_dict() for a in replayed]) == _without_provenance(live)
    # The archived sitemaps and feeds are read again for the evidence of each date.
    assert _discovery_evidence(live)
    assert _discovery_evidence([a.to_dict() for a in replayed]) >= _discovery_evidence(live)
    for article in replayed:
        assert all(c.warc_file and c.record_id and c.payload_digest for c in article.captures)
        assert len(article.captures) == article.page_count or not article.complete


def test_crawl_from_the_archive_gives_the_crawl_articles(
    crawled: tuple[Path, str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    warc, mirror_url, live = crawled  # the mirror is stopped: only the archive answers
    settings: dict[str, Any] = {"JAMBICRAWL_MIRROR": mirror_url, **archive_settings(warc)}
    again = [item for site in SITES for item in _crawl(site, tmp_path, settings)]
    assert _without_provenance(again) == _without_provenance(live)
    assert not list(tmp_path.rglob("*.warc.gz"))  # served responses are not archived again


def test_crawled_articles_cite_their_archived_records(
    crawled: tuple[Path, str, list[dict[str, Any]]],
) -> None:
    """Each page of a crawled Article names the file, record, date and digest that hold it."""
    warc, _, live = crawled
    records: dict[str, dict[str, str]] = {}
    for path in warc.glob("*.warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type in {"response", "revisit"}:
                    head = record.rec_headers
                    records[head.get_header("WARC-Record-ID")] = {
                        "url": head.get_header("WARC-Target-URI"),
                        "captured_at": head.get_header("WARC-Date"),
                        "warc_file": path.name,
                        "payload_digest": head.get_header("WARC-Payload-Digest"),
                    }
    assert live
    for article in live:
        assert len(article["captures"]) == article["page_count"]
        for capture in article["captures"]:
            cited = records[capture["record_id"]]
            assert {k: capture[k] for k in cited} == cited
