"""Which archived pages are article pages, and of which site.

A registered site's page is an article when its canonical URL matches the site's article
pattern, as the spider decides before fetching it. A mirror crawl (its warcinfo has a
``mirror`` field) archived ``{mirror}/{host}/{path}``: the site and the pattern are those of
``{scheme}://{host}/{path}``, the scheme the site's entry says. Unregistered hosts have no
pattern: extraction decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from jambicrawl.normalize.urls import canonical_url
from jambicrawl.registry import GENERIC_SITE

if TYPE_CHECKING:
    from jambicrawl.items import Article
    from jambicrawl.registry import Registry, Site

#: Media types of pages; no Content-Type at all counts as HTML, as it does for the spider.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
#: An unregistered host's page is an article when extraction finds a title and at least
#: this many words of body (listing and index pages have less running text).
MIN_BODY_WORDS = 50


class SiteRules:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._schemes = {host: site.scheme for site in registry for host in site.hosts}

    def site_url(self, url: str, *, mirrored: bool) -> str:
        """The site URL an archived URL stands for (itself unless it is a mirror URL)."""
        if not mirrored:
            return url
        parts = urlsplit(url)
        host, _, path = parts.path.lstrip("/").partition("/")
        scheme = self._schemes.get(host.lower())
        if scheme is None:
            return url
        # The mirror's mapping (jambicrawl.mirror.urls), undone.
        return urlunsplit((scheme, host.lower(), "/" + path, parts.query, ""))

    def site_of(self, site_url: str) -> Site:
        return self.registry.for_url(site_url)

    def is_article(self, site: Site, site_url: str) -> bool | None:
        """Whether a registered site's URL is an article's; None for unregistered hosts."""
        if site.key == GENERIC_SITE.key:
            return None
        return site.is_article_url(canonical_url(site_url))


def looks_like_article(article: Article) -> bool:
    """For unregistered hosts: a title and a body of some length."""
    return bool(article.title) and len((article.body or "").split()) >= MIN_BODY_WORDS
