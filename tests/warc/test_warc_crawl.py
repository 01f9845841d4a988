"""A real crawl of the test server, and what its WARC files hold."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from collections import Counter

import pytest
from warc_helpers import Crawl, load_server_module, read_warc, warcio_check

SERVER = load_server_module()
NAME = re.compile(r"^jambicrawl-\d{17}-\d{5}-\d+~[A-Za-z0-9.-]+\.warc\.gz$")
CAPTURE_TYPES = ("response", "revisit")
INDEXER = "import sys; from cdxj_indexer.main import main; sys.exit(main())"


def test_crawl_finished_and_wrote_one_closed_file(crawl: Crawl) -> None:
    assert crawl.returncode == 0
    assert crawl.stats["finish_reason"] == "finished"
    assert [p.name for p in crawl.files if NAME.match(p.name)] == [p.name for p in crawl.files]
    assert len(crawl.files) == 1
    assert not list(crawl.warc_dir.glob("*.open"))


def test_every_file_reads_to_its_end_and_passes_warcio_check(crawl: Crawl) -> None:
    for path in crawl.files:
        assert read_warc(path)
    checked = warcio_check(crawl.files)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "digest pass" in checked.stdout


def test_warcinfo_first_with_the_crawl_description(crawl: Crawl) -> None:
    for path in crawl.files:
        first, *rest = read_warc(path)
        assert first.type == "warcinfo"
        assert first.header("WARC-Filename") == path.name
        assert "warcinfo" not in {r.type for r in rest}
        fields = dict(line.split(": ", 1) for line in first.payload.decode().splitlines())
        for name in ("software", "hostname", "operator", "description", "isPartOf", "robots"):
            assert fields[name], name
        assert fields["software"].startswith("jambicrawl/")
        assert fields["robots"] == "ignore"
        assert fields["http-header-user-agent"].startswith("jambicrawl/")
        assert fields["format"] == "WARC File Format 1.0"
        assert fields["conformsTo"]
        assert "transfer-decoded" in fields["http-bodies"]
        assert "mirror" not in fields


def test_one_warc_version_throughout(crawl: Crawl) -> None:
    versions = set()
    for path in crawl.files:
        data = gzip.decompress(path.read_bytes())
        versions |= set(re.findall(rb"(?:^|\r\n\r\n)(WARC/\d\.\d)\r\n", data))
    assert versions == {b"WARC/1.0"}


def test_request_and_response_pairs(crawl: Crawl) -> None:
    records = crawl.records()
    captures = [r for r in records if r.type in CAPTURE_TYPES]
    requests = {r.header("WARC-Concurrent-To"): r for r in records if r.type == "request"}
    metadata = {r.header("WARC-Concurrent-To"): r for r in records if r.type == "metadata"}
    assert len(requests) == len(captures)
    # Revisits carry no metadata record: their outlinks are their original's.
    assert set(metadata) == {c.id for c in captures if c.type == "response"}
    for capture in (c for c in captures if c.type == "response"):
        assert metadata[capture.id].header("WARC-Date") == capture.header("WARC-Date")
    for capture in captures:
        request = requests[capture.id]
        assert request.uri == capture.uri
        assert request.header("WARC-Date") == capture.header("WARC-Date")
        assert request.header("WARC-IP-Address") == capture.header("WARC-IP-Address")
        assert capture.header("WARC-IP-Address") == "127.0.0.1"


def test_request_record_is_what_the_server_received(crawl: Crawl) -> None:
    (response,) = crawl.by_uri("/echo", "response")
    (request,) = [
        r
        for r in crawl.records()
        if r.type == "request" and r.header("WARC-Concurrent-To") == response.id
    ]
    received = response.payload.decode("latin-1").split("\r\n")
    assert received[0] == "GET /echo HTTP/1.1"
    archived = {(k.lower(), v) for k, v in request.http_headers}
    assert archived == {(k.lower(), v) for k, v in (line.split(": ", 1) for line in received[1:])}
    assert request.http_protocol == "GET"  # warcio's split of "GET /echo HTTP/1.1"
    # Only encodings every replay tool decodes: no br, no zstd.
    assert request.http("Accept-Encoding") == ["gzip, deflate"]


def test_query_kept_in_request_target(crawl: Crawl) -> None:
    (request,) = crawl.by_uri("/plain?lang=id", "request")
    data = gzip.decompress(request.file.read_bytes())
    assert b"\r\n\r\nGET /plain?lang=id HTTP/1.1\r\nHost: 127.0.0.1:" in data


def test_gzip_body_stored_as_sent(crawl: Crawl) -> None:
    (response,) = crawl.by_uri("/gzip", "response")
    assert response.http("Content-Encoding") == ["gzip"]
    assert response.payload == SERVER.GZIPPED
    assert response.http("Content-Length") == [str(len(SERVER.GZIPPED))]
    assert gzip.decompress(response.payload) == SERVER.BODIES["/gzip"]


def test_chunked_body_stored_without_chunk_framing(crawl: Crawl) -> None:
    (response,) = crawl.by_uri("/chunked", "response")
    assert response.payload == b"".join(SERVER.CHUNKS)
    for record in crawl.records():
        assert not record.http("Transfer-Encoding"), record.uri


def test_every_set_cookie_kept(crawl: Crawl) -> None:
    (response,) = crawl.by_uri("/cookies", "response")
    assert response.http("Set-Cookie") == ["a=1; Path=/", "b=2; Path=/; HttpOnly"]


def test_redirect_hop_archived(crawl: Crawl) -> None:
    (hop,) = crawl.by_uri("/redirect", "response")
    assert hop.http_status == "301"
    assert hop.http_protocol == "HTTP/1.1"
    assert hop.http("Location") == ["/target"]
    (meta,) = crawl.by_uri("/redirect", "metadata")
    assert f"outlink: {hop.uri.removesuffix('/redirect')}/target R Location:" in (
        meta.payload.decode()
    )
    # The target is archived. /copy serves the same payload, so when the crawl fetched /copy
    # first, the target is a revisit of it (revisits carry no metadata record: no via to
    # check); which comes first varies by run.
    if not crawl.by_uri("/target", "response"):
        (revisit,) = crawl.by_uri("/target", "revisit")
        assert (revisit.header("WARC-Refers-To-Target-URI") or "").endswith("/copy")
        return
    # When the crawl reached it through the hop first, its metadata names the hop as its via;
    # when a page linked it first, the spider's dupefilter drops the redirected request, and
    # the via is that page.
    vias = {
        line.removeprefix("via: ")
        for m in crawl.by_uri("/target", "metadata")
        for line in m.payload.decode().splitlines()
        if line.startswith("via: ")
    }
    origin = hop.uri.removesuffix("/redirect")
    # The pages that link it: /plain (linked as /plain?lang=id) and /chunked.
    linking = {hop.uri, f"{origin}/plain?lang=id", f"{origin}/chunked"}
    assert vias and vias <= linking


def test_odd_header_bytes_kept_and_line_breaks_removed(crawl: Crawl) -> None:
    (response,) = crawl.by_uri("/odd-headers", "response")
    data = gzip.decompress(response.file.read_bytes())
    assert b"\r\nX-Latin1: caf\xe9 Jambi\r\n" in data
    assert b"\r\nX-Utf8: Kota Jambi \xe2\x80\x93 Sumatra\r\n" in data
    assert b"\r\nX-Bare-Cr: one two\r\n" in data
    assert response.payload == SERVER.BODIES["/odd-headers"]


def test_server_error_and_its_retries_archived(crawl: Crawl) -> None:
    records = crawl.by_uri("/error")
    kinds = Counter(r.type for r in records)
    assert kinds == {"response": 1, "revisit": 2, "request": 3, "metadata": 1}
    (first,) = (r for r in records if r.type == "response")
    assert first.http_status == "500"
    assert first.payload == SERVER.BODIES["/error"]
    for revisit in (r for r in records if r.type == "revisit"):
        assert revisit.http_status == "500"
        assert revisit.header("WARC-Refers-To-Target-URI") == first.uri
        assert revisit.header("WARC-Refers-To-Date") == first.header("WARC-Date")
        assert revisit.header("WARC-Refers-To") == first.id
        assert revisit.header("WARC-Payload-Digest") == first.header("WARC-Payload-Digest")
        assert (revisit.header("WARC-Profile") or "").endswith("/identical-payload-digest")
        assert revisit.payload == b""


def test_large_body_archived_whole(crawl: Crawl) -> None:
    (response,) = crawl.by_uri("/large", "response")
    assert response.payload == SERVER.BODIES["/large"]
    assert response.header("WARC-Truncated") is None


def test_response_over_download_maxsize_is_not_archived_and_crawl_goes_on(crawl: Crawl) -> None:
    assert "larger than download max size" in crawl.log
    assert not crawl.by_uri("/huge")
    assert not crawl.by_uri("/huge-chunked")
    assert crawl.stats["finish_reason"] == "finished"
    assert crawl.by_uri("/target", "request")


def test_response_cut_by_a_disconnect_is_marked_truncated(crawl: Crawl) -> None:
    (response,) = crawl.by_uri("/dataloss", "response")
    assert response.header("WARC-Truncated") == "disconnect"
    assert response.payload == SERVER.BODIES["/dataloss"]


def test_feeds_and_sitemaps_archived(crawl: Crawl) -> None:
    for path in ("/feed.xml", "/sitemap.xml"):
        (response,) = crawl.by_uri(path, "response")
        assert response.payload == SERVER.BODIES[path]


def test_metadata_records(crawl: Crawl) -> None:
    (meta,) = crawl.by_uri("/plain?lang=id", "metadata")
    assert meta.header("Content-Type") == "application/warc-fields"
    fields = meta.payload.decode().splitlines()
    base = meta.uri.removesuffix("/plain?lang=id")
    assert f"via: {base}/" in fields
    assert "hops: 1" in fields
    assert any(re.fullmatch(r"fetchTimeMs: \d+", f) for f in fields)
    assert f"outlink: {base}/target L a/@href" in fields
    assert "outlink: https://example.org/elsewhere L a/@href" in fields
    assert f"outlink: {base}/img/logo.png E img/@src" in fields
    assert f"outlink: {base}/style.css E link/@href" in fields
    (gzip_meta,) = crawl.by_uri("/gzip", "metadata")
    assert f"outlink: {base}/plain?lang=id L a/@href" in gzip_meta.payload.decode()
    (large_meta,) = crawl.by_uri("/large", "metadata")
    assert "outlink" not in large_meta.payload.decode()


def test_stats_match_the_archive(crawl: Crawl) -> None:
    records = crawl.records()
    assert crawl.stats["warc/records"] == len(records)
    assert crawl.stats["warc/files"] == len(crawl.files)
    assert crawl.stats["warc/bytes_written"] == sum(p.stat().st_size for p in crawl.files)
    assert crawl.stats["warc/revisits"] == sum(r.type == "revisit" for r in records)
    assert "warc/failures" not in crawl.stats


def test_cdxj_index_lists_every_capture(crawl: Crawl) -> None:
    pytest.importorskip("cdxj_indexer")
    index = subprocess.run(
        [sys.executable, "-c", INDEXER, *map(str, crawl.files)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    statuses = Counter(re.findall(r'"url": "[^"]*/error".*?"status": "(\d+)"', index))
    assert statuses == {"500": 3}
    assert '"mime": "warc/revisit"' in index
    assert re.search(r'"url": "[^"]*/redirect".*"status": "301"', index)
