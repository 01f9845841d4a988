"""Scrapy's robots.txt middleware, reading the robots.txt the spider fetches for its
``Sitemap:`` lines instead of fetching it a second time.

Scrapy fetches a host's robots.txt itself before the host's first request, and the spider's
own request for it (discovery, :mod:`jambicrawl.spiders.news`) then fetched it again: two
downloads and two WARC records of the same file in every crawl. Here the spider's request,
when it is the host's first, is the fetch whose answer Scrapy's middleware parses; the other
requests to the host wait for it, as they wait for Scrapy's own. It is a discovery document,
so a re-crawl revalidates it (:mod:`jambicrawl.downloading.conditional`). Any other first request
to a host makes Scrapy fetch robots.txt as before.

It uses the base class's private parser table and its ``_parse_robots`` and
``_robots_error`` (Scrapy 2.13 to 2.19): one place to mend if they change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from jambicrawl.downloading.conditional import DOCUMENT_META

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

#: Request meta key: this request fetches robots.txt for the host (netloc) it names. Kept
#: by the copies that retries and redirects make, which are the same fetch.
FETCHES_ROBOTS_META = "jambicrawl_fetches_robots"


class RobotsTxtOnce(RobotsTxtMiddleware):
    # Without the ``spider`` argument Scrapy 2.13+ deprecates (its own keeps it, optional).
    async def process_request(self, request: Request) -> None:  # type: ignore[override]
        if request.meta.get(FETCHES_ROBOTS_META):
            return  # robots.txt itself is never checked against itself
        if request.meta.get(DOCUMENT_META) and urlparse_cached(request).path == "/robots.txt":
            netloc = urlparse_cached(request).netloc
            if netloc not in self._parsers:
                self._parsers[netloc] = Deferred()
                request.meta[FETCHES_ROBOTS_META] = netloc
                return
        await super().process_request(request)

    async def process_response(self, request: Request, response: Response) -> Response:
        netloc = self._waiting_for(request)
        if netloc is not None:
            self._stats.inc_value("robotstxt/request_count")
            await self._parse_robots(response, netloc, request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        netloc = self._waiting_for(request)
        if netloc is not None:
            self._stats.inc_value("robotstxt/request_count")
            self._robots_error(exception, netloc)  # Scrapy's answer: every URL allowed

    def _waiting_for(self, request: Request) -> str | None:
        """The host whose requests wait for this response, None when it is not robots.txt's
        fetch or it was answered already."""
        netloc = request.meta.get(FETCHES_ROBOTS_META)
        if isinstance(netloc, str) and isinstance(self._parsers.get(netloc), Deferred):
            return netloc
        return None
