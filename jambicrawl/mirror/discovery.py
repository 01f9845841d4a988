"""robots.txt, sitemaps and RSS feeds of a mirrored site.

The sitemap index (the site's first ``discovery.sitemaps`` entry) points at a news sitemap
holding the newest articles and a web sitemap holding all the others, so that reading both
lists every article exactly once, the way a crawler meets them on Tribun's network.
"""

from __future__ import annotations

from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from jambicrawl.normalize.dates import site_zone
from jambicrawl.registry.families import FAMILIES

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from jambicrawl.mirror.catalogue import MirroredArticle
    from jambicrawl.registry.model import Site

#: Articles in a feed and in the news sitemap.
NEWEST = 20
#: A section robots.txt forbids: listings link an article-shaped page in it, which a polite
#: crawler never fetches.
DISALLOWED = "/internal"

_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def sitemap_children(site: Site) -> tuple[str, str] | None:
    """Paths of the news and web sitemaps the index lists; None without a sitemap."""
    if not site.discovery.sitemaps:
        return None
    return FAMILIES[site.family].sitemaps.children(site.discovery.sitemaps[0])


def robots(site: Site, link: Callable[[str], str]) -> str:
    """``link`` maps a site URL to where it is served (the mirror's path, or itself)."""
    lines = ["User-agent: *", f"Disallow: {DISALLOWED}/", "Allow: /"]
    lines += [f"Sitemap: {link(site.base_url + p)}" for p in site.discovery.sitemaps]
    return "\n".join(lines) + "\n"


def sitemap_index(site: Site, link: Callable[[str], str]) -> str:
    children = sitemap_children(site) or ()
    items = "".join(
        f"<sitemap><loc>{escape(link(site.base_url + p))}</loc></sitemap>\n" for p in children
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="{_SITEMAP_NS}">\n{items}</sitemapindex>\n'
    )


def urlset(
    site: Site, entries: Sequence[MirroredArticle], link: Callable[[str], str], *, news: bool
) -> str:
    """A sitemap of ``entries``; with Google News tags when ``news``."""
    items = []
    for entry in entries:
        loc = escape(link(entry.url))
        stamp = entry.published.isoformat()
        lastmod = entry.modified.isoformat() if entry.modified else stamp
        extra = (
            f"<news:news><news:publication><news:name>{escape(site.name)}</news:name>"
            "<news:language>id</news:language></news:publication>"
            f"<news:publication_date>{stamp}</news:publication_date>"
            f"<news:title>{escape(entry.title)}</news:title></news:news>"
            if news
            else ""
        )
        items.append(f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod>{extra}</url>\n")
    namespaces = f'xmlns="{_SITEMAP_NS}"' + (f' xmlns:news="{_NEWS_NS}"' if news else "")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {namespaces}>\n{"".join(items)}'
        "</urlset>\n"
    )


def rss(
    site: Site,
    entries: Sequence[MirroredArticle],
    summaries: Sequence[str],
    link: Callable[[str], str],
) -> str:
    """RSS 2.0 of the newest articles; ``summaries`` go with ``entries`` one to one."""
    home = link(site.base_url + "/")
    zone = site_zone(site.timezone)  # "+0700", as the sites print it
    items = []
    for entry, summary in zip(entries, summaries, strict=True):
        url = escape(link(entry.url))
        items.append(
            f"<item><title>{escape(entry.title)}</title><link>{url}</link>"
            f'<guid isPermaLink="true">{url}</guid>'
            f"<pubDate>{format_datetime(entry.published.astimezone(zone))}</pubDate>"
            f"<description>{escape(summary)}</description></item>\n"
        )
    built = format_datetime(entries[0].published.astimezone(zone)) if entries else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        f"<title>{escape(site.name)}</title><link>{escape(home)}</link>"
        f"<description>Berita terkini {escape(site.name)}</description>"
        f"<language>id</language><lastBuildDate>{built}</lastBuildDate>\n"
        f"{''.join(items)}</channel></rss>\n"
    )
