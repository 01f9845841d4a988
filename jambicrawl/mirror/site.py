"""One mirrored site: its robots.txt, sitemaps, feeds, listings and article pages.

Three faults per site, so that crawlers meet them offline too (the catalogue picks the
articles among the newest, on listing page 1; their mirror URLs are in
:attr:`SiteMirror.faults`):

- an old URL of one article (its slug with ``-2``, article-shaped) answers 301 to it, and
  every listing links that article through it;
- page 1 of every listing also links an article-shaped URL that answers 404 (a deleted
  article; the catalogue's ``missing_url``);
- another article answers 500 the first time it is asked for, 200 afterwards.

A living site (``living``: :mod:`jambicrawl.mirror.living`) publishes and edits as the
mirror's clock runs: its listings, sitemaps and feeds are those of the present step, and
every reply says when it last changed (``Reply.modified``, its Last-Modified).
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from jambicrawl.mirror import discovery, listings
from jambicrawl.mirror.catalogue import EPOCH
from jambicrawl.mirror.printed import DEFAULT_PRINTED
from jambicrawl.mirror.redesign import EVERY_ARTICLE_URL, KINDS, layout_of
from jambicrawl.mirror.replies import (
    HTML,
    RSS,
    TEXT,
    XML,
    Reply,
    not_found,
    redirect,
    server_error,
    text_reply,
)
from jambicrawl.registry.families import FAMILIES
from jambicrawl.registry.families.listings import PER_PAGE

if TYPE_CHECKING:
    from collections.abc import Callable

    from jambicrawl.mirror.catalogue import Catalogue, MirroredArticle, SiteCatalogue
    from jambicrawl.mirror.living import LivingSite, SiteState
    from jambicrawl.mirror.printed import PrintedFormat
    from jambicrawl.mirror.rewrite import HostRewriter

PageKey = tuple[str, str | None]


def page_key(path: str, query: str) -> PageKey:
    """An article page is its path plus its ``page`` parameter; utm_* and the rest do not
    matter (``?page=1`` is page 1)."""
    page = dict(parse_qsl(query)).get("page")
    return path, None if page in (None, "1") else page


@dataclass(frozen=True, slots=True)
class Faults:
    """Mirror URLs of a site's deliberate faults (None where the site has too few articles)."""

    redirect: str | None
    redirect_target: str | None
    missing: str | None
    flaky: str | None
    #: An article-shaped link on listing page 1 into the section robots.txt forbids.
    forbidden: str | None


