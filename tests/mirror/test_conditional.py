"""The mirror's validators and conditional requests, as WordPress and CDN-fronted sites
answer them: ETag and Last-Modified on every page, 304 without a body when they match."""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING

from jambicrawl.mirror.urls import to_mirror
from tests.mirror.client import fetch

if TYPE_CHECKING:
    from jambicrawl.mirror import MirrorServer


def test_pages_carry_validators_and_a_matching_etag_gets_304(mirror: MirrorServer) -> None:
    article = _first_article(mirror)
    first = fetch(article, accept_gzip=True)
    assert first.status == 200 and first.raw
    tag, modified = first.headers["etag"], first.headers["last-modified"]
    assert tag.startswith('"') and parsedate_to_datetime(modified).tzinfo is not None

    again = fetch(article, accept_gzip=True, headers={"If-None-Match": tag})
    assert again.status == 304
    assert again.raw == b""
    assert again.headers["etag"] == tag and again.headers["last-modified"] == modified
    # A list of tags, weak or not, matches too.
    listed = fetch(article, accept_gzip=True, headers={"If-None-Match": f'"other", W/{tag}'})
    assert listed.status == 304


def test_each_representation_has_its_own_etag(mirror: MirrorServer) -> None:
    article = _first_article(mirror)
    gzipped = fetch(article, accept_gzip=True)
    plain = fetch(article)
    assert gzipped.headers["content-encoding"] == "gzip"
    assert gzipped.headers["etag"] != plain.headers["etag"]
    # The gzip representation's tag does not make a plain request a 304.
    crossed = fetch(article, headers={"If-None-Match": gzipped.headers["etag"]})
    assert crossed.status == 200 and crossed.body == plain.body


def test_if_modified_since(mirror: MirrorServer) -> None:
    article = _first_article(mirror)
    modified = parsedate_to_datetime(fetch(article).headers["last-modified"])
    same = fetch(article, headers={"If-Modified-Since": format_datetime(modified, usegmt=True)})
    assert same.status == 304 and same.raw == b""
    earlier = modified.replace(year=modified.year - 1)
    older = fetch(article, headers={"If-Modified-Since": format_datetime(earlier, usegmt=True)})
    assert older.status == 200 and older.raw
    assert fetch(article, headers={"If-Modified-Since": "yesterday"}).status == 200


def test_if_none_match_wins_over_if_modified_since(mirror: MirrorServer) -> None:
    article = _first_article(mirror)
    modified = fetch(article).headers["last-modified"]
    stale = fetch(article, headers={"If-None-Match": '"stale"', "If-Modified-Since": modified})
    assert stale.status == 200 and stale.raw


def test_errors_have_no_validators(mirror: MirrorServer) -> None:
    missing = fetch(f"{mirror.url}/{mirror.catalogue.sites[0].hosts[0]}/no/such/page")
    assert missing.status == 404
    assert "etag" not in missing.headers
    # Nothing to match: even "*" gets the 404.
    assert fetch(f"{mirror.url}/nowhere/x", headers={"If-None-Match": "*"}).status == 404


def _first_article(mirror: MirrorServer) -> str:
    """An article page of the first site, not its flaky one (first answered with a 500)."""
    key = mirror.catalogue.sites[0].key
    flaky = mirror.faults[key].flaky
    urls = [to_mirror(e.url, mirror.url) for e in mirror.catalogue.site(key).articles]
    return next(url for url in urls if url != flaky)
