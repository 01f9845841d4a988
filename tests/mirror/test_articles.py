"""Article pages of the fixtures: gzip, URL rewriting, later pages, and the three faults."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import pytest

from jambicrawl.mirror import MirrorServer
from jambicrawl.mirror.rewrite import HostRewriter
from jambicrawl.mirror.urls import from_mirror, to_mirror
from jambicrawl.registry import load_registry
from tests.mirror.client import fetch

SITES = {s.key: s for s in load_registry()}
HOSTS = [host for site in SITES.values() for host in site.hosts]


def _fixture_pages(mirror: MirrorServer) -> list[tuple[str, bytes]]:
    """(site URL, fixture bytes) of every page of every fixture article but the flaky ones."""
    flaky = {f.flaky for f in mirror.faults.values()}
    pages = []
    for entry in mirror.catalogue.articles:
        if entry.case is None or to_mirror(entry.url, mirror.url) in flaky:
            continue
        case = mirror.catalogue.case(entry)
        pages += [(url, p.body) for url, p in zip(entry.page_urls, case.pages, strict=True)]
    return pages


def test_fixture_pages_are_gzipped_and_decode_to_the_fixture_with_urls_rewritten(
    mirror: MirrorServer,
) -> None:
    rewriter = HostRewriter(HOSTS, mirror.url)
    pages = _fixture_pages(mirror)
    assert len(pages) >= 20
    for url, fixture in pages:
        got = fetch(to_mirror(url, mirror.url), accept_gzip=True)
        assert got.status == 200, url
        assert got.headers["content-encoding"] == "gzip"
        assert got.raw[:2] == b"\x1f\x8b"
        assert got.body == rewriter.bytes(fixture)
        for host in HOSTS:
            for scheme in (b"https://", b"http://", b"https:\\/\\/"):
                assert scheme + host.encode() + b"/" not in got.body, (url, host)


def test_without_gzip_in_accept_encoding_pages_come_plain(mirror: MirrorServer) -> None:
    url, fixture = _fixture_pages(mirror)[0]
    got = fetch(to_mirror(url, mirror.url))
    assert "content-encoding" not in got.headers
    assert got.raw == HostRewriter(HOSTS, mirror.url).bytes(fixture)


def test_canonical_links_point_at_the_mirror(mirror: MirrorServer) -> None:
    checked = 0
    for url, _ in _fixture_pages(mirror):
        root = lxml.html.document_fromstring(fetch(to_mirror(url, mirror.url)).body)
        for href in root.xpath("//link[@rel='canonical']/@href"):
            assert str(href).startswith(mirror.url + "/"), url
            checked += 1
    # Some pages (Antara's 2015 layout) have no canonical link; most do.
    assert checked >= len(mirror.catalogue.sites), f"only {checked} canonical links checked"


def test_later_pages_live_at_their_own_urls_and_tracking_parameters_do_not_matter(
    mirror: MirrorServer,
) -> None:
    multi = [e for e in mirror.catalogue.articles if len(e.page_urls) > 1]
    assert any("?page=2" in e.page_urls[1] for e in multi)  # Tribun
    assert any(e.page_urls[1].endswith("/15") for e in multi)  # Disway offsets
    for entry in multi:
        bodies = {fetch(to_mirror(url, mirror.url)).body for url in entry.page_urls}
        assert len(bodies) == len(entry.page_urls)
    url, _ = _fixture_pages(mirror)[0]
    tracked = to_mirror(url, mirror.url) + ("&" if "?" in url else "?") + "utm_source=wa"
    assert fetch(tracked).body == fetch(to_mirror(url, mirror.url)).body


def test_head_sends_headers_only(mirror: MirrorServer) -> None:
    url, _ = _fixture_pages(mirror)[0]
    got = fetch(to_mirror(url, mirror.url), method="HEAD")
    assert got.status == 200
    assert got.raw == b""
    assert int(got.headers["content-length"]) > 0


@pytest.mark.parametrize(
    "path", ["/nope", "/unknown.example/x", "/jambi.tribunnews.com/no/such/page"]
)
def test_unknown_paths_are_small_404_pages(mirror: MirrorServer, path: str) -> None:
    got = fetch(mirror.url + path)
    assert got.status == 404
    assert got.headers["content-type"].startswith("text/html")
    assert b"</html>" in got.body
    assert len(got.body) < 1000


def _site_target(url: str, mirror: str) -> str:
    """Path and query of the site URL a mirror URL stands for."""
    split = urlsplit(from_mirror(url, mirror))
    return split.path + (f"?{split.query}" if split.query else "")


def test_each_site_has_a_301_a_404_and_a_500_then_200(fresh_mirror: MirrorServer) -> None:
    for key, faults in fresh_mirror.faults.items():
        site = SITES[key]
        assert faults.redirect and faults.redirect_target and faults.missing and faults.flaky
        assert faults.flaky != faults.redirect_target

        # An old URL of the article: article-shaped, so pattern-filtering crawlers follow it.
        assert re.search(site.article_pattern, _site_target(faults.redirect, fresh_mirror.url))
        moved = fetch(faults.redirect)
        assert moved.status == 301
        assert moved.headers["location"] == faults.redirect_target
        assert fetch(faults.redirect_target).status == 200

        missing = fetch(faults.missing)
        assert missing.status == 404
        assert re.search(site.article_pattern, _site_target(faults.missing, fresh_mirror.url))

        assert fetch(faults.flaky, accept_gzip=True).status == 500
        assert fetch(faults.flaky, accept_gzip=True).status == 200
        assert fetch(faults.flaky).status == 200
