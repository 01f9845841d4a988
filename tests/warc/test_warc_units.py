"""Unit tests: records, captures, outlinks, settings, the extension's hooks, the digest index."""

from __future__ import annotations

import asyncio
import gzip
import sqlite3
import threading
import zlib
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from warc_helpers import make_exchange

from jambicrawl.state.digests import ArchivedPayload, DigestIndex
from jambicrawl.warc.blocks import request_block, response_block, status_line
from jambicrawl.warc.config import WarcConfig
from jambicrawl.warc.digest import payload_digest
from jambicrawl.warc.exchange import exchange_of, truncation
from jambicrawl.warc.extension import CITE_META, CITED_RECORD_META, WarcArchivingExtension
from jambicrawl.warc.outlinks import outlinks
from jambicrawl.warc.records import exchange_records, serialize

if TYPE_CHECKING:
    from pathlib import Path

    from jambicrawl.warc.exchange import Exchange


def test_status_line_uses_the_real_protocol_and_the_standard_phrase() -> None:
    assert status_line("HTTP/1.1", 404) == ("HTTP/1.1 404 Not Found", None)
    assert status_line("HTTP/1.0", 200) == ("HTTP/1.0 200 OK", None)
    assert status_line("h2", 301) == ("HTTP/1.1 301 Moved Permanently", "h2")
    assert status_line(None, 200) == ("HTTP/1.1 200 OK", None)
    assert status_line("HTTP/1.1", 599) == ("HTTP/1.1 599 ", None)


def test_request_block_has_host_target_and_no_proxy_credentials() -> None:
    exchange = replace(
        make_exchange("/a/b?x=1&y=2", b""),
        method="POST",
        request_headers=[
            (b"User-Agent", b"test"),
            (b"Proxy-Authorization", b"Basic c2VjcmV0"),
            (b"X-Injected", b"a\r\nEvil: yes"),
        ],
        request_body=b"q=jambi",
    )
    block = request_block(exchange)
    assert block == (
        b"POST /a/b?x=1&y=2 HTTP/1.1\r\n"
        b"Host: example.test\r\n"
        b"User-Agent: test\r\n"
        b"X-Injected: a Evil: yes\r\n"
        b"Content-Length: 7\r\n\r\n"
    )


def test_response_block_keeps_repeats_and_drops_chunked_framing() -> None:
    exchange = replace(
        make_exchange("/", b"body"),
        response_headers=[
            (b"Set-Cookie", b"a=1"),
            (b"Set-Cookie", b"b=2"),
            (b"Transfer-Encoding", b"chunked"),
            (b"Bad Name:", b"v"),
            (b"X-Nul", b"a\x00b\x7fc"),
            (b"X-Latin1", b"caf\xe9"),
        ],
    )
    block, protocol = response_block(exchange)
    assert protocol is None
    assert block == (
        b"HTTP/1.1 200 OK\r\n"
        b"Set-Cookie: a=1\r\n"
        b"Set-Cookie: b=2\r\n"
        b"BadName: v\r\n"
        b"X-Nul: a b c\r\n"
        b"X-Latin1: caf\xe9\r\n\r\n"
    )


def _serialized(exchange: Exchange) -> bytes:
    built = exchange_records(exchange, payload_digest(exchange.body), None, [])
    return gzip.decompress(serialize(built.records))


def test_http2_capture_is_written_as_http_1_1_with_warc_protocol() -> None:
    data = _serialized(replace(make_exchange("/", b"x"), protocol="h2"))
    assert data.count(b"\r\nWARC-Protocol: h2\r\n") == 2  # Response and request.
    assert b"\r\n\r\nHTTP/1.1 200 OK\r\n" in data


def test_truncated_capture_gets_warc_truncated() -> None:
    data = _serialized(replace(make_exchange("/", b"x"), truncated="length"))
    assert b"\r\nWARC-Truncated: length\r\n" in data


def test_revisit_record_points_at_the_original() -> None:
    exchange = make_exchange("/again", b"same body")
    digest = payload_digest(exchange.body)
    original = ArchivedPayload(
        digest, "http://example.test/first", "2025-01-01T00:00:00Z", "<o>", "f"
    )
    built = exchange_records(exchange, digest, original, [])
    assert built.is_revisit
    data = gzip.decompress(serialize(built.records))
    for line in (
        b"WARC-Type: revisit",
        b"WARC-Refers-To-Target-URI: http://example.test/first",
        b"WARC-Refers-To-Date: 2025-01-01T00:00:00Z",
        b"WARC-Refers-To: <o>",
        b"WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
        b"WARC-Payload-Digest: " + digest.encode(),
    ):
        assert b"\r\n" + line + b"\r\n" in data
    assert b"same body" not in data


