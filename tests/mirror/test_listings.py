"""Listing pages: ten items a page in the family's paging style, walked by "next" links."""

from __future__ import annotations

import re
from datetime import timedelta

import lxml.html
import pytest

from jambicrawl.mirror import MirrorServer
from jambicrawl.mirror.urls import to_mirror
from jambicrawl.normalize.dates import parse_date
from jambicrawl.registry import load_registry
from tests.mirror.client import fetch, raw_exchange

SITES = {s.key: s for s in load_registry()}
LISTINGS = [(s.key, listing) for s in SITES.values() for listing in s.discovery.listings]


def _walk(
    mirror: MirrorServer, key: str, listing: str
) -> tuple[list[lxml.html.HtmlElement], list[str]]:
    """The item links of every page, following rel=next from page 1, and the pages seen."""
    url: str | None = to_mirror(SITES[key].base_url + listing, mirror.url)
    pages: list[str] = []
    anchors: list[lxml.html.HtmlElement] = []
    while url is not None:
        assert url not in pages, f"listing loops back to {url}"
        assert len(pages) < 100
        pages.append(url)
        got = fetch(url)
        assert got.status == 200, url
        root = lxml.html.document_fromstring(got.body)
        anchors += root.xpath("//section[@class='list']//a[@href]")
        following = root.xpath("//a[@rel='next']/@href")
        url = str(following[0]) if following else None
    return anchors, pages


def test_every_site_has_a_listing() -> None:
    assert {key for key, _ in LISTINGS} == set(SITES)


@pytest.mark.parametrize(("key", "listing"), LISTINGS)
def test_following_next_visits_every_article_once_then_ends(
    mirror: MirrorServer, key: str, listing: str
) -> None:
    anchors, pages = _walk(mirror, key, listing)
    faults = mirror.faults[key]
    assert faults.missing is not None and faults.redirect is not None
    hrefs = [str(a.get("href")) for a in anchors]
    assert hrefs.count(faults.missing) == 1
    assert hrefs.count(faults.redirect) == 1
    assert hrefs.count(faults.forbidden) == 1  # robots.txt forbids it: never an article
    reached = []
    for href in hrefs:
        if href == faults.forbidden:
            continue
        if href == faults.missing:
            assert fetch(href).status == 404
            continue
        if href == faults.redirect:
            moved = fetch(href)
            assert moved.status == 301
            href = moved.headers["location"]
        reached.append(href)
    entries = mirror.catalogue.site(key).articles
    assert reached == [to_mirror(e.url, mirror.url) for e in entries]  # newest first, once
    assert len(pages) == -(-len(entries) // 10)


@pytest.mark.parametrize("key", list(SITES))
def test_listing_items_show_title_and_printed_date(mirror: MirrorServer, key: str) -> None:
    site = SITES[key]
    got = fetch(to_mirror(site.base_url + site.discovery.listings[0], mirror.url))
    root = lxml.html.document_fromstring(got.body)
    by_title = {e.title: e for e in mirror.catalogue.site(key).articles}
    shown = 0
    for anchor in root.xpath("//section[@class='list']//a[@href]"):
        entry = by_title.get(anchor.text_content())
        if entry is None:
            continue  # the deleted article
        item = anchor.getparent().getparent()
        printed = item.text_content().replace(entry.title, "")
        when = parse_date(printed)
        assert when is not None, printed
        assert abs(when - entry.published) < timedelta(minutes=1), printed
        shown += 1
    assert shown == 10


@pytest.mark.parametrize(("key", "listing"), LISTINGS)
def test_pages_follow_the_family_style(mirror: MirrorServer, key: str, listing: str) -> None:
    _, pages = _walk(mirror, key, listing)
    base = to_mirror(SITES[key].base_url + listing, mirror.url)
    second = {
        "disway": rf"{re.escape(base.rstrip('/'))}/10",
        "antara": rf"{re.escape(base.rstrip('/'))}/2",
        "wordpress": rf"{re.escape(base.rstrip('/'))}/page/2/",
    }.get(SITES[key].family, rf"{re.escape(base)}\?page=2")
    assert re.fullmatch(second, pages[1])


def test_listing_pages_are_sent_chunked(mirror: MirrorServer) -> None:
    key, listing = LISTINGS[0]
    sent = raw_exchange(to_mirror(SITES[key].base_url + listing, mirror.url))
    head, _, body = sent.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"\r\ntransfer-encoding: chunked" in head.lower()
    assert b"content-length" not in head.lower()
    assert re.match(rb"[0-9a-f]+\r\n<!DOCTYPE html>", body)
    assert body.endswith(b"\r\n0\r\n\r\n")


def test_a_page_past_the_last_is_404(mirror: MirrorServer) -> None:
    site = SITES["tribunjambi"]
    got = fetch(to_mirror(site.base_url + site.discovery.listings[0] + "?page=99", mirror.url))
    assert got.status == 404
