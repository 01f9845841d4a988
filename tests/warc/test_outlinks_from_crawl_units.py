"""Outlinks from the crawl's own parse (``WARC_OUTLINKS``): the one tree walk, the writer's
late metadata records, and the spider handing its links to the capture extension."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from warc_helpers import make_exchange, make_writer, read_warc

from jambicrawl.pages import response as page_response_module
from jambicrawl.pages.response import PageResponse, ParsedPage
from jambicrawl.pipelines.extract import ExtractPipeline
from jambicrawl.registry import load_registry
from jambicrawl.spiders import NewsSpider, discovery
from jambicrawl.warc.crawl_links import LINKS_META, PENDING_META
from jambicrawl.warc.exchange import Exchange, LateMetadata
from jambicrawl.warc.extension import CITE_META, WarcCaptureExtension
from jambicrawl.warc.outlinks import FoundLinks, found_links, outlinks, resolve
from tests.fixturecases import PAGES

if TYPE_CHECKING:
    from pathlib import Path

URL = "http://example.test/berita/a"
PAGE = b"""<html><head><base href="https://cdn.example.test/news/">
<script src="/js/app.js?a=1&amp;b=2"></script>
<script type="application/ld+json">{"url": "/not-a-link"}</script>
<script data-src="/lazy.js"></script><script async src='rel.js'></script>
<script src=https://other.test/x.js defer></script><script src="javascript:void(0)"></script>
<!-- <script src="/commented.js"></script> <a href="/commented">c</a> -->
<style>@import url(/style.css);</style>
<link rel="stylesheet" href="/site.css"><link rel="canonical" href="/canon">
</head><body><a href="one">1</a><a href="javascript:void(0)">x</a><a href="mailto:a@b.test">m</a>
<a href="tel:+62741">t</a><a href="#top">top</a><a href="data:text/plain,x">d</a>
<a href="about:blank">b</a><img src="/logo.png"><a href="one">again</a><map><area href="map"></map>
</body></html>"""
EXPECTED = {
    ("https://cdn.example.test/js/app.js?a=1&b=2", "E", "script/@src"),
    ("https://cdn.example.test/news/rel.js", "E", "script/@src"),
    ("https://other.test/x.js", "E", "script/@src"),
    ("https://cdn.example.test/site.css", "E", "link/@href"),
    ("https://cdn.example.test/canon", "L", "link/@href"),
    ("https://cdn.example.test/news/one", "L", "a/@href"),
    ("https://cdn.example.test/logo.png", "E", "img/@src"),
    ("https://cdn.example.test/news/map", "L", "area/@href"),
}
HTML = [(b"Content-Type", b"text/html; charset=utf-8")]


def _html_exchange(path: str, body: bytes, **changes: Any) -> Exchange:
    return replace(make_exchange(path, body), response_headers=HTML, is_html=True, **changes)


def test_the_tree_walk_of_a_parsed_page_lists_what_the_writers_parse_lists() -> None:
    """The crawl's tree has no scripts (taken out before parsing): their src comes from the
    open tags taken out; base href, skipped schemes and comments as the writer's parse."""
    parsed = ParsedPage(PageResponse.from_text(URL, PAGE), script_tags=True)
    assert parsed.root.find(".//script") is None
    found = found_links(parsed.root, parsed.script_tags)
    assert found.base == "https://cdn.example.test/news/"
    assert set(resolve(parsed.url, found)) == EXPECTED
    assert set(outlinks(_html_exchange("/berita/a", PAGE))) == EXPECTED
    # A listing page's tree (lxml.html, scripts kept) walks the same.
    listing = discovery.listing_tree(PAGE, URL, "text/html; charset=utf-8")
    assert listing is not None and set(resolve(URL, found_links(listing))) == EXPECTED


def test_script_tags_are_kept_only_when_asked_for() -> None:
    parsed = ParsedPage(PageResponse.from_text(URL, PAGE))
    assert parsed.script_tags == []
    contexts = {context for _, _, context in resolve(URL, found_links(parsed.root))}
    assert contexts == {"link/@href", "a/@href", "img/@src", "area/@href"}


