"""A Scrapy download handler that fetches every site from the offline mirror.

``crawl --mirror URL`` (and the demo), or ``-s JAMBICRAWL_MIRROR=URL`` with ``scrapy crawl``
(through :class:`MirrorAddon`, which the spiders add to ``ADDONS`` only then: other crawls
never import the mirror), install it for ``http`` and ``https``: a request for
``https://jambi.tribunnews.com/2026/...`` goes to the mirror's address with the site's host
in its ``Host`` header, and the mirror answers as the site would, links and all. So the
spider, the Articles, the state database and the WARC records carry the sites' own URLs;
only the warcinfo record says that the captures came from the mirror. Like pointing the
sites' names at the mirror, without touching DNS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES

from jambicrawl.downloading.handler import KeepAliveHandler

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

#: The setting naming the mirror's base URL (``http://127.0.0.1:PORT``).
MIRROR_SETTING = "JAMBICRAWL_MIRROR"
HANDLER = "jambicrawl.mirror.handler.MirrorDownloadHandler"


def mirror_settings(mirror: str) -> dict[str, object]:
    """The Scrapy settings to merge for a crawl of the mirror at ``mirror``."""
    return {
        MIRROR_SETTING: mirror,
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        # The mirror is ours and on loopback: no need to be gentle.
        "AUTOTHROTTLE_ENABLED": False,
        # The warcinfo of every WARC file says these are not captures of the live sites.
        "WARC_MIRROR": True,
    }


class MirrorAddon:
    """With ``JAMBICRAWL_MIRROR`` set, the crawl fetches from the mirror (the spiders'
    ``update_settings`` add this add-on to ``ADDONS`` then)."""

    def update_settings(self, settings: BaseSettings) -> None:
        mirror = settings.get(MIRROR_SETTING)
        if not mirror:
            return
        # Over the project's defaults (add-ons rank below them), under what the user set.
        project = SETTINGS_PRIORITIES["project"]
        for name, value in mirror_settings(mirror).items():
            if (settings.getpriority(name) or 0) <= project:
                settings.set(name, value, project)


class MirrorDownloadHandler(KeepAliveHandler):
    """Scrapy's HTTP/1.1 handler, connecting to the mirror whatever the URL's host."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        mirror = crawler.settings.get(MIRROR_SETTING)
        if not mirror:
            raise NotConfigured(f"{MIRROR_SETTING} is not set")
        parts = urlsplit(mirror)
        self._mirror = (parts.scheme, parts.netloc)

    async def download_request(self, request: Request) -> Response:
        site = urlsplit(request.url)
        to_mirror = urlunsplit((*self._mirror, site.path or "/", site.query, ""))
        headers = request.headers.copy()
        headers[b"Host"] = site.netloc.encode("ascii")
        response = await super().download_request(request.replace(url=to_mirror, headers=headers))
        return response.replace(url=request.url)
