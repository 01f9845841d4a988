"""The ``--refresh`` crawl of an unchanged mirror re-fetches known articles and discovery
documents conditionally: each 304 is a server-not-modified revisit of the last capture, an
unchanged article, or a sitemap, feed or listing read from its kept body.

(pywb replaying those revisits as the original pages: ``test_pywb_replay.py``.)
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from tests.archive.conftest import crawled_archive
from tests.archive.test_pywb_replay import NOT_MODIFIED
from tests.crawl.mirror_process import items

if TYPE_CHECKING:
    from pathlib import Path

    from tests.archive.conftest import CrawledArchive
    from tests.archive.warcs import Record
    from tests.crawl.mirror_process import MirrorProcess


def _articles_per_site(archive: CrawledArchive) -> dict[str, tuple[int, int]]:
    """Per site: articles stored, and those stored with more than one version."""
    with sqlite3.connect(archive.state_db) as conn:
        rows = conn.execute("SELECT site, COUNT(*), SUM(versions > 1) FROM articles GROUP BY site")
        return {site: (count, more) for site, count, more in rows}


def test_known_articles_answered_304_are_unchanged(archive: CrawledArchive) -> None:
    stored = _articles_per_site(archive)
    assert set(stored) == set(archive.second_stats)
    for site, (count, more_versions) in stored.items():
        stats = archive.second_stats[site]
        assert more_versions == 0, site
        # Every stored article was asked for conditionally and the site said "not modified".
        assert stats["state/unchanged"] == count, (site, stats)
        assert "state/new" not in stats and "state/changed" not in stats, site
        assert stats["conditional/not_modified"] >= count, (site, stats)
        assert stats["downloader/response_status_count/304"] >= count, (site, stats)
        assert stats["warc/not_modified"] == stats["conditional/not_modified"], (site, stats)
    # Nothing new or changed: the --refresh job's JSON Lines files hold nothing.
    assert len(items(archive.directory)) == sum(count for count, _ in stored.values())


def test_articles_are_seen_again_at_the_refresh(archive: CrawledArchive) -> None:
    with sqlite3.connect(archive.state_db) as conn:
        rows = conn.execute("SELECT canonical_url, first_seen, last_seen FROM articles").fetchall()
    later = [url for url, first, last in rows if last > first]
    assert len(later) == len(rows), {url for url, *_ in rows} - set(later)


def _not_modified_revisits(archive: CrawledArchive) -> list[tuple[Record, Record | None]]:
    """The refresh's 304 revisits of article pages, each with the request record beside
    it (None when there is none), after checking that each refers to the last capture."""
    first = [r for warc in archive.read(archive.first) for r in warc.records]
    second = [r for warc in archive.read(archive.second) for r in warc.records]
    originals = {r.id: r for r in first if r.type == "response"}
    requests = {r.header("WARC-Concurrent-To"): r for r in second if r.type == "request"}
    with sqlite3.connect(archive.state_db) as conn:
        article_pages = {url for (url,) in conn.execute("SELECT canonical_url FROM articles")}
    # Article pages only: a discovery document may share its payload with another URL's
    # (the same robots.txt on two sites), and is then a revisit of that URL's capture.
    revisits = [
        r for r in second if r.header("WARC-Profile") == NOT_MODIFIED and r.uri in article_pages
    ]
    assert {r.uri for r in revisits} == article_pages
    pairs = []
    for revisit in revisits:
        original = originals[revisit.header("WARC-Refers-To") or ""]
        assert revisit.uri == original.uri
        assert revisit.header("WARC-Payload-Digest") == original.header("WARC-Payload-Digest")
        # What the request record would hold is known from the original: its validators.
        assert original.http_headers["etag"] and original.http_headers["last-modified"]
        pairs.append((revisit, requests.get(revisit.id)))
    return pairs


def test_304_revisits_point_at_the_last_capture_with_no_request_record_by_default(
    archive: CrawledArchive,
) -> None:
    pairs = _not_modified_revisits(archive)
    assert pairs and all(request is None for _, request in pairs)
    # The revisit's block is empty: no media type, no digest of nothing (pywb replays it as
    # the original: test_pywb_replay.py).
    for revisit, _ in pairs:
        assert revisit.header("Content-Length") == "0"
        assert revisit.header("Content-Type") is None
        assert revisit.header("WARC-Block-Digest") is None
    # The warcinfo of each file says so, and how the request was made.
    for warc in archive.read(archive.second):
        info = warc.records[0]
        assert info.type == "warcinfo"
        assert b"jambicrawl-not-modified: a server-not-modified revisit has no request" in (
            info.payload
        )


def test_with_the_setting_304_revisits_keep_the_conditional_request_sent(
    mirror: MirrorProcess, tmp_path: Path
) -> None:
    setting = ("-s", "WARC_NOT_MODIFIED_REQUESTS=True")
    archive = crawled_archive(mirror, tmp_path, *setting, sites=["jambione"])
    pairs = _not_modified_revisits(archive)
    assert pairs
    originals = {r.id: r for warc in archive.read(archive.first) for r in warc.records}
    for revisit, request in pairs:
        assert request is not None and request.uri == revisit.uri
        # The conditional request that was sent, with the validators of the original.
        original = originals[revisit.header("WARC-Refers-To") or ""]
        assert request.http_headers["if-none-match"] == original.http_headers["etag"]
        assert request.http_headers["if-modified-since"] == original.http_headers["last-modified"]


def test_unchanged_discovery_documents_are_read_from_their_kept_body(
    archive: CrawledArchive,
) -> None:
    """Every sitemap, feed and listing page answered 304 is archived as a revisit and read
    from the body kept from the first crawl: the refresh found every article again (above)
    with no discovery document downloaded in full."""
    second = [r for warc in archive.read(archive.second) for r in warc.records]
    with sqlite3.connect(archive.state_db) as conn:
        # Documents whose payload the first crawl archived as a response to their own URL
        # (one sharing another URL's payload, the same robots.txt on two sites, is fetched
        # in full: a server-not-modified revisit refers to a capture of its own URL).
        first_documents = {
            url
            for (url,) in conn.execute(
                "SELECT d.url FROM discovery_documents d JOIN warc_digests w"
                " ON w.digest = d.payload_digest AND w.uri = d.url"
            )
        }
    assert len(first_documents) >= len(archive.second_stats), first_documents
    revisited = {r.uri for r in second if r.header("WARC-Profile") == NOT_MODIFIED}
    assert first_documents <= revisited
    # Nothing of them downloaded in full again: the second crawl's full responses are the
    # few pages never answered with validators (errors, redirects), no kept document.
    fetched_in_full = {r.uri for r in second if r.type == "response"}
    assert not fetched_in_full & first_documents
    for site, stats in archive.second_stats.items():
        assert stats["conditional/documents_kept"] >= 1, (site, stats)
