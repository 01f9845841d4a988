"""pywb replays the mirror crawls: raw (``id_``) replay is what the mirror serves.

Skipped only when PYWB_BIN is not set (see ``tests/archive/wayback.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.archive.warcs import Record, latest_articles
from tests.mirror.client import fetch

if TYPE_CHECKING:
    from pathlib import Path

    from tests.archive.conftest import CrawledArchive
    from tests.archive.wayback import Wayback


def _captures(archive: CrawledArchive, files: list[Path] | None = None) -> list[Record]:
    return [
        r for warc in archive.read(files) for r in warc.records if r.type in ("response", "revisit")
    ]


def test_every_archived_url_replays_as_the_mirror_serves_it(
    archive: CrawledArchive, pywb: Wayback
) -> None:
    # The last capture of each URL in the first crawl: a URL that answered 500 and then 200
    # (the mirror's flaky article) is served 200 now, and replays so at the 200's time.
    latest: dict[str, Record] = {}
    statuses: dict[str, list[int | None]] = {}
    for record in _captures(archive, archive.first):
        latest[record.uri] = record
        statuses.setdefault(record.uri, []).append(record.status)
    article_pages = {
        capture["url"] for article in latest_articles(archive.state_db)
        for capture in article["captures"]
    }  # fmt: skip
    assert article_pages and article_pages <= set(latest), article_pages - set(latest)
    seen = {"gzip": 0, "chunked": 0, "301": 0, "404": 0, "500 then 200": 0, "articles": 0}
    wrong = []
    for url, record in sorted(latest.items()):
        direct = fetch(url, accept_gzip=True, via=archive.mirror)
        status, body = pywb.raw_replay(record.timestamp, url)
        if (status, body) != (direct.status, direct.body):
            wrong.append(
                f"{url} at {record.timestamp}: {status}, {len(body)} bytes;"
                f" mirror {direct.status}, {len(direct.body)} bytes"
            )
        seen["gzip"] += direct.headers.get("content-encoding") == "gzip"
        seen["chunked"] += direct.headers.get("transfer-encoding") == "chunked"
        seen["301"] += direct.status == 301
        seen["404"] += direct.status == 404
        seen["500 then 200"] += statuses[url][0] == 500 and direct.status == 200
        seen["articles"] += url in article_pages
    assert not wrong, f"{len(wrong)} of {len(latest)} URLs replay wrong:\n" + "\n".join(wrong)
    assert seen["articles"] == len(article_pages)
    assert seen["gzip"] >= len(article_pages), seen  # every article page is gzip-encoded
    # The mirror's deliberate faults are among them, on every site.
    assert min(seen["chunked"], seen["301"], seen["404"], seen["500 then 200"]) > 0, seen


IDENTICAL = "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"
NOT_MODIFIED = "http://netpreserve.org/warc/1.0/revisit/server-not-modified"


def test_every_revisit_replays_as_its_original(archive: CrawledArchive, pywb: Wayback) -> None:
    captures = _captures(archive)
    by_id = {r.id: r for r in captures}
    revisits = [r for r in captures if r.type == "revisit"]
    # The --refresh crawl's conditional re-fetches of the articles were answered 304.
    profiles = {r.header("WARC-Profile") for r in revisits if r.file in archive.second}
    assert profiles == {IDENTICAL, NOT_MODIFIED}, profiles
    wrong = []
    for revisit in revisits:
        original = by_id.get(revisit.header("WARC-Refers-To") or "")
        assert original is not None, f"{revisit.uri}: its original is not in the archive"
        assert original.type == "response"
        assert original.uri == revisit.header("WARC-Refers-To-Target-URI")
        assert original.date == revisit.header("WARC-Refers-To-Date")
        assert original.header("WARC-Payload-Digest") == revisit.header("WARC-Payload-Digest")
        if revisit.header("WARC-Profile") == NOT_MODIFIED:
            # The server's 304 for the page the original holds: same URL, no block of its own.
            assert original.uri == revisit.uri and original.status == 200
            assert revisit.status is None and revisit.payload == b""
        else:
            assert revisit.header("WARC-Profile") == IDENTICAL
            assert revisit.status == original.status
        status, body = pywb.raw_replay(revisit.timestamp, revisit.uri)
        if (status, body) != (original.status, original.body):
            wrong.append(
                f"{revisit.uri} at {revisit.timestamp} ({revisit.header('WARC-Profile')}):"
                f" {status}, {len(body)} bytes; original {original.status},"
                f" {len(original.body)} bytes"
            )
    assert not wrong, f"{len(wrong)} of {len(revisits)} revisits replay wrong:\n" + "\n".join(wrong)
