"""A mirror that lives: each step of its clock, every site publishes an article and edits an
earlier one, and its sitemaps, feeds, listings and validators follow."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import pytest

from jambicrawl.mirror import MirrorServer
from jambicrawl.mirror.catalogue import EPOCH
from jambicrawl.mirror.clock import MirrorClock, Publishing
from jambicrawl.mirror.edits import EDIT_KINDS
from jambicrawl.spiders.discovery import feed_links, sitemap_entries
from tests.mirror.client import fetch

if TYPE_CHECKING:
    from collections.abc import Iterator

STEP = timedelta(hours=1)
START = EPOCH + timedelta(days=1)


@pytest.fixture
def living() -> Iterator[MirrorServer]:
    """A mirror of 10 articles a site whose clock moves only when told."""
    server = MirrorServer(
        port=0,
        articles_per_site=10,
        publishing=Publishing(STEP),
        clock=MirrorClock(START, speed=0),
    )
    server.start()
    yield server
    server.stop()


def _clock(server: MirrorServer, method: str = "GET", query: str = "") -> dict[str, Any]:
    answer = fetch(f"{server.url}/_clock{query}", method=method)
    assert answer.status == 200, answer.text
    found: dict[str, Any] = json.loads(answer.text)
    return found


def _changes(server: MirrorServer, kind: str) -> list[dict[str, Any]]:
    return [c for c in _clock(server)["changes"] if c["kind"] == kind]


def _sitemap_links(server: MirrorServer, site: str) -> dict[str, str]:
    """Every article of a site's sitemaps, with its lastmod."""
    mirrored = server.catalogue.site(site).site
    found: dict[str, str] = {}
    index = fetch(mirrored.base_url + mirrored.discovery.sitemaps[0], via=server.url)
    _, children = sitemap_entries(index.body)
    for child in children:
        links, _ = sitemap_entries(fetch(child, via=server.url).body)
        found |= {
            link.url: (link.discovered.modified or "") if link.discovered else "" for link in links
        }
    return found


def test_the_clock_moves_when_told_and_each_site_publishes_and_edits(
    living: MirrorServer,
) -> None:
    before = _clock(living)
    assert before["step"] == 0 and before["changes"] == []
    after = _clock(living, "POST", "?advance=2h")
    assert after["step"] == 2
    sites = {s.key for s in living.catalogue.sites}
    for kind in ("published", *EDIT_KINDS):
        assert {c["step"] for c in after["changes"] if c["kind"] == kind} <= {1, 2}
    published = [c for c in after["changes"] if c["kind"] == "published"]
    assert sorted(c["site"] for c in published) == sorted([*sites, *sites])
    # One step of the seven sites makes every kind of edit.
    assert {c["kind"] for c in after["changes"] if c["step"] == 1} == {"published", *EDIT_KINDS}


def test_new_articles_appear_in_sitemaps_feeds_and_listings_with_their_dates(
    living: MirrorServer,
) -> None:
    site = living.catalogue.site("tribunjambi").site
    assert not _changes(living, "published")
    _clock(living, "POST", "?advance=1h")
    new = next(c for c in _changes(living, "published") if c["site"] == "tribunjambi")
    page = fetch(new["url"], via=living.url)
    assert page.status == 200
    assert parsedate_to_datetime(page.headers["last-modified"]) == START + STEP
    assert new["url"] in _sitemap_links(living, "tribunjambi")
    feed = fetch(site.base_url + site.discovery.feeds[0], via=living.url)
    dated = {link.url: link.date for link in feed_links(feed.body)}
    assert dated[new["url"]] == START + STEP
    listing = fetch(site.base_url + site.discovery.listings[0], via=living.url)
    assert new["url"] in listing.text


