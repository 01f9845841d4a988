"""Which site a mirror request is for.

Two ways in: ``{base}/{host}/path`` for people and tools that browse the mirror (every link
rewritten to stay on it), and the site's own URL, the request naming the site's host in its
``Host`` header, as a crawler's download handler sends it (pages exactly as the site would
serve them, links and all).
"""

from __future__ import annotations

import html
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jambicrawl.mirror.replies import HTML, TEXT, Reply, not_found, redirect, text_reply
from jambicrawl.mirror.rewrite import HostRewriter
from jambicrawl.mirror.site import SiteMirror
from jambicrawl.mirror.urls import to_mirror

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jambicrawl.mirror.catalogue import Catalogue
    from jambicrawl.mirror.living import LivingMirror

ROOT_ROBOTS = "User-agent: *\nAllow: /\n"


def _unchanged(url: str) -> str:
    return url


class Mirror:
    """Every site of a catalogue, served under ``{base}/{host}/``; or, ``as_sites``, each
    under its own host name, unchanged; the article pages of the sites ``redesigns`` names
    served redesigned (site key to kind, mirror/redesign/); ``living``: what the sites
    publish and edit as its clock runs (None: they stay as the catalogue has them)."""

    def __init__(
        self,
        catalogue: Catalogue,
        base: str,
        redesigns: Mapping[str, str] | None = None,
        *,
        as_sites: bool = False,
        living: LivingMirror | None = None,
    ) -> None:
        self.base = base.rstrip("/")
        hosts = [host for site in catalogue.sites for host in site.hosts]
        rewriter = HostRewriter(() if as_sites else hosts, self.base)
        link = _unchanged if as_sites else partial(to_mirror, mirror=self.base)
        self.sites = {
            site.key: SiteMirror(
                catalogue.site(site.key),
                catalogue,
                link,
                rewriter,
                redesign=(redesigns or {}).get(site.key),
                living=living.sites[site.key] if living else None,
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

    def serves(self, host: str) -> bool:
        return host.lower() in self._by_host

    def answer_as_site(self, host: str, target: str) -> Reply:
        """The reply to a request for ``target`` on the site named by ``host``."""
        split = urlsplit(target)
        return self._by_host[host.lower()].answer(split.path or "/", split.query)

    def _index(self) -> str:
        rows = "".join(
            f'<li><a href="{self.base}/{m.site.hosts[0]}/">{html.escape(m.site.name)}</a> '
            f"({len(m.articles)} artikel)</li>\n"
            for m in self.sites.values()
        )
        return (
            '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
            "<title>jambicrawl mirror</title></head><body><h1>jambicrawl mirror</h1>\n"
            f"<ul>\n{rows}</ul></body></html>\n"
        )
