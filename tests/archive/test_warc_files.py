"""The WARC files of real mirror crawls, read with warcio, and their CDXJ index."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

from tests.archive.test_pywb_replay import NOT_MODIFIED
from tests.archive.warcs import latest_articles, warcio_check

if TYPE_CHECKING:
    from pathlib import Path

    from tests.archive.conftest import CrawledArchive


def test_every_warc_file_reads_to_its_end(archive: CrawledArchive) -> None:
    for warc in archive.read():
        assert warc.records, warc.path
        assert warc.errors == 0, f"{warc.path}: records not ended where Content-Length says"
        assert warc.end == warc.size, f"{warc.path}: warcio stopped at {warc.end} of {warc.size}"
        assert [r.type for r in warc.records].count("warcinfo") == 1, warc.path
        assert warc.records[0].type == "warcinfo", warc.path
        assert {r.warc_headers["warc-type"] for r in warc.records} <= {
            "warcinfo", "response", "revisit", "request", "metadata"
        }, warc.path  # fmt: skip


def test_warcio_check_passes_on_every_file(archive: CrawledArchive) -> None:
    checked = warcio_check(archive.files)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]


def _warcinfo_fields(payload: bytes) -> dict[str, str]:
    fields = {}
    for line in payload.decode("utf-8").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


def test_warcinfo_says_it_is_a_mirror_crawl(archive: CrawledArchive) -> None:
    for warc in archive.read():
        info = warc.records[0]
        assert info.warc_headers.get("content-type") == "application/warc-fields"
        fields = _warcinfo_fields(info.payload)
        assert "mirror" in fields.get("description", "").lower(), (warc.path, fields)
        assert fields.get("mirror", "").startswith("yes"), (warc.path, fields)
        assert fields.get("software", "").startswith("jambicrawl/"), fields


def _index(archive: Path, output: Path) -> list[tuple[str, str, dict[str, str]]]:
    """``jambicrawl index``'s lines: URL key, timestamp, JSON block."""
    done = subprocess.run(
        [sys.executable, "-m", "jambicrawl", "index", str(archive), "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = output.read_text("utf-8").splitlines()
    assert done.stdout.strip() == f"{output}: {len(lines)} records"
    entries = []
    for line in lines:
        key, timestamp, block = line.split(" ", 2)
        entries.append((key, timestamp, json.loads(block)))
    return entries


def _digest(value: str | None) -> str:
    return (value or "").removeprefix("sha1:")


def test_index_lists_every_response_and_revisit_record(
    archive: CrawledArchive, tmp_path: Path
) -> None:
    entries = _index(archive.directory, tmp_path / "index.cdxj")
    keys = [(key, timestamp) for key, timestamp, _ in entries]
    assert keys == sorted(keys), "the index is not sorted"
    indexed = {(e["filename"], int(e["offset"])): (ts, e) for _, ts, e in entries}
    captures = [
        r for warc in archive.read() for r in warc.records if r.type in ("response", "revisit")
    ]
    assert any(r.type == "revisit" for r in captures)
    for record in captures:
        found = indexed.get((record.file.name, record.offset))
        assert found is not None, f"not indexed: {record.type} {record.uri} in {record.file}"
        timestamp, entry = found
        assert timestamp == record.timestamp, record.uri
        assert entry["url"] == record.uri
        assert int(entry["length"]) == record.length, record.uri
        # A 304 revisit has no block of its own, so no status: replay takes the original's.
        assert entry.get("status") == (None if record.status is None else str(record.status))
        if record.type == "revisit":
            assert entry["mime"] == "warc/revisit", record.uri
        else:
            assert _digest(entry["digest"]) == _digest(record.header("WARC-Payload-Digest"))


def test_the_refresh_crawl_wrote_revisits_of_every_article_page(archive: CrawledArchive) -> None:
    second = [r for warc in archive.read(archive.second) for r in warc.records]
    revisited = {r.uri for r in second if r.type == "revisit"}
    articles = latest_articles(archive.state_db)
    # The first page of each article, fetched conditionally: a 304 says the article is
    # unchanged, so its later pages are not fetched again.
    first_pages = {article["captures"][0]["url"] for article in articles}
    later_pages = {c["url"] for article in articles for c in article["captures"][1:]}
    assert later_pages, "the mirror has split articles"
    assert first_pages <= revisited, sorted(first_pages - revisited)[:5]
    assert not later_pages & {r.uri for r in second}
    assert sum(s.get("warc/revisits", 0) for s in archive.second_stats.values()) == len(
        [r for r in second if r.type == "revisit"]
    )


def test_by_default_no_metadata_records(archive: CrawledArchive) -> None:
    # WARC_OUTLINKS is off unless asked for: every response has its request, nothing more
    # (a 304's revisit has none: WARC_NOT_MODIFIED_REQUESTS, tests/archive/test_conditional).
    records = [r for warc in archive.read() for r in warc.records]
    kinds = {r.type for r in records}
    assert "metadata" not in kinds and {"response", "request"} <= kinds
    fetched = [r for r in records if r.type in ("response", "revisit")]
    responses = [r for r in fetched if r.header("WARC-Profile") != NOT_MODIFIED]
    assert len([r for r in records if r.type == "request"]) == len(responses)