class SiteMirror:
    """Answers requests for one site; paths are the site's own (without the host)."""

    def __init__(
        self,
        sc: SiteCatalogue,
        catalogue: Catalogue,
        link: Callable[[str], str],
        rewriter: HostRewriter,
        *,
        redesign: str | None = None,
        living: LivingSite | None = None,
    ) -> None:
        self.site = sc.site
        #: What the site has published and edited since the mirror started; None: nothing,
        #: it serves the catalogue as it is.
        self.living = living
        #: The kind of redesign its article pages are served with (mirror/redesign/), if any.
        self.redesign = redesign
        self._rewrite = KINDS[redesign] if redesign else None
        self._layout = layout_of(sc.site)
        self._entries = sc.articles
        #: Where a site URL is served: the mirror's path for it, or the URL itself.
        self.link = link
        self._catalogue = catalogue
        self._template = sc.template.with_literals(rewriter.text) if sc.template else None
        self._pages: dict[PageKey, tuple[MirroredArticle, int]] = {}
        for entry in self._entries:
            for number, url in enumerate(entry.page_urls):
                split = urlsplit(url)
                self._pages[page_key(split.path, split.query)] = (entry, number)
        # Fixture pages are rewritten once; they are the same bytes on every request.
        self._fixture_bodies = {
            (case.folder, n): (rewriter.bytes(page.body), page.content_type)
            for case in sc.cases.values()
            for n, page in enumerate(case.pages)
        }
        self._redirect_target = sc.redirect_target
        self._redirect_url = sc.redirect_url
        alias = urlsplit(sc.redirect_url or "")
        self._redirect_key = page_key(alias.path, alias.query) if sc.redirect_url else None
        self._flaky = sc.flaky
        self._flaky_failed = False
        self._lock = threading.Lock()
        self._missing = sc.missing_url
        # An article-shaped URL in the section robots.txt forbids, listed on page 1.
        self._forbidden = (
            self.site.base_url + discovery.DISALLOWED + urlsplit(self._entries[-1].url).path
            if self._entries
            else None
        )
        self._printed = self._listing_format()
        self._cache: dict[str, Reply] = {}
        self._cached_step = 0

    @property
    def state(self) -> SiteState | None:
        """The living site's present state; None for a site that does not change."""
        return self.living.state() if self.living else None

    @property
    def articles(self) -> tuple[MirroredArticle, ...]:
        """Every article, newest first, as it reads now."""
        state = self.state
        return state.articles if state else self._entries

    def _listing_format(self) -> PrintedFormat:
        """The site's own printed date with a time, as its article pages show it."""
        formats = self._template.printed if self._template else ()
        timed = [f for f in formats if any(field == "H" for field, _ in f.parts)]
        return timed[0] if timed else DEFAULT_PRINTED

    @property
    def faults(self) -> Faults:
        return Faults(
            redirect=self.link(self._redirect_url) if self._redirect_url else None,
            redirect_target=self.link(self._redirect_target.url) if self._redirect_target else None,
            missing=self.link(self._missing) if self._missing else None,
            flaky=self.link(self._flaky.url) if self._flaky else None,
            forbidden=self.link(self._forbidden) if self._forbidden else None,
        )

    # --- routing ----------------------------------------------------------------------

    def answer(self, path: str, query: str) -> Reply:
        state = self.state
        found = self._pages.get(page_key(path, query))
        if found is None and state and page_key(path, query)[1] is None:
            published = state.published.get(path)
            found = (published, 0) if published else None
        if found is not None:
            return self._article(*found)
        deleted = self._missing and path == urlsplit(self._missing).path
        if deleted and self._entries and self.redesign in EVERY_ARTICLE_URL:
            # A soft 404 answers every article-shaped URL, a deleted article's too.
            return self._article(self._entries[0], 0)
        if self._redirect_target is not None and page_key(path, query) == self._redirect_key:
            return redirect(self.link(self._redirect_target.url))
        if state and self._cached_step != state.step:
            # A living site's documents change at every step, and stay put between.
            self._cache, self._cached_step = {}, state.step
        cached = self._cache.get(path)
        if cached is None:
            cached = self._document(path)
            if cached is not None:
                self._cache[path] = cached  # same bytes every time; a race only recomputes
        reply = cached or self._listing(path, query)
        if reply is None:
            return not_found(path)
        return replace(reply, modified=state.moment) if state else reply

    def _document(self, path: str) -> Reply | None:
        """robots.txt, sitemaps, feeds and the home page: fixed for the server's life."""
        disc = self.site.discovery
        entries = self.articles
        if path == "/robots.txt":
            return text_reply(discovery.robots(self.site, self.link), TEXT)
        if path in disc.sitemaps:
            return text_reply(discovery.sitemap_index(self.site, self.link), XML)
        children = discovery.sitemap_children(self.site)
        if children and path in children:
            news = path == children[0]
            chosen = entries[: discovery.NEWEST] if news else entries[discovery.NEWEST :]
            return text_reply(discovery.urlset(self.site, chosen, self.link, news=news), XML)
        if path.rstrip("/") in {f.rstrip("/") for f in disc.feeds}:
            newest = entries[: discovery.NEWEST]
            summaries = [self._summary(e) for e in newest]
            return text_reply(discovery.rss(self.site, newest, summaries, self.link), RSS)
        if path == "/":
            return text_reply(self._home(), HTML)
        return None

    def _summary(self, entry: MirroredArticle) -> str:
        paragraphs = self._catalogue.paragraphs(entry)
        lead = paragraphs[0] if paragraphs else entry.title
        return lead if len(lead) <= 240 else lead[:237].rsplit(" ", 1)[0] + "..."

    def _home(self) -> str:
        home = self.site.base_url
        links = [(self.link(home + p), p) for p in self.site.discovery.listings]
        links += [(self.link(e.url), e.title) for e in self.articles[:PER_PAGE]]
        items = "".join(
            f'<li><a href="{html.escape(url)}">{html.escape(text)}</a></li>\n'
            for url, text in links
        )
        name = html.escape(self.site.name)
        return (
            f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>'
            f"{name}</title></head><body><h1>{name}</h1>\n"
            f"<ul>\n{items}</ul></body></html>\n"
        )

    # --- articles ---------------------------------------------------------------------

    def _article(self, entry: MirroredArticle, page: int) -> Reply:
        reply = self._article_reply(entry, page)
        if self._rewrite is not None and reply.status == 200:
            body = self._rewrite(reply.body, self._layout, datetime.now(UTC))
            reply = replace(reply, body=body, content_type=HTML)
        if self.living is None:
            return reply
        # Modified when last edited, or published since the mirror started, or else when
        # the mirror's clock started.
        version = self.living.state().versions.get(entry.url)
        changed = version and (version.modified or version.published)
        return replace(reply, modified=changed or self.living.started)

    def _article_reply(self, entry: MirroredArticle, page: int) -> Reply:
        if entry is self._flaky and page == 0:
            with self._lock:
                failed_before, self._flaky_failed = self._flaky_failed, True
            if not failed_before:
                return server_error(urlsplit(entry.url).path)
        if entry.case is not None:
            body, content_type = self._fixture_bodies[(entry.case, page)]
            return Reply(200, body, content_type, "gzip")
        if self._template is None or entry.number is None:  # cannot happen: generated
            return not_found(urlsplit(entry.url).path)
        state = self.state
        version = state.versions.get(entry.url) if state else None
        values = self._template.values(
            title=version.title if version else entry.title,
            path=urlsplit(entry.url).path,
            slug=entry.slug,
            article_id=entry.article_id,
            when=version.published if version else entry.published,
            paragraphs=version.paragraphs if version else self._catalogue.paragraphs(entry),
        )
        return Reply(200, self._template.render(values).encode("utf-8"), HTML, "gzip")

    # --- listings ---------------------------------------------------------------------

    def _listing(self, path: str, query: str) -> Reply | None:
        pager = FAMILIES[self.site.family].pager
        page_param = dict(parse_qsl(query)).get("page")
        for listing in self.site.discovery.listings:
            number = pager.number(listing, path, page_param)
            if number is not None:
                return self._listing_page(listing, number)
        return None

    def _listing_page(self, listing: str, page: int) -> Reply | None:
        size = PER_PAGE
        entries = self.articles
        last = max(1, -(-len(entries) // size))
        if page > last:
            return None
        home = self.site.base_url
        items = [self._listing_item(e) for e in entries[(page - 1) * size : page * size]]
        if page == 1 and self._missing:
            # The deleted article sits among the newest, dated like its neighbour.
            at = min(2, len(items))
            neighbour = items[at - 1].published if at else EPOCH
            title = "Pemprov Jambi Gelar Rapat Koordinasi Penanganan Karhutla"
            items.insert(at, listings.Item(self.link(self._missing), title, neighbour))
        if page == 1 and self._forbidden:
            # Dated like the last item: an old page a polite crawler still must not fetch.
            when = items[-1].published if items else EPOCH
            items.append(listings.Item(self.link(self._forbidden), "Arsip Internal", when))

        pager = FAMILIES[self.site.family].pager

        def url(n: int) -> str:
            return self.link(home + pager.target(listing, n))

        links = (
            url(page),
            url(page - 1) if page > 1 else None,
            url(page + 1) if page < last else None,
        )
        text = listings.render_listing(self.site, listing, page, items, links, self._printed)
        return text_reply(text, HTML, "chunked")

    def _listing_item(self, entry: MirroredArticle) -> listings.Item:
        href = self.link(entry.url)
        if entry is self._redirect_target and self._redirect_url:
            href = self.link(self._redirect_url)
        return listings.Item(href, entry.title, entry.published)
