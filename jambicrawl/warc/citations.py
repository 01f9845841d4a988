"""The citation of a capture, from the request that asks for it to the Article that cites it.

One :class:`Citations` per crawler (:meth:`Citations.from_crawler`) is handed to everything
that takes part: the spider marks the requests whose responses an Article will cite
(``CITE_META``), the archiving extension decides their record ID when it archives them and
learns the file once the writer has written it, :func:`citation_of` reads the decided
record back off the response for the page object, and the extract pipeline waits for the
file name (:meth:`Citations.warc_file`).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from jambicrawl.items import Capture
from jambicrawl.warc.records import warc_date

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from jambicrawl.warc.exchange import Exchange

#: Request meta key: set it to have the response's record cited (``CITED_RECORD_META`` is set).
CITE_META = "jambicrawl_cite"
#: Response meta key: ``record_id``, ``warc_date`` and ``payload_digest`` of the record to cite.
CITED_RECORD_META = "jambicrawl_cited_record"

_OF_CRAWLER: WeakKeyDictionary[Crawler, Citations] = WeakKeyDictionary()


class Citations:
    """Record ID -> the WARC file it is written to, for the records that will be cited."""

    def __init__(self) -> None:
        self._files: dict[str, Future[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Citations:
        """The crawler's one :class:`Citations`, made on first ask."""
        found = _OF_CRAWLER.get(crawler)
        if found is None:
            found = _OF_CRAWLER[crawler] = cls()
        return found

    def will_cite(self, request: Request, exchange: Exchange) -> Future[str] | None:
        """When ``request`` asked to be cited: its exchange's record noted on the request
        (and so on its response), and the future the writer sets to the file's name."""
        if not request.meta.get(CITE_META):
            return None
        written = self._files[exchange.record_id] = Future()
        request.meta[CITED_RECORD_META] = {
            "record_id": exchange.record_id,
            "warc_date": warc_date(exchange.started),
            "payload_digest": exchange.payload_digest,
        }
        return written

    @staticmethod
    def not_written(written: Future[str] | None) -> None:
        """The exchange will not be archived: its Article cites no file, and does not wait."""
        if written is not None and not written.done():
            written.set_result("")

    async def warc_file(self, record_id: str) -> str:
        """The file the WARC writer put a record in, once it has ("" when unknown: the
        archiving extension is off, or the record was written before a resume)."""
        future = self._files.pop(record_id, None) if record_id else None
        return await asyncio.wrap_future(future) if future is not None else ""


def citation_of(response: Response) -> tuple[datetime, Capture]:
    """When a response was archived, and its citation: the WARC record the archiving
    extension decided, dated as the record is (a replay of the archive then picks the same
    parser version and anchors relative dates alike); now, and no record, otherwise."""
    archived = response.meta.get(CITED_RECORD_META)
    if not archived:
        now = datetime.now(UTC).replace(microsecond=0)
        return now, Capture(url=response.url, captured_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    captured_at = datetime.strptime(archived["warc_date"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    capture = Capture(
        url=response.url,
        captured_at=archived["warc_date"],
        record_id=archived["record_id"],
        payload_digest=archived["payload_digest"],
    )
    return captured_at, capture
