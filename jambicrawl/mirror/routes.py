"""Which site a mirror request is for: the first path segment names the host."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jambicrawl.mirror.replies import HTML, TEXT, Reply, not_found, redirect, text_reply
from jambicrawl.mirror.rewrite import HostRewriter
from jambicrawl.mirror.site import SiteMirror

if TYPE_CHECKING:
    from collections.abc import Collection

    from jambicrawl.mirror.catalogue import Catalogue

ROOT_ROBOTS = "User-agent: *\nAllow: /\n"


class Mirror:
    """Every site of a catalogue, served under ``{base}/{host}/``."""

    def __init__(
        self, catalogue: Catalogue, base: str, changed_layout: Collection[str] = ()
    ) -> None:
        self.base = base.rstrip("/")
        hosts = [host for site in catalogue.sites for host in site.hosts]
        rewriter = HostRewriter(hosts, self.base)
        self.sites = {
            site.key: SiteMirror(
                catalogue.site(site.key),
                catalogue,
                self.base,
                rewriter,
                changed_layout=site.key in changed_layout,
            )
            for site in catalogue.sites
        }
        # Every host of a site answers (links in pages use them all); URLs the mirror
        # makes itself use the first.
        self._by_host = {
            host: mirrored for mirrored in self.sites.values() for host in mirrored.site.hosts
        }

    def answer(self, target: str) -> Reply:
        """The reply to a request target (``/host/path?query``, or an absolute URL)."""
        split = urlsplit(target)
        path = split.path or "/"
        if path == "/robots.txt":
            return text_reply(ROOT_ROBOTS, TEXT)
        if path == "/":
            return text_reply(self._index(), HTML)
        host, slash, rest = path[1:].partition("/")
        site = self._by_host.get(host.lower())
        if site is None:
            return not_found(path)
        if not slash:
            return redirect(f"{self.base}/{host}/")
        return site.answer("/" + rest, split.query)

    def _index(self) -> str:
        rows = "".join(
            f'<li><a href="{self.base}/{m.site.hosts[0]}/">{html.escape(m.site.name)}</a> '
            f"({len(m.entries)} artikel)</li>\n"
            for m in self.sites.values()
        )
        return (
            '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
            "<title>jambicrawl mirror</title></head><body><h1>jambicrawl mirror</h1>\n"
            f"<ul>\n{rows}</ul></body></html>\n"
        )