def test_an_edit_moves_the_lastmod_and_the_validators_and_only_its_page_changes(
    living: MirrorServer,
) -> None:
    entries = living.catalogue.site("jambione").articles
    pages = {e.url: fetch(e.url, via=living.url) for e in entries}
    pages = {url: page for url, page in pages.items() if page.status == 200}  # not the flaky one
    _clock(living, "POST", "?advance=1h")
    edited = next(c for c in _clock(living)["changes"] if c["site"] == "jambione"
                  and c["kind"] != "published")  # fmt: skip
    assert _sitemap_links(living, "jambione")[edited["url"]] == edited["at"]
    for url, before in pages.items():
        tag = {"If-None-Match": before.headers["etag"]}
        since = {"If-Modified-Since": before.headers["last-modified"]}
        by_tag, by_date = (fetch(url, via=living.url, headers=h) for h in (tag, since))
        if url == edited["url"]:
            assert by_tag.status == by_date.status == 200
            assert by_tag.body != before.body
            assert parsedate_to_datetime(by_tag.headers["last-modified"]) == START + STEP
            again = fetch(url, via=living.url, headers={"If-None-Match": by_tag.headers["etag"]})
            assert again.status == 304
        else:
            assert by_tag.status == by_date.status == 304, url


def test_each_kind_of_edit_changes_what_it_names(living: MirrorServer) -> None:
    before = {
        e.url: fetch(e.url, via=living.url).text
        for s in living.catalogue.sites
        for e in living.catalogue.site(s.key).articles
    }
    _clock(living, "POST", "?advance=1h")
    for change in _clock(living)["changes"]:
        if change["kind"] == "published":
            continue
        old, new = before[change["url"]], fetch(change["url"], via=living.url).text
        assert old != new, change
        entry = next(e for e in living.catalogue.articles if e.url == change["url"])
        if change["kind"] == "title":
            assert entry.title in old and entry.title not in new
        elif change["kind"] == "paragraph":
            assert "Pembaruan: " in new and "Pembaruan: " not in old
        else:  # a sentence, or the time: the headline stays
            assert entry.title in new


def test_the_same_seed_makes_the_same_edits_and_another_seed_others() -> None:
    def changes(seed: int) -> list[tuple[str, str]]:
        server = MirrorServer(
            port=0,
            articles_per_site=10,
            publishing=Publishing(STEP, seed),
            clock=MirrorClock(START, speed=0),
        )
        assert server.living is not None
        server.living.clock.advance(3 * STEP)
        return [(c.url, c.kind) for c in server.living.changes()]

    assert changes(0) == changes(0)
    assert changes(0) != changes(7)


def test_a_running_clock_publishes_as_real_time_passes() -> None:
    clock = MirrorClock(START, speed=3600)  # an hour a second
    server = MirrorServer(port=0, publishing=Publishing(STEP), clock=clock)
    assert server.living is not None
    clock.advance(timedelta(minutes=59))
    first = clock.step(STEP)
    while clock.step(STEP) == first:
        pass
    assert [c.kind for c in server.living.changes()].count("published") >= 7


def test_a_mirror_that_does_not_publish_has_no_clock(fresh_mirror: MirrorServer) -> None:
    assert fetch(f"{fresh_mirror.url}/_clock").status == 404
    assert fetch(f"{fresh_mirror.url}/_clock?advance=1h", method="POST").status == 501


def test_a_bad_advance_is_refused(living: MirrorServer) -> None:
    answer = fetch(f"{living.url}/_clock?advance=soon", method="POST")
    assert answer.status == 400 and "not a duration" in answer.text
    assert _clock(living)["step"] == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--publish-every", "often"], "--publish-every: not a duration: 'often'"),
        (["--publish-every", "10m", "--clock", "someday"], "--clock: not a date: 'someday'"),
        (["--publish-every", "10m", "--speed", "-2"], "--speed must be 0 or more"),
        (["--speed", "0"], "--speed needs --publish-every"),
        (["--clock", "2026-06-01"], "--clock needs --publish-every"),
    ],
)
def test_bad_living_options_are_one_line_and_status_2(options: list[str], message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jambicrawl", "mirror", *options],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"jambicrawl: {message}"]
