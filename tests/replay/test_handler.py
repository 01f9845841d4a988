"""The archive-backed download handler: a real crawl served from WARC files, and its index."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jambicrawl.replay.cdxj import INDEX_NAME, ArchiveIndex
from jambicrawl.replay.handler import HANDLER, archive_settings
from tests.replay.archives import (
    Builder,
    case,
    find_records,
    html_headers,
    jambicrawl_capture,
    jambicrawl_warcinfo,
    warc_date,
)

ROOT = Path(__file__).resolve().parents[2]
SPIDER = Path(__file__).with_name("archive_spider.py")
PAGE = case("tribunjambi/single-page-baca-juga-ringkasan")
RETRIED = case("jambione/pencurian-sawit-jsonld-red-jos")
URL = PAGE.expected["url"]
OLD_URL = "https://jambi.tribunnews.com/read/old-link"
COPY_URL = URL + "?utm_source=whatsapp"
MISSING = "https://jambi.tribunnews.com/2022/01/01/tidak-ada-di-arsip"


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two files: a gzip-encoded page, a 500 then a 200, a redirect; then a revisit of the
    first page's payload at another URL."""
    folder = tmp_path_factory.mktemp("archive")
    page, retried = PAGE.responses()[0], RETRIED.responses()[0]
    first = Builder(folder / "crawl-00000.warc.gz")
    jambicrawl_warcinfo(first)
    jambicrawl_capture(first, page, warc_date(PAGE), gzipped=True)
    first.response(retried.url, warc_date(RETRIED), b"<h1>Error</h1>", html_headers(retried),
                   status="500 Internal Server Error")  # fmt: skip
    jambicrawl_capture(first, retried, warc_date(RETRIED), gzipped=False)
    first.response(
        OLD_URL, warc_date(PAGE), b"", [("Location", URL)], status="301 Moved Permanently"
    )
    path = first.close()
    record_id, digest, _ = find_records(path)[(URL, warc_date(PAGE))]
    second = Builder(folder / "crawl-00001.warc.gz")
    jambicrawl_warcinfo(second)
    second.revisit(COPY_URL, warc_date(PAGE, 3600), digest, html_headers(page, encoding="gzip"),
                   refers_to=record_id, target=(URL, warc_date(PAGE)))  # fmt: skip
    second.close()
    return folder


def test_archive_settings_take_the_http_schemes(archive: Path) -> None:
    settings = archive_settings(archive)
    assert settings["DOWNLOAD_HANDLERS"] == {"http": HANDLER, "https": HANDLER}
    assert settings["JAMBICRAWL_FROM_ARCHIVE"] == str(archive)
    assert settings["WARC_ENABLED"] is False


def test_index_serves_decoded_bodies_and_resolves_revisits(archive: Path) -> None:
    index = ArchiveIndex.open(archive)
    assert (archive / INDEX_NAME).is_file()
    entry = index.lookup(URL)
    assert entry is not None and entry.status == 200
    response = index.response(entry)
    assert response.body == PAGE.responses()[0].body
    assert all(name.lower() != "content-encoding" for name, _ in response.headers)
    retried = index.lookup(RETRIED.expected["url"])
    assert retried is not None and retried.status == 200  # a 200 before a 500
    copy = index.lookup(COPY_URL)
    assert copy is not None and copy.is_revisit
    assert index.response(copy).body == PAGE.responses()[0].body
    assert index.lookup(URL.replace("https://", "http://")) == entry
    assert index.lookup(MISSING) is None


def test_saved_index_is_read_until_a_warc_file_is_newer(archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    folder.mkdir()
    for path in archive.glob("*.warc.gz"):
        (folder / path.name).write_bytes(path.read_bytes())
    ArchiveIndex.open(folder)
    saved = (folder / INDEX_NAME).stat().st_mtime_ns
    ArchiveIndex.open(folder)
    assert (folder / INDEX_NAME).stat().st_mtime_ns == saved
    later = Builder(folder / "crawl-00002.warc.gz")
    extra = case("jambiupdate/harga-karet-jsonld-no-author")
    jambicrawl_capture(later, extra.responses()[0], warc_date(extra), gzipped=False)
    later.close()
    os.utime(folder / "crawl-00002.warc.gz", ns=(saved + 10**9, saved + 10**9))
    assert ArchiveIndex.open(folder).lookup(extra.expected["url"]) is not None


@pytest.fixture(scope="module")
def crawl(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A Scrapy crawl of five URLs with ``archive_settings``: nothing goes to the network."""
    folder = tmp_path_factory.mktemp("crawl")
    out, log = folder / "out.json", folder / "crawl.log"
    urls = [URL, RETRIED.expected["url"], OLD_URL, COPY_URL, MISSING]
    command = [sys.executable, "-m", "scrapy", "runspider", str(SPIDER)]
    command += ["-a", f"urls={' '.join(urls)}", "-a", f"out={out}", "-s", f"LOG_FILE={log}"]
    for name, value in archive_settings(archive).items():
        command += ["-s", f"{name}={json.dumps(value) if isinstance(value, dict) else value}"]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert out.exists(), done.stderr + (log.read_text() if log.exists() else "")
    data: dict[str, object] = json.loads(out.read_text())
    data["log"] = log.read_text()
    return data


def _result(crawl: dict[str, object], asked: str) -> dict[str, object]:
    results = crawl["results"]
    assert isinstance(results, list)
    (found,) = [r for r in results if r["asked"] == asked]
    return dict(found)


def test_crawl_gets_recorded_responses(crawl: dict[str, object]) -> None:
    page = _result(crawl, URL)
    assert (page["status"], page["sha1"]) == (200, _sha1(PAGE.responses()[0].body))
    assert page["content_encoding"] == ""
    assert "cached" in page["flags"]  # type: ignore[operator]
    retried = _result(crawl, RETRIED.expected["url"])
    assert (retried["status"], retried["sha1"]) == (200, _sha1(RETRIED.responses()[0].body))


def test_crawl_follows_a_recorded_redirect_and_a_revisit(crawl: dict[str, object]) -> None:
    redirected = _result(crawl, OLD_URL)
    assert (redirected["url"], redirected["redirected"]) == (URL, [OLD_URL])
    assert redirected["sha1"] == _sha1(PAGE.responses()[0].body)
    copy = _result(crawl, COPY_URL)
    assert (copy["status"], copy["sha1"]) == (200, _sha1(PAGE.responses()[0].body))


def test_a_missing_url_is_reported_not_fetched(crawl: dict[str, object]) -> None:
    missing = _result(crawl, MISSING)
    assert missing["error"] == "NotInArchive"
    assert missing["message"] == f"not in archive: {MISSING}"
    stats = crawl["stats"]
    assert isinstance(stats, dict)
    assert stats["replay/not_in_archive"] == 1
    assert stats["replay/served"] == 5  # the redirect's target counts too
    assert not [key for key in stats if key.startswith("downloader/exception_type_count/twisted")]
    assert f"not in archive: {MISSING}" in str(crawl["log"])
