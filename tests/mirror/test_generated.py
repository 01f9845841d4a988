"""Generated articles: the site's URL shape and template, their own title, date and body."""

from __future__ import annotations

import re
from datetime import datetime
from itertools import pairwise

import pytest

from jambicrawl import extract_article
from jambicrawl.mirror import MirrorServer, build_catalogue
from jambicrawl.mirror.catalogue import EPOCH, path_and_query
from jambicrawl.mirror.urls import to_mirror
from jambicrawl.registry import load_registry
from tests.mirror.client import fetch
from tests.mirror.conftest import ARTICLES

SITES = {s.key: s for s in load_registry()}


@pytest.mark.parametrize("key", list(SITES))
def test_every_site_has_the_asked_number_of_distinct_urls_of_its_shape(
    mirror: MirrorServer, key: str
) -> None:
    entries = mirror.catalogue.site(key).articles
    assert len(entries) == ARTICLES
    assert len({e.url for e in entries}) == ARTICLES
    assert len({e.title for e in entries}) == ARTICLES
    for entry in entries:
        assert re.search(SITES[key].article_pattern, path_and_query(entry.url)), entry.url
    assert any(e.generated for e in entries)


@pytest.mark.parametrize("key", list(SITES))
def test_generated_pages_extract_to_what_they_were_given(mirror: MirrorServer, key: str) -> None:
    flaky = mirror.faults[key].flaky
    generated = [
        (entry, url)
        for entry in mirror.catalogue.site(key).articles
        if entry.generated and (url := to_mirror(entry.url, mirror.url)) != flaky
    ]
    assert generated, f"{key}: no generated article to check"
    for entry, url in generated:
        got = fetch(url, accept_gzip=True)
        assert got.status == 200
        assert got.headers["content-encoding"] == "gzip"
        assert len(got.body) >= 50 * 1024  # the template's chrome is all there
        article = extract_article(got.body, entry.url, key)
        assert article.title == entry.title
        assert article.date_published == entry.published.isoformat()
        paragraphs = mirror.catalogue.paragraphs(entry)
        assert 6 <= len(paragraphs) <= 12
        assert article.body is not None
        for paragraph in paragraphs:
            assert paragraph in article.body


def test_generated_articles_are_deterministic_and_spread_back_in_time() -> None:
    first, again = build_catalogue(40), build_catalogue(40)
    assert first.articles == again.articles
    for site in first.sites:
        generated = [e for e in first.site(site.key).articles if e.generated]
        times = [e.published for e in generated]
        assert times[0] == EPOCH
        assert all(a > b for a, b in pairwise(times))
        assert all(t.utcoffset() is not None and t.isoformat().endswith("+07:00") for t in times)
        assert len({tuple(first.paragraphs(e)) for e in generated}) == len(generated)
        # A larger catalogue extends a smaller one: article n is the same whatever N is.
        small = [e for e in build_catalogue(10).site(site.key).articles if e.generated]
        assert small == generated[: len(small)]


def test_a_fixture_only_mirror_serves_just_the_fixtures() -> None:
    catalogue = build_catalogue(0)
    assert catalogue.articles
    assert all(not e.generated for e in catalogue.articles)
    assert all(isinstance(e.published, datetime) for e in catalogue.articles)