def test_the_writer_writes_a_metadata_record_when_its_links_come(tmp_path: Path) -> None:
    stats: dict[str, int] = {}
    writer = make_writer(tmp_path, stats, [])
    writer.start()
    page = _html_exchange("/a", PAGE, links_later=True)
    other = _html_exchange("/b", b"<a href='/x'>x</a>")
    copy = _html_exchange("/c", PAGE, links_later=True)  # same payload: a revisit of /a
    duplicate = _html_exchange("/d", b"<a href='/y'>y</a>", links_later=True)
    for exchange in (page, other, copy, duplicate):
        assert writer.submit(exchange)
    found = FoundLinks(None, [("a", "", "href", "/z"), ("a", "", "href", "mailto:a@b.test")])
    assert writer.submit_late(replace(LateMetadata.of(page), found=found))
    assert writer.submit_late(replace(LateMetadata.of(copy), found=found))
    # A page the crawl did not parse after all: its body, which the writer parses.
    body = replace(LateMetadata.of(duplicate), unparsed=duplicate.body, content_type="text/html")
    assert writer.submit_late(body)
    writer.close()
    (path,) = tmp_path.glob("*.warc.gz")
    records = read_warc(path)
    kinds = [(r.type, r.uri.removeprefix("http://example.test")) for r in records[1:]]
    assert kinds == [
        ("response", "/a"), ("request", "/a"),
        ("response", "/b"), ("request", "/b"), ("metadata", "/b"),
        ("revisit", "/c"), ("request", "/c"),
        ("response", "/d"), ("request", "/d"),
        ("metadata", "/a"),  # after the records written meanwhile
        ("metadata", "/d"),
    ]  # fmt: skip
    by_uri = {r.uri: r for r in records if r.type in ("response", "metadata")}
    late = [r for r in records if r.type == "metadata"][1]
    assert late.header("WARC-Concurrent-To") == page.record_id
    assert late.header("WARC-Date") == by_uri["http://example.test/a"].header("WARC-Date")
    assert late.payload.decode().endswith("outlink: http://example.test/z L a/@href\r\n")
    assert "outlink: http://example.test/y L a/@href" in records[-1].payload.decode()
    assert stats["warc/outlinks_parsed"] == 2  # /b, and /d's body
    assert stats["warc/outlinks_from_crawl"] == 1


CASE = PAGES / "tribunjambi" / "multi-page-2" / "inputs"


def _fixture_page(stem: str) -> tuple[str, bytes]:
    info = json.loads((CASE / f"{stem}-info.json").read_text("utf-8"))
    return info["url"], (CASE / f"{stem}-body.html").read_bytes()


def _captured(
    extension: WarcCaptureExtension, request: scrapy.Request, body: bytes
) -> HtmlResponse:
    headers = {"Content-Type": "text/html; charset=utf-8"}
    response = HtmlResponse(request.url, body=body, headers=headers, request=request)
    extension.response_downloaded(response, request)
    return response


def test_the_spider_hands_on_the_links_of_the_pages_it_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both pages of a split article: links from the spider's trees, each page parsed once
    (extraction reads the same trees); a duplicate's body goes to the writer; a page whose
    callback never ran is counted at close."""
    parses: list[str] = []
    real_init = page_response_module.ParsedPage.__init__

    def counting_init(self: Any, response: Any, **kwargs: Any) -> None:
        parses.append(response.url)
        real_init(self, response, **kwargs)

    monkeypatch.setattr(page_response_module.ParsedPage, "__init__", counting_init)
    settings = {"JAMBICRAWL_ARCHIVE_DIR": str(tmp_path), "WARC_OUTLINKS": True}
    crawler = get_crawler(NewsSpider, settings)
    spider = NewsSpider.from_crawler(crawler, site="tribunjambi")
    crawler.spider = spider
    extension = WarcCaptureExtension.from_crawler(crawler)
    extension.spider_opened(spider)
    assert extension.writer is not None and crawler.stats is not None

    url, body = _fixture_page("HttpResponse")
    (request,) = spider._requests(url, spider.parse_article)  # how the spider asks for it
    assert request.meta[LINKS_META]
    first = _captured(extension, request, body)
    assert request.meta[PENDING_META]
    (later,) = spider.parse_article(first)
    assert PENDING_META not in request.meta  # sent
    assert later.meta[LINKS_META]
    url2, body2 = _fixture_page("HttpResponse-2")
    second = _captured(extension, later, body2)
    (item,) = spider.parse_later_page(second, **later.cb_kwargs)
    assert parses == [url, url2]
    pipeline = ExtractPipeline(load_registry(), crawler.stats, extension.citations)
    article = asyncio.run(pipeline.process_item(item))
    assert article.page_count == 2
    assert parses == [url, url2]  # extraction parsed neither again

    again = scrapy.Request(url, spider.parse_article, meta={LINKS_META: True, CITE_META: True})
    changed = body.replace(b"</body>", b"<a href='/baru'>baru</a></body>")
    assert list(spider.parse_article(_captured(extension, again, changed))) == []  # a duplicate
    never = scrapy.Request(url + "?never", meta={LINKS_META: True})
    _captured(extension, never, body)
    extension.drop_pending()
    extension.writer.close()

    records = [r for path in sorted(tmp_path.glob("*.warc.gz")) for r in read_warc(path)]
    responses = [r for r in records if r.type in ("response", "revisit")]
    metadata = {r.header("WARC-Concurrent-To"): r for r in records if r.type == "metadata"}
    (page1, page2, duplicate, _) = responses
    assert duplicate.type == "response"
    pages = ((page1, url, body), (page2, url2, body2), (duplicate, url, changed))
    for record, page_url, page_body in pages:
        lines = set(metadata[record.id].payload.decode().splitlines())
        exchange = _html_exchange("/", page_body, url=page_url)
        expected = {f"outlink: {u} {hop} {context}" for u, hop, context in outlinks(exchange)}
        assert expected and {line for line in lines if line.startswith("outlink:")} == expected
    assert len(metadata) == 3  # not the last one's: its links never came
    assert crawler.stats.get_value("warc/outlinks_from_crawl") == 2
    assert crawler.stats.get_value("warc/outlinks_parsed") == 1  # the duplicate's body
    assert crawler.stats.get_value("warc/outlinks_missing") == 1
    spider.closed("finished")
