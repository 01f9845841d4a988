"""Redesign variants of a site's article pages (mirror/redesign/): each kind, on fixture
and generated pages of every family, as a pure function of the page and a reference time;
served by the mirror for one site only; a bad ``--redesign`` is a one-line error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import lxml.html
import pytest

from jambicrawl import extract_article
from jambicrawl.cli.mirror import main
from jambicrawl.mirror import MirrorServer
from jambicrawl.mirror.catalogue import build_catalogue
from jambicrawl.mirror.redesign import KINDS, layout_of, parse_redesigns
from jambicrawl.mirror.redesign.blocks import RENAMED
from jambicrawl.mirror.redesign.dates import relative
from jambicrawl.mirror.redesign.markup import published
from jambicrawl.mirror.routes import Mirror
from jambicrawl.pages.selectors import first_match
from tests.mirror.client import fetch

if TYPE_CHECKING:
    from jambicrawl.items import Article
    from jambicrawl.registry.model import Site

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
#: One site of each family the battery redesigns, and Antara (text split by <br>).
SITES = ("tribunjambi", "detailjambi", "jambiekspres", "antarajambi")


@dataclass(frozen=True)
class Original:
    site: Site
    url: str
    body: bytes
    generated: bool

    @property
    def article(self) -> Article:
        return extract_article(self.body, self.url)

    def redesigned(self, kind: str, now: datetime = NOW) -> bytes:
        return KINDS[kind](self.body, layout_of(self.site), now)

    def __str__(self) -> str:
        return f"{self.site.key}:{'generated' if self.generated else 'fixture'}"


def _originals() -> list[Original]:
    catalogue = build_catalogue(8)
    mirror = Mirror(catalogue, "http://127.0.0.1:1", as_sites=True)
    found = []
    for key in SITES:
        sc = catalogue.site(key)
        singles = [e for e in sc.articles if len(e.page_urls) == 1 and e is not sc.flaky]
        for generated in (False, True):
            entry = next(e for e in singles if e.generated is generated)
            split = urlsplit(entry.url)
            reply = mirror.answer_as_site(split.netloc, split.path)
            assert reply.status == 200
            found.append(Original(sc.site, entry.url, reply.body, generated))
    return found


ORIGINALS = _originals()
pages = pytest.mark.parametrize("original", ORIGINALS, ids=str)


def root(page: bytes) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page.decode("utf-8"))


def declares_dates(page: bytes) -> bool:
    return bool(re.search(rb'"datePublished"|published_time"', page))


@pytest.mark.parametrize("kind", sorted(KINDS))
@pages
def test_every_kind_is_a_pure_function_of_page_and_time(original: Original, kind: str) -> None:
    first = original.redesigned(kind)
    assert first == original.redesigned(kind)
    assert first != original.body
    extract_article(first, original.url)  # still a page the extractor reads


@pytest.mark.parametrize(
    ("age", "printed"),
    [
        (timedelta(seconds=20), "baru saja"),
        (timedelta(minutes=12), "12 menit lalu"),
        (timedelta(hours=2, minutes=50), "2 jam lalu"),
        (timedelta(days=1, hours=3), "kemarin"),
        (timedelta(days=9), "9 hari lalu"),
        (timedelta(days=185), "6 bulan lalu"),
        (timedelta(days=800), "2 tahun lalu"),
    ],
)
def test_relative_wording(age: timedelta, printed: str) -> None:
    assert relative(NOW - age, NOW) == printed


@pages
def test_relative_dates(original: Original) -> None:
    when = published(original.body, layout_of(original.site))
    assert when is not None
    page = original.redesigned("relative-dates")
    assert relative(when, NOW).encode() in page
    assert not declares_dates(page)
    later = original.redesigned("relative-dates", NOW + timedelta(days=400))
    assert relative(when, NOW + timedelta(days=400)).encode() in later


@pages
def test_no_article_time(original: Original) -> None:
    page = original.redesigned("no-article-time")
    layout = layout_of(original.site)
    body = first_match(root(page), layout.body)[0]
    sidebar = body.getprevious()
    assert sidebar is not None and "Terpopuler" in sidebar.text_content()
    assert len(sidebar.findall(".//time")) == 3
    assert not declares_dates(page)
    article = extract_article(page, original.url)
    # What the selectors find now is never a time of the Terpopuler block.
    assert not (article.date_published or "").startswith(("2023-02-14", "2023-01-30", "2022-12"))
    assert article.body == original.article.body


@pages
def test_us_dates(original: Original) -> None:
    when = published(original.body, layout_of(original.site))
    assert when is not None
    page = original.redesigned("us-dates")
    assert when.strftime("%m/%d/%Y").encode() in page
    assert not declares_dates(page)


@pytest.mark.parametrize("kind", ["comments-in-body", "comments-beside-body"])
@pages
def test_comments_around_a_renamed_body(original: Original, kind: str) -> None:
    page = original.redesigned(kind)
    tree = root(page)
    assert not first_match(tree, layout_of(original.site).body)
    (container,) = tree.find_class(RENAMED)
    thread = next(e for e in tree.iter("h3") if e.text_content().startswith("Komentar"))
    inside = container in thread.iterancestors()
    assert inside is (kind == "comments-in-body")
    # The selectors do not wander into the comments: the body is the article's.
    assert extract_article(page, original.url).body == original.article.body


@pages
def test_premium_cut(original: Original) -> None:
    page = original.redesigned("premium-cut")
    assert b"konten premium" in page and b"Berlangganan" in page
    before = (original.article.body or "").split("\n\n")
    after = (extract_article(page, original.url).body or "").split("\n\n")
    assert 1 <= len(after) <= 2 < len(before)
    assert after[-1] in before[len(after) - 1] or after == before[: len(after)]


@pages
def test_soft_404_is_one_page_for_every_article(original: Original) -> None:
    page = original.redesigned("soft-404")
    same_site = [o for o in ORIGINALS if o.site == original.site and o is not original]
    assert all(o.redesigned("soft-404") == page for o in same_site)
    tree = root(page)
    assert "Artikel tidak ditemukan" in tree.findtext(".//h1")
    assert tree.find_class("breadcrumb")


@pages
def test_consent_interstitial(original: Original) -> None:
    page = original.redesigned("consent-interstitial")
    tree = root(page)
    assert tree.findtext(".//title") == root(original.body).findtext(".//title")
    assert "cookie" in tree.text_content()
    assert (original.article.body or "")[:80] not in tree.text_content()


@pages
def test_headline_h2(original: Original) -> None:
    tree = root(original.redesigned("headline-h2"))
    (h1,) = tree.iter("h1")
    headline = original.article.title or ""
    assert headline[:30] not in h1.text_content()
    assert any(headline[:30] in h2.text_content() for h2 in tree.iter("h2"))


@pages
def test_byline_changed(original: Original) -> None:
    page = original.redesigned("byline-changed")
    layout = layout_of(original.site)
    for selectors in (layout.authors, layout.editors, layout.byline[:1]):
        assert not first_match(root(page), selectors)


def test_changed_layout_is_the_client_rendered_kind() -> None:
    assert parse_redesigns([], {"a", "b"}, ["a"]) == {"a": "client-rendered"}
    assert parse_redesigns(["b=soft-404"], {"a", "b"}) == {"b": "soft-404"}


def test_the_mirror_serves_the_redesign_on_one_site_only() -> None:
    chosen = {"tribunjambi": "soft-404"}
    with MirrorServer(port=0, articles_per_site=4, redesigns=chosen) as server:
        for site in server.catalogue.sites:
            entry = server.catalogue.site(site.key).articles[0]
            split = urlsplit(entry.url)
            got = fetch(f"{server.url}/{split.netloc}{split.path}")
            assert got.status == 200
            soft = "Artikel tidak ditemukan" in got.text
            assert soft is (site.key == "tribunjambi"), site.key
        # The deleted article's URL answers the same page, with 200, on that site only.
        for key, faults in server.faults.items():
            if faults.missing:
                got = fetch(faults.missing)
                assert (got.status == 200) is (key == "tribunjambi"), key


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--redesign", "nosuchsite=soft-404"], "unknown site 'nosuchsite'"),
        (["--redesign", "tribunjambi=nosuchkind"], "unknown redesign 'nosuchkind'"),
        (["--redesign", "tribunjambi"], "unknown redesign ''"),
    ],
)
def test_bad_redesign_is_a_one_line_error(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--port", "0", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
