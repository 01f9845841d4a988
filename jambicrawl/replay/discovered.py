"""What the archived sitemaps and feeds said of each article: the evidence for its date
that a live crawl takes from the entry that led to the article, read back from the WARC
files, so that a replay weighs the same evidence years later."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from jambicrawl.normalize.urls import canonical_url
from jambicrawl.pages.fields.dating import Discovered
from jambicrawl.replay.reader import RecordError

if TYPE_CHECKING:
    from jambicrawl.replay.scan import ArchiveScan

#: Media types of sitemaps and feeds.
XML_TYPES = frozenset({
    "application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
    "application/x-gzip", "application/gzip",
})  # fmt: skip


def discovered_in(scan: ArchiveScan) -> dict[str, Discovered]:
    """Per canonical URL, the publication time and ``lastmod`` the archived sitemaps and
    feeds give it: the first value of each found, in archive order."""
    # Here, not at the top: the spiders package loads Scrapy, which the main process of a
    # crawl never imports (it imports the commands, replay's among them).
    from jambicrawl.spiders.discovery import feed_links, sitemap_entries

    found: dict[str, Discovered] = {}
    for capture in scan.captures:
        if capture.status != 200 or capture.mime not in XML_TYPES:
            continue
        try:
            body = scan.response(capture).body
        except RecordError:
            continue  # reported where the page itself is read, if it is one
        links = sitemap_entries(body)[0] or feed_links(body)
        for link in links:
            if link.discovered is None:
                continue
            key = canonical_url(link.url)
            known = found.get(key, Discovered())
            found[key] = replace(
                known,
                published=known.published or link.discovered.published,
                modified=known.modified or link.discovered.modified,
            )
    return found
