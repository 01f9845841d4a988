"""WARC records for one exchange: response or revisit, request, metadata; and warcinfo.

Every record is WARC/1.0 (warcio's default, what Heritrix and pywb expect), with warcio's one
digest scheme, ``sha1:`` + base32.
"""

from __future__ import annotations

import uuid
import zlib
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from jambicrawl.warc.blocks import request_block, response_block

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import datetime

    from jambicrawl.state.digests import ArchivedPayload
    from jambicrawl.warc.exchange import Exchange

WARC_VERSION = "WARC/1.0"
#: The revisit profile of a 304 Not Modified (WARC 1.1, 6.7.3; the 1.0 URI, as warcio's
#: identical-payload-digest one is for WARC/1.0 files).
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.0/revisit/server-not-modified"
# Builds records only; it keeps no state between them, so writer threads may share it.
_BUILDER = WARCWriter(None, gzip=True, warc_version=WARC_VERSION)
# zlib's window with a gzip header and trailer: one complete gzip member per call.
_GZIP_WBITS = 16 + zlib.MAX_WBITS


class _RawHttpHeaders(StatusAndHeaders):  # type: ignore[misc]  # warcio has no type hints
    """HTTP headers whose bytes are written as given.

    warcio would percent-encode non-ASCII header values; the archive keeps what was sent.
    """

    def __init__(self, raw: bytes) -> None:
        first, *lines = raw.decode("latin-1").split("\r\n")
        protocol, _, statusline = first.partition(" ")
        headers = [tuple(line.split(": ", 1)) for line in lines if ": " in line]
        super().__init__(statusline, headers, protocol=protocol)
        self.raw_block = raw
        self.headers_buff = raw

    def compute_headers_buffer(self, header_filter: Any = None) -> None:
        self.headers_buff = self.raw_block


@dataclass(frozen=True, slots=True)
class ExchangeRecords:
    """The records of one exchange, in the order they are written."""

    records: list[Any]
    #: ``WARC-Record-ID`` of the response or revisit record.
    record_id: str
    #: ``WARC-Date`` shared by all the records.
    warc_date: str
    is_revisit: bool


def warc_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _fields(items: Iterable[tuple[str, str]]) -> bytes:
    lines = (f"{name}: {' '.join(value.split())}\r\n" for name, value in items if value)
    return "".join(lines).encode("utf-8")


def metadata_fields(exchange: Exchange, outlinks: Iterable[tuple[str, str, str]]) -> bytes:
    """Heritrix-style ``application/warc-fields``: via, hops, fetch time, outlinks."""
    items = [
        ("via", exchange.via or ""),
        ("hops", str(exchange.hops)),
        ("fetchTimeMs", str(exchange.fetch_time_ms)),
    ]
    items += [("outlink", f"{url} {hop} {context}") for url, hop, context in outlinks]
    return _fields(items)


def metadata_record(
    exchange: Exchange, main_id: str, outlinks: Iterable[tuple[str, str, str]]
) -> Any:
    """The metadata record of the response ``main_id``, dated as it is."""
    fields = metadata_fields(exchange, outlinks)
    return _BUILDER.create_warc_record(
        exchange.url,
        "metadata",
        payload=BytesIO(fields),
        length=len(fields),
        warc_content_type="application/warc-fields",
        warc_headers_dict=_warc_headers("metadata", exchange, {"WARC-Concurrent-To": main_id}),
    )


def _warc_headers(
    kind: str, exchange: Exchange, extra: Mapping[str, str | None], record_id: str | None = None
) -> dict[str, str]:
    """WARC headers in Heritrix's order: type, id, URI, date, then the rest."""
    headers = {
        "WARC-Type": kind,
        "WARC-Record-ID": record_id or f"<urn:uuid:{uuid.uuid4()}>",
        "WARC-Target-URI": exchange.url,
        "WARC-Date": warc_date(exchange.started),
    }
    if exchange.ip_address:
        headers["WARC-IP-Address"] = exchange.ip_address
    headers.update((name, value) for name, value in extra.items() if value)
    return headers