@pytest.mark.parametrize(
    ("flags", "body", "expected"),
    [
        ([], b"x" * 10, None),
        (["dataloss"], b"x", "disconnect"),
        (["partial"], b"x", "unspecified"),
        (["download_stopped"], b"x" * 10, "length"),
        (["download_stopped"], b"x" * 3, "unspecified"),
    ],
)
def test_truncation_reason(flags: list[str], body: bytes, expected: str | None) -> None:
    response = Response("http://example.test/", body=body, flags=flags)
    assert truncation(response, maxsize=10) == expected


def test_capture_of_a_scrapy_exchange() -> None:
    request = Request(
        "http://example.test/b",
        meta={"depth": 2, "redirect_urls": ["http://example.test/a"], "download_maxsize": 5},
        headers={"Referer": "http://example.test/"},
    )
    response = Response(
        "http://example.test/b",
        status=200,
        headers={"Set-Cookie": ["a=1", "b=2"], "Content-Type": "text/html"},
        body=zlib.compress(b"<a href='/c'>c</a>"),
        flags=["download_stopped"],
        protocol="HTTP/1.1",
    )
    exchange = exchange_of(request, response, started=100.0, finished=100.25, maxsize=0)
    assert exchange.response_headers.count((b"Set-Cookie", b"a=1")) == 1
    assert (b"Set-Cookie", b"b=2") in exchange.response_headers
    assert exchange.via == "http://example.test/a"
    assert exchange.hops == 2
    assert exchange.fetch_time_ms == 250
    assert exchange.started.timestamp() == 100.0
    assert exchange.truncated == "length"  # The per-request download_maxsize applies.
    assert exchange.is_html  # By Content-Type, though Scrapy made it a plain Response.


def test_outlinks_of_a_compressed_page_and_a_redirect() -> None:
    page = b"""<html><head><base href="/news/"></head><body>
        <a href="one">1</a><a href="javascript:void(0)">x</a><a href="mailto:a@b">m</a>
        <a href="#top">t</a><img src="/logo.png"><a href="one">again</a>
        <iframe src="https://video.test/embed"></iframe></body></html>"""
    exchange = replace(
        make_exchange("/index", zlib.compress(page)),
        response_headers=[(b"Content-Encoding", b"deflate")],
        is_html=True,
    )
    assert outlinks(exchange) == [
        ("http://example.test/news/one", "L", "a/@href"),
        ("http://example.test/logo.png", "E", "img/@src"),
        ("https://video.test/embed", "E", "iframe/@src"),
    ]
    redirect = replace(
        make_exchange("/old", b""), status=302, response_headers=[(b"Location", b"/new")]
    )
    assert outlinks(redirect) == [("http://example.test/new", "R", "Location:")]
    broken = replace(
        make_exchange("/x", b"not gzip"),
        response_headers=[(b"Content-Encoding", b"gzip")],
        is_html=True,
    )
    assert outlinks(broken) == []


def test_outlinks_read_the_page_in_its_charset() -> None:
    """A UTF-8 page whose charset only the HTTP header names, and an XHTML page with an XML
    declaration: links as the browser reads them (lxml, given the bytes, read the first as
    latin-1 and refused the second as a string)."""
    utf8 = replace(
        make_exchange("/a", "<html><body><a href='/berita/kota-seberang-ñ'>x</a>".encode()),
        response_headers=[(b"Content-Type", b"text/html; charset=utf-8")],
        is_html=True,
    )
    assert outlinks(utf8) == [("http://example.test/berita/kota-seberang-%C3%B1", "L", "a/@href")]
    xhtml = replace(
        make_exchange(
            "/b",
            b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            b'<body><a href="/c">c</a></body></html>',
        ),
        response_headers=[(b"Content-Type", b"application/xhtml+xml")],
        is_html=True,
    )
    assert outlinks(xhtml) == [("http://example.test/c", "L", "a/@href")]


