"""A Scrapy download handler that serves responses from a WARC archive, never the network.

``crawl SITE --from-archive ARCHIVE`` merges :func:`archive_settings`: this handler takes
the ``http`` and ``https`` schemes, so the spider, its middlewares and the pipelines run as
they do live while every response comes from the archive's CDXJ index. A URL the archive
does not hold fails with :class:`NotInArchive`: counted (``replay/not_in_archive``),
logged as "not in archive", and handed to the request's errback like a failed download.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.utils.asyncio import run_in_thread

from jambicrawl.replay.cdxj import ArchiveIndex
from jambicrawl.replay.reader import RecordError

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

#: The setting naming the archive (a folder of WARC files, or one WARC file).
ARCHIVE_SETTING = "JAMBICRAWL_FROM_ARCHIVE"
HANDLER = "jambicrawl.replay.handler.ArchiveDownloadHandler"


def archive_settings(archive: Path) -> dict[str, object]:
    """The Scrapy settings to merge for a crawl served from ``archive``."""
    return {
        ARCHIVE_SETTING: str(archive),
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        # Served responses are not new captures: archiving them again would duplicate them.
        "WARC_ENABLED": False,
        # Nobody to be polite to, and asking again gives the same recorded answer.
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "RETRY_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
    }


class NotInArchive(IgnoreRequest):
    """The archive holds no capture of the requested URL."""


class UnreadableCapture(IgnoreRequest):
    """The archive's capture of the URL cannot be read back."""


class ArchiveDownloadHandler(BaseDownloadHandler):
    """Answers each request with the archive's capture of its URL."""

    lazy = False  # build the index when the crawl starts, not on its first request

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        archive = crawler.settings.get(ARCHIVE_SETTING)
        if not archive:
            raise NotConfigured(f"{ARCHIVE_SETTING} is not set")
        path = Path(archive)
        if not path.exists():
            raise NotConfigured(f"{ARCHIVE_SETTING}: no such file or folder: {path}")
        self.index = ArchiveIndex.open(path)
        logger.info("Serving responses from %s (%d captures indexed)", path, len(self.index))

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"replay/{key}")

    async def download_request(self, request: Request) -> Response:
        entry = self.index.lookup(request.url)
        if entry is None:
            self._count("not_in_archive")
            logger.warning("not in archive: %s", request.url)
            raise NotInArchive(f"not in archive: {request.url}")
        try:
            recorded = await run_in_thread(self.index.response, entry)
        except RecordError as exc:
            self._count("unreadable")
            logger.error("unreadable in archive: %s (%s)", request.url, exc)
            raise UnreadableCapture(f"unreadable in archive: {request.url} ({exc})") from None
        self._count("served")
        return self._response(request, recorded.status, recorded.headers, recorded.body)

    @staticmethod
    def _response(
        request: Request,
        status: int,
        header_list: list[tuple[str, str]],
        body: bytes,
    ) -> Response:
        headers = Headers()
        for name, value in header_list:
            headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        # "cached": served from a store, not downloaded (the WARC extension skips these).
        return cls(
            url=request.url,
            status=status,
            headers=headers,
            body=body,
            flags=["cached", "archive"],
            request=request,
            protocol="HTTP/1.1",
        )
