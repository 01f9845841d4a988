"""What the mirror serves: every registered site's fixture articles plus generated ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from jambicrawl.mirror import words
from jambicrawl.mirror.fixtures import MirrorError, fixtures_folder, site_cases
from jambicrawl.mirror.shapes import ShapeError, UrlShape
from jambicrawl.mirror.template import site_template
from jambicrawl.normalize.dates import WIB
from jambicrawl.normalize.urls import without_tracking
from jambicrawl.registry import load_registry

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jambicrawl.mirror.fixtures import FixtureCase
    from jambicrawl.mirror.template import ArticleTemplate
    from jambicrawl.registry import Registry, Site

#: Generated article 0 is published at EPOCH, article n five hours (and a few minutes,
#: so that times vary) before article n-1.
EPOCH = datetime(2026, 6, 1, 9, 0, tzinfo=WIB)
SPACING = timedelta(hours=5)
#: Slug of the article-shaped URL that answers 404 (a deleted article).
MISSING_SLUG = "berita-ini-sudah-tidak-tersedia"


def path_and_query(url: str) -> str:
    split = urlsplit(url)
    return split.path + (f"?{split.query}" if split.query else "")


def generated_when(number: int) -> datetime:
    return EPOCH - SPACING * number - timedelta(minutes=(number * 13) % 50)


@dataclass(frozen=True, slots=True)
class MirroredArticle:
    """One article the mirror serves."""

    site: str
    #: Site URL of page 1 (tracking parameters removed).
    url: str
    #: Site URLs of every page, page 1 first.
    page_urls: tuple[str, ...]
    #: Fixture case folder; None for a generated article.
    case: Path | None
    title: str
    published: datetime
    #: Generated article number (0 is the newest); None for a fixture article.
    number: int | None = None
    article_id: int = 0
    slug: str = ""
    #: When the newsroom last edited it (a living mirror's edits); None: never.
    modified: datetime | None = None

    @property
    def generated(self) -> bool:
        return self.case is None


@dataclass(frozen=True, slots=True)
class SiteCatalogue:
    """One site's articles, newest first, and what generating and faking them needs."""

    site: Site
    articles: tuple[MirroredArticle, ...]
    cases: dict[Path, FixtureCase]
    template: ArticleTemplate | None
    #: Site URL of an article-shaped page that does not exist; None without any fixture.
    missing_url: str | None
    #: The article listings link through ``redirect_url``, an old URL of it that answers
    #: 301 (its slug with ``-2``, as after a headline edit); None without articles.
    redirect_target: MirroredArticle | None
    redirect_url: str | None
    #: The article that answers 500 the first time it is asked for.
    flaky: MirroredArticle | None


class Catalogue:
    """Every site's articles; built by :func:`build_catalogue`."""

    def __init__(self, sites: Sequence[SiteCatalogue], notes: Sequence[str] = ()) -> None:
        self._sites = {s.site.key: s for s in sites}
        #: Why a site has fewer articles than asked (no fixture to generate from).
        self.notes = tuple(notes)

    @property
    def sites(self) -> tuple[Site, ...]:
        return tuple(s.site for s in self._sites.values())

    @property
    def articles(self) -> tuple[MirroredArticle, ...]:
        return tuple(e for s in self._sites.values() for e in s.articles)

    def site(self, key: str) -> SiteCatalogue:
        return self._sites[key]

    def case(self, entry: MirroredArticle) -> FixtureCase:
        if entry.case is None:
            raise ValueError(f"{entry.url} is a generated article")
        return self._sites[entry.site].cases[entry.case]

    def paragraphs(self, entry: MirroredArticle) -> list[str]:
        """The body paragraphs of an article (as the fixture's output.json has them)."""
        if entry.number is None:
            return list(self.case(entry).paragraphs)
        return words.paragraphs(entry.site, entry.number)


def _fixture_entry(case: FixtureCase) -> MirroredArticle:
    urls = tuple(without_tracking(page.url) for page in case.pages)
    return MirroredArticle(case.site, urls[0], urls, case.folder, case.title, case.published)