def exchange_records(
    exchange: Exchange,
    digest: str,
    original: ArchivedPayload | None,
    outlinks: Iterable[tuple[str, str, str]],
    *,
    metadata: bool = True,
    not_modified_request: bool = True,
) -> ExchangeRecords:
    """Records for an exchange; a revisit instead of a response when ``original`` is set.
    A metadata record follows a response when ``metadata`` is set (never a revisit); a
    request record follows each, a 304's revisit only when ``not_modified_request`` is."""
    block, protocol = response_block(exchange)
    if original is not None and exchange.not_modified_of is not None:
        main = _not_modified_revisit(exchange, original, protocol)
    elif original is not None:
        main = _BUILDER.create_revisit_record(
            exchange.url,
            digest,
            original.uri,
            original.warc_date,
            http_headers=_RawHttpHeaders(block),
            warc_headers_dict=_warc_headers(
                "revisit",
                exchange,
                {"WARC-Protocol": protocol, "WARC-Refers-To": original.record_id},
                exchange.record_id,
            ),
        )
    else:
        main = _BUILDER.create_warc_record(
            exchange.url,
            "response",
            payload=BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=_RawHttpHeaders(block),
            warc_headers_dict=_warc_headers(
                "response",
                exchange,
                {
                    "WARC-Protocol": protocol,
                    "WARC-Truncated": exchange.truncated,
                    "WARC-Payload-Digest": digest,
                },
                exchange.record_id,
            ),
        )
    headers = main.rec_headers
    main_id, date = headers.get_header("WARC-Record-ID"), headers.get_header("WARC-Date")
    if original is not None and exchange.not_modified_of is not None and not not_modified_request:
        return ExchangeRecords([main], main_id, date, True)
    request = _BUILDER.create_warc_record(
        exchange.url,
        "request",
        payload=BytesIO(exchange.request_body),
        length=len(exchange.request_body),
        http_headers=_RawHttpHeaders(request_block(exchange)),
        warc_headers_dict=_warc_headers(
            "request", exchange, {"WARC-Protocol": protocol, "WARC-Concurrent-To": main_id}
        ),
    )
    if original is not None:
        # A revisit's metadata would be its original's (same payload, same outlinks) plus a
        # via and a fetch time: not worth a third of a re-crawl's bytes.
        return ExchangeRecords([main, request], main_id, date, True)
    if not metadata:
        return ExchangeRecords([main, request], main_id, date, False)
    records = [main, request, metadata_record(exchange, main_id, outlinks)]
    return ExchangeRecords(records, main_id, date, False)


def _not_modified_revisit(
    exchange: Exchange, original: ArchivedPayload, protocol: str | None
) -> Any:
    """A 304 as a ``server-not-modified`` revisit of the capture it revalidated.

    Its block is empty (WARC allows it): replay tools then take the status, headers and
    payload of the original, which the server says are still current; pywb replays a
    revisit that keeps the 304's own headers as an empty 304. ``WARC-Payload-Digest`` is the
    original's, by which pywb finds it. An empty block has no media type and nothing to
    digest: no ``Content-Type`` (WARC 1.0, 5.6) and no ``WARC-Block-Digest``, a seventh of
    the record, which an unchanged re-crawl writes for every page."""
    record = _BUILDER.create_revisit_record(
        exchange.url,
        original.digest,
        original.uri,
        original.warc_date,
        warc_headers_dict=_warc_headers(
            "revisit",
            exchange,
            {"WARC-Protocol": protocol, "WARC-Refers-To": original.record_id},
            exchange.record_id,
        ),
    )
    record.rec_headers.replace_header("WARC-Profile", SERVER_NOT_MODIFIED)
    record.rec_headers.remove_header("Content-Type")
    record.content_type = None
    return record


def warcinfo_record(filename: str, fields: Mapping[str, str]) -> Any:
    return _BUILDER.create_warcinfo_record(filename, dict(fields))


#: zlib's default level, as Heritrix writes: warcio's level 9 costs a quarter more CPU per
#: record for files about 0.1% smaller on news pages.
GZIP_LEVEL = 6


class _RecordWriter(WARCWriter):  # type: ignore[misc]  # warcio has no type hints
    """warcio's writer, without a block digest for an empty block (warcio digests every
    block, and the digest of nothing verifies nothing)."""

    def ensure_digest(self, record: Any, block: bool = True, payload: bool = True) -> None:
        empty = record.length == 0 and record.http_headers is None
        super().ensure_digest(record, block=block and not empty, payload=payload)


def serialize(records: Iterable[Any]) -> bytes:
    """The records as bytes, each record its own gzip member."""
    members = []
    for record in records:
        out = BytesIO()
        _RecordWriter(out, gzip=False, warc_version=WARC_VERSION).write_record(record)
        members.append(zlib.compress(out.getvalue(), GZIP_LEVEL, wbits=_GZIP_WBITS))
    return b"".join(members)
