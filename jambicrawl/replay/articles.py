"""The Articles of an archive: what a live crawl made of the same responses.

Each capture of an article's first page gives one Article. Its later pages are those page 1
links (``later_page_urls``), each taken from the capture nearest in time, and the capture's
``WARC-Date`` is the page's capture time, which picks the parser version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from jambicrawl.normalize.urls import canonical_url, page_number
from jambicrawl.normalize.window import DateWindow
from jambicrawl.pages import ExtractionError, PageResponse, extract_pages
from jambicrawl.pages.paging import later_page_urls
from jambicrawl.pages.response import ParsedPage
from jambicrawl.pipelines.guard import judge
from jambicrawl.replay.discovered import discovered_in
from jambicrawl.replay.problems import RecordProblem
from jambicrawl.replay.provenance import capture_of
from jambicrawl.replay.reader import RecordError
from jambicrawl.replay.sites import HTML_TYPES, SiteRules, looks_like_article

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jambicrawl.items import Article
    from jambicrawl.pages.fields.dating import Discovered
    from jambicrawl.registry import Registry, Site
    from jambicrawl.replay.scan import Archived, ArchiveScan


def warc_datetime(warc_date: str) -> datetime | None:
    """``WARC-Date`` (to the second, or finer in WARC/1.1) as an aware UTC datetime."""
    try:
        value = datetime.fromisoformat(warc_date.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Window:
    """Which Articles to keep: a site key, and a publication window (as ``crawl`` has it:
    an article without a publication date is kept)."""

    site: str | None = None
    dates: DateWindow = field(default_factory=DateWindow)

    def keeps(self, article: Article) -> bool:
        return self.dates.keeps_text(article.date_published)


@dataclass(frozen=True, slots=True)
class _Page:
    capture: Archived
    #: The URL as archived, which the Article's ``url`` keeps.
    url: str
    site: Site
    is_article: bool | None
    when: datetime | None


@dataclass(slots=True)
class Replay:
    """Articles out of a :class:`ArchiveScan`; counts what it did."""

    scan: ArchiveScan
    registry: Registry
    window: Window = field(default_factory=Window)
    #: Pages extracted (every page of every Article written).
    #: Also the Articles the version guard holds back (flagged ``held_back``).
    include_flagged: bool = False
    pages: int = 0
    articles: int = 0
    #: Captures held back as worse than the article's earlier capture.
    held: int = 0
    #: Per canonical URL, the last capture's Article that was not held back.
    _latest: dict[str, Article] = field(default_factory=dict)
    _discovered: dict[str, Discovered] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Article | RecordProblem]:
        self._discovered = discovered_in(self.scan)
        pages = self._html_pages()
        by_url: dict[str, list[_Page]] = {}
        numbered: set[str] = set()
        for page in pages:
            by_url.setdefault(page.url, []).append(page)
            if page_number(page.url) is not None:
                numbered.add(canonical_url(page.url))
        for page in pages:
            if page_number(page.url) is not None or page.is_article is False:
                continue
            if self.window.site is not None and page.site.key != self.window.site:
                continue
            article, problems = self._article(page, by_url, numbered)
            yield from problems
            if article is None or (page.is_article is None and not looks_like_article(article)):
                continue
            if self.window.keeps(article) and self._current(article):
                self.articles += 1
                self.pages += len(article.captures)
                yield article

    def _current(self, article: Article) -> bool:
        """Flag ``article`` against the last capture of the same article that was not held
        back, as the crawl's version guard does (pipelines/guard.py); False when it is held
        back and ``include_flagged`` is not set."""
        held = judge(article, self._latest.get(article.canonical_url))
        if not held:
            self._latest[article.canonical_url] = article
        else:
            self.held += 1
        return self.include_flagged or not held

    def _html_pages(self) -> list[_Page]:
        rules = SiteRules(self.registry)
        pages = []
        for capture in self.scan.captures:
            if capture.status != 200 or capture.mime not in HTML_TYPES:
                continue
            url = capture.record.uri
            mirrored = "mirror" in self.scan.warcinfo(capture.record.file)
            site_url = rules.site_url(url, mirrored=mirrored)
            site = rules.site_of(site_url)
            when = warc_datetime(capture.record.date)
            pages.append(_Page(capture, url, site, rules.is_article(site, site_url), when))
        return pages

    def _response(self, page: _Page) -> PageResponse:
        response = self.scan.response(page.capture)
        return PageResponse(
            url=page.url,
            body=response.body,
            headers=response.header_dict(),
            status=response.status,
            captured_at=page.when,
            capture=capture_of(page.capture.record),
        )

    def _article(
        self, first: _Page, by_url: dict[str, list[_Page]], numbered: set[str]
    ) -> tuple[Article | None, list[RecordProblem]]:
        try:
            responses = [self._response(first)]
        except RecordError as exc:
            return None, [_problem(first, str(exc))]
        used, problems = [first], []
        # Parsing page 1 for its pager is only worth it when a later page was archived.
        for url in self._later_urls(responses[0]) if canonical_url(first.url) in numbered else []:
            page = _nearest(by_url.get(url, []), first.when)
            if page is None:
                break  # the crawl stops at the first page it cannot fetch, and so does replay
            try:
                responses.append(self._response(page))
            except RecordError as exc:
                problems.append(_problem(page, str(exc)))
                break
            used.append(page)
        try:
            discovered = self._discovered.get(canonical_url(first.url))
            article = extract_pages(
                responses, first.site, registry=self.registry, discovered=discovered
            )
        except ExtractionError as exc:
            if first.is_article is None:
                return None, problems  # an unregistered host's page that is no article
            return None, [*problems, _problem(first, f"{first.url}: no article: {exc}")]
        return article, problems

    @staticmethod
    def _later_urls(response: PageResponse) -> list[str]:
        try:
            response.parsed = ParsedPage(response)  # extraction then reads the same tree
        except ExtractionError:
            return []
        return later_page_urls(response.parsed.root, response.url)


def _nearest(pages: list[_Page], when: datetime | None) -> _Page | None:
    """The capture closest in time to page 1's (the same crawl, when there were several)."""
    if not pages or when is None:
        return pages[0] if pages else None
    return min(pages, key=lambda p: abs((p.when or when) - when))


def _problem(page: _Page, reason: str) -> RecordProblem:
    record = page.capture.record
    return RecordProblem(str(record.file), record.offset, reason)