def generated_entry(
    site: Site, shape: UrlShape, number: int, title: str, when: datetime, taken: set[str]
) -> MirroredArticle:
    """Generated article ``number`` (negative: published by a living mirror, -1 first);
    :class:`MirrorError` when its URL is not the site's article shape or is taken."""
    top = 10 ** shape.id_width() - 1
    # Ids fall by three an article; a living mirror's take the ones in between.
    article_id = (top - 3 * number if number >= 0 else top + 3 * number + 1) if shape.old_id else 0
    slug = words.slugify(title)
    url = shape.url_for(slug, article_id, when)
    if not site.is_article_url(url):
        raise MirrorError(f"{site.key}: generated URL {url} does not match its article_pattern")
    if url in taken:
        raise MirrorError(f"{site.key}: generated URL {url} is taken")
    return MirroredArticle(site.key, url, (url,), None, title, when, number, article_id, slug)


def _generated(
    site: Site, template: ArticleTemplate, count: int, taken: set[str]
) -> list[MirroredArticle]:
    return [
        generated_entry(site, template.shape, number, title, generated_when(number), taken)
        for number, title in enumerate(words.headlines(site.key, count))
    ]


def _missing_url(shapes: Sequence[UrlShape]) -> str | None:
    """A URL of the site's shape that no article has: the lowest id, a slug of its own."""
    if not shapes:
        return None
    shape = shapes[0]
    article_id = 10 ** (shape.id_width() - 1) if shape.old_id else 0
    return shape.url_for(MISSING_SLUG, article_id, EPOCH - timedelta(days=1))


def _fault_targets(
    entries: Sequence[MirroredArticle],
) -> tuple[MirroredArticle | None, MirroredArticle | None]:
    """The redirected and the flaky article: among the newest, on listing page 1 where
    crawlers start, but not the newest itself. The redirected one has a single page, so that
    a recrawl that meets the old URL does not refetch later pages to find it known."""
    if not entries:
        return None, None
    singles = [e for e in entries[1:] if len(e.page_urls) == 1]
    target = singles[0] if singles else entries[min(1, len(entries) - 1)]
    others = [e for e in (*entries[2:], *entries[:2]) if e is not target]
    return target, others[0] if others else None


def _alias_url(entry: MirroredArticle, taken: set[str]) -> str:
    """An old, article-shaped URL of ``entry``; ``/go/1`` when its URL has no slug."""
    split = urlsplit(entry.url)
    fallback = f"{split.scheme}://{split.netloc}/go/1"
    try:
        slug = UrlShape.from_url(entry.url, entry.title).old_slug
    except ShapeError:
        return fallback
    alias = urlunsplit(split._replace(path=split.path.replace(slug, f"{slug}-2", 1)))
    return fallback if alias in taken else alias


def _site_catalogue(site: Site, root: Path, articles: int, notes: list[str]) -> SiteCatalogue:
    cases = site_cases(root, site.key)
    entries = [_fixture_entry(case) for case in cases]
    template = site_template(site, cases)
    wanted = articles - len(entries)
    if wanted > 0:
        if template is None:
            notes.append(f"{site.key}: no single-page fixture to generate articles from")
        else:
            entries += _generated(site, template, wanted, {e.url for e in entries})
    shapes: list[UrlShape] = [template.shape] if template else []
    for case in cases:
        try:
            shapes.append(UrlShape.from_url(case.pages[0].url, case.title))
        except ShapeError:
            continue
    entries.sort(key=lambda e: (e.published, e.url), reverse=True)
    target, flaky = _fault_targets(entries)
    taken = {url for e in entries for url in e.page_urls}
    return SiteCatalogue(
        site=site,
        articles=tuple(entries),
        cases={case.folder: case for case in cases},
        template=template,
        missing_url=_missing_url(shapes),
        redirect_target=target,
        redirect_url=_alias_url(target, taken) if target else None,
        flaky=flaky,
    )


def build_catalogue(
    articles_per_site: int = 0,
    *,
    registry: Registry | None = None,
    fixtures: Path | None = None,
) -> Catalogue:
    """Every registered site's fixture articles, topped up with generated ones to
    ``articles_per_site``; :class:`MirrorError` when the fixtures cannot be read."""
    root = fixtures_folder(fixtures)
    notes: list[str] = []
    sites = [
        _site_catalogue(site, root, articles_per_site, notes)
        for site in (registry if registry is not None else load_registry())
    ]
    return Catalogue(sites, notes)