def test_settings(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        WarcConfig.from_settings(get_crawler(settings_dict={"WARC_ENABLED": False}).settings)
    with pytest.raises(ValueError, match="WARC_PREFIX"):
        WarcConfig.from_settings(get_crawler(settings_dict={"WARC_PREFIX": "../x"}).settings)
    with pytest.raises(ValueError, match="WARC_MAX_SIZE"):
        WarcConfig.from_settings(get_crawler(settings_dict={"WARC_MAX_SIZE": 0}).settings)
    settings = get_crawler(
        settings_dict={
            "JAMBICRAWL_ARCHIVE_DIR": str(tmp_path),
            "JAMBICRAWL_CONTACT_URL": "https://example.test/contact",
            "WARC_MIRROR": True,
            "WARC_IS_PART_OF": "jambi-2026",
            "ROBOTSTXT_OBEY": True,
        }
    ).settings
    config = WarcConfig.from_settings(settings)
    assert config.directory == tmp_path
    assert config.state_db == tmp_path / "state.sqlite3"
    elsewhere = get_crawler(settings_dict={"WARC_DIR": str(tmp_path / "w")}).settings
    assert WarcConfig.from_settings(elsewhere).directory == tmp_path / "w"
    fields = config.warcinfo_fields("news")
    assert fields["operator"] == "https://example.test/contact"
    assert fields["isPartOf"] == "jambi-2026"
    assert fields["robots"] == "obey"
    assert fields["mirror"].startswith("yes")
    assert fields["description"].startswith("Demo/mirror crawl.")


class _Writer:
    def __init__(self, accept: bool) -> None:
        self.accept = accept
        self.exchanges: list[Exchange] = []

    def submit(self, exchange: Exchange, cite: object = None) -> bool:
        self.exchanges.append(exchange)
        return self.accept


def _extension(tmp_path: Path, writer: _Writer) -> WarcArchivingExtension:
    crawler = get_crawler(settings_dict={"WARC_DIR": str(tmp_path)})
    extension = WarcArchivingExtension.from_crawler(crawler)
    extension.writer = writer  # type: ignore[assignment]
    return extension


def test_extension_skips_cache_hits_and_non_web_urls(tmp_path: Path) -> None:
    writer = _Writer(accept=True)
    extension = _extension(tmp_path, writer)
    request = Request("http://example.test/")
    extension.request_reached_downloader(request)
    cached = HtmlResponse("http://example.test/", body=b"<p>", flags=["cached"])
    extension.response_downloaded(cached, request)
    local = Request("file:///etc/hostname")
    extension.response_downloaded(Response("file:///etc/hostname", body=b"h"), local)
    assert writer.exchanges == []
    extension.response_downloaded(HtmlResponse("http://example.test/", body=b"<p>"), request)
    assert len(writer.exchanges) == 1


def test_extension_counts_captures_it_could_not_archive(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    extension = _extension(tmp_path, _Writer(accept=False))
    extension.response_downloaded(Response("http://example.test/"), Request("http://example.test/"))
    assert extension.crawler.stats is not None
    assert extension.crawler.stats.get_value("warc/failures") == 1
    assert "Not archived" in caplog.text
    # A page an Article will cite: the Article cites no file rather than wait for one.
    cited = Request("http://example.test/a", meta={CITE_META: True})
    extension.response_downloaded(Response("http://example.test/a"), cited)
    record_id = cited.meta[CITED_RECORD_META]["record_id"]
    assert asyncio.run(extension.citations.warc_file(record_id)) == ""


def test_extension_dates_the_capture_from_when_the_request_went_out(tmp_path: Path) -> None:
    writer = _Writer(accept=True)
    extension = _extension(tmp_path, writer)
    request = Request("http://example.test/", meta={"download_latency": 30.0})
    extension.headers_received(request)
    extension.response_downloaded(Response("http://example.test/"), request)
    (exchange,) = writer.exchanges
    assert exchange.fetch_time_ms >= 30_000


def test_digest_index(tmp_path: Path) -> None:
    index = DigestIndex(tmp_path / "state.sqlite3")
    first = ArchivedPayload("sha1:A", "http://a/", "2026-01-01T00:00:00Z", "<1>", "one.warc.gz")
    index.add(first)
    index.add(replace(first, uri="http://b/", record_id="<2>"))
    assert index.lookup("sha1:A") == first
    assert index.lookup("sha1:B") is None
    assert index.forget_lost_records("one.warc.gz", ["<1>"]) == 0
    assert index.forget_lost_records("one.warc.gz", []) == 1
    journal = sqlite3.connect(tmp_path / "state.sqlite3").execute("PRAGMA journal_mode")
    assert journal.fetchone() == ("wal",)
    errors: list[Exception] = []

    def other_thread() -> None:
        try:
            index.lookup("sha1:A")
        except sqlite3.ProgrammingError as exc:
            errors.append(exc)

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert len(errors) == 1  # The connection belongs to the thread that opened it.
    index.close()


def test_warc_outlinks_setting() -> None:
    assert WarcConfig.from_settings(get_crawler(settings_dict={}).settings).outlinks is False
    on = get_crawler(settings_dict={"WARC_OUTLINKS": True}).settings
    assert WarcConfig.from_settings(on).outlinks is True
