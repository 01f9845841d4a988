"""WARC files written with warcio in the shapes real crawlers write, from the page fixtures.

- jambicrawl: WARC/1.0, a gzip member per record, warcinfo first, response + request +
  metadata per capture, gzip Content-Encoding kept as sent, revisits with WARC-Refers-To,
  WARC-Refers-To-Target-URI and -Date.
- Heritrix: WARC/1.0 gzip, a dns: response, raw HTTP bodies (chunk framing kept), metadata
  records in application/warc-fields, revisits by target URI and date.
- wget: WARC/1.0 uncompressed, ``<URI>`` in WARC-Target-URI (wget 1.19), chunked and gzip
  bodies stored raw, revisits that name only WARC-Refers-To, resource records for its log.
- browsertrix-crawler: WARC/1.1, WARC-Date to the millisecond, sha256 hex digests,
  urn:pageinfo resource records, WARC-Protocol h2.
"""

from __future__ import annotations

import gzip
import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from jambicrawl.pages import PageResponse
from tests.fixturecases import Case, all_cases

CASES = {case.id: case for case in all_cases()}
MULTI_PAGE = "tribunjambi/multi-page-2"
THREE_PAGES = "jambiekspres/harga-pinang-tanjabtim-3-halaman"
OFFSET_PAGES = "jambiindependent/dbd-provinsi-jambi-3-halaman-offset"
OLD_LAYOUT = "antarajambi/layout-2015"
GENERIC = "generic/mediaindonesia-2026-01-20"


def case(case_id: str) -> Case:
    return CASES[case_id]


def warc_date(case: Case, seconds: int = 0, *, millis: bool = False) -> str:
    when = datetime.strptime(case.meta["captured_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    when += timedelta(seconds=seconds)
    if millis:
        return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{(123 + seconds) % 1000:03d}Z"
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def chunked(body: bytes, size: int = 4000) -> bytes:
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
        for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def sha256_hex(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass
class Builder:
    """Writes one WARC file, record by record."""

    path: Path
    gzip: bool = True
    version: str = "1.0"
    #: "sha1" lets warcio compute ``sha1:`` base32 digests; "sha256" writes hex sha256 ones.
    digest: str = "sha1"
    _out: BytesIO = field(default_factory=BytesIO)

    def __post_init__(self) -> None:
        self._writer = WARCWriter(self._out, gzip=self.gzip, warc_version=self.version)

    def _write(self, record: Any) -> str:
        self._writer.write_record(record)
        return str(record.rec_headers.get_header("WARC-Record-ID"))

    def warcinfo(self, fields: dict[str, str]) -> str:
        return self._write(self._writer.create_warcinfo_record(self.path.name, fields))

    def response(
        self,
        url: str,
        date: str,
        payload: bytes,
        headers: list[tuple[str, str]],
        *,
        status: str = "200 OK",
        extra: dict[str, str] | None = None,
    ) -> str:
        warc = {"WARC-Record-ID": _record_id(), "WARC-Date": date, **(extra or {})}
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        if self.digest == "sha256":
            block = http.to_bytes() + payload
            warc.setdefault("WARC-Payload-Digest", sha256_hex(payload))
            warc.setdefault("WARC-Block-Digest", sha256_hex(block))
        record = self._writer.create_warc_record(
            url, "response", payload=BytesIO(payload), length=len(payload),
            http_headers=http, warc_headers_dict=warc,
        )  # fmt: skip
        return self._write(record)

    def request(self, url: str, date: str, concurrent_to: str) -> str:
        target = url.split("/", 3)[-1] if url.count("/") >= 3 else ""
        host = url.split("/")[2] if "//" in url else ""
        http = StatusAndHeaders(
            f"GET /{target} HTTP/1.1",
            [("Host", host), ("User-Agent", "test"), ("Accept-Encoding", "gzip, deflate")],
            is_http_request=True,
        )
        warc = {
            "WARC-Record-ID": _record_id(),
            "WARC-Date": date,
            "WARC-Concurrent-To": concurrent_to,
        }
        record = self._writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=http,
            warc_headers_dict=warc,
        )
        return self._write(record)

    def metadata(self, url: str, date: str, fields: str, concurrent_to: str) -> str:
        data = fields.encode()
        warc = {
            "WARC-Record-ID": _record_id(),
            "WARC-Date": date,
            "WARC-Concurrent-To": concurrent_to,
        }
        record = self._writer.create_warc_record(
            url, "metadata", payload=BytesIO(data), length=len(data),
            warc_content_type="application/warc-fields", warc_headers_dict=warc,
        )  # fmt: skip
        return self._write(record)

    def resource(self, uri: str, date: str, content_type: str, data: bytes) -> str:
        warc = {"WARC-Record-ID": _record_id(), "WARC-Date": date}
        record = self._writer.create_warc_record(
            uri, "resource", payload=BytesIO(data), length=len(data),
            warc_content_type=content_type, warc_headers_dict=warc,
        )  # fmt: skip
        return self._write(record)

    def revisit(
        self,
        url: str,
        date: str,
        digest: str,
        headers: list[tuple[str, str]] | None,
        *,
        refers_to: str = "",
        target: tuple[str, str] | None = None,
    ) -> str:
        """A revisit naming its original by record ID and/or by target URI and date."""
        warc = {"WARC-Record-ID": _record_id(), "WARC-Date": date}
        if refers_to:
            warc["WARC-Refers-To"] = refers_to
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1") if headers else None
        if target is not None:
            record = self._writer.create_revisit_record(
                url, digest, target[0], target[1], http_headers=http, warc_headers_dict=warc
            )
        else:
            profile = "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"
            warc.update({"WARC-Profile": profile, "WARC-Payload-Digest": digest})
            warc["WARC-Truncated"] = "length"
            record = self._writer.create_warc_record(
                url, "revisit", http_headers=http, warc_headers_dict=warc
            )
        return self._write(record)

    def close(self) -> Path:
        self.path.write_bytes(self._out.getvalue())
        return self.path


def html_headers(page: PageResponse, *, encoding: str = "") -> list[tuple[str, str]]:
    headers = [("Content-Type", page.header("Content-Type") or "text/html; charset=UTF-8")]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    return headers


def jambicrawl_warcinfo(builder: Builder, *, mirror: bool = False) -> None:
    fields = {
        "software": "jambicrawl/0.1.0 (Scrapy/2.19.0, warcio/1.8.1)",
        "isPartOf": "test",
        "format": "WARC File Format 1.0",
        "http-bodies": "HTTP bodies are stored transfer-decoded",
    }
    if mirror:
        fields["mirror"] = "yes: a demo or mirror crawl"
    builder.warcinfo(fields)


def jambicrawl_capture(builder: Builder, page: PageResponse, date: str, *, gzipped: bool) -> str:
    """Response, request and metadata, as jambicrawl's WARC extension writes them."""
    body = gzip.compress(page.body, mtime=0) if gzipped else page.body
    headers = html_headers(page, encoding="gzip" if gzipped else "")
    headers.append(("Content-Length", str(len(body))))
    record_id = builder.response(page.url, date, body, headers)
    builder.request(page.url, date, record_id)
    builder.metadata(page.url, date, "hops: 1\r\nfetchTimeMs: 12\r\n", record_id)
    return record_id


def jambicrawl_archive(path: Path, case_ids: list[str], *, revisit_of: str = "") -> Path:
    """Every page of the cases (odd ones gzip-encoded), and, for ``revisit_of``, a second
    capture a day later written as a revisit of page 1."""
    builder = Builder(path)
    jambicrawl_warcinfo(builder)
    for n, case_id in enumerate(case_ids):
        for i, page in enumerate(case(case_id).responses()):
            jambicrawl_capture(builder, page, warc_date(case(case_id), i), gzipped=n % 2 == 1)
    if revisit_of:
        add_revisit(builder, case(revisit_of), seconds=86400)
    return builder.close()


def add_revisit(builder: Builder, of: Case, *, seconds: int, with_target: bool = True) -> str:
    """A later capture of a case's page 1 whose payload was archived before (as gzip or
    not: the digest says which, so look it up)."""
    page = of.responses()[0]
    original = find_records(builder.path, builder._out.getvalue()).get((page.url, warc_date(of)))
    assert original is not None, "the original must be written first"
    record_id, digest, encoding = original
    date = warc_date(of, seconds)
    target = (page.url, warc_date(of)) if with_target else None
    revisit_id = builder.revisit(
        page.url, date, digest, html_headers(page, encoding=encoding),
        refers_to=record_id, target=target,
    )  # fmt: skip
    builder.request(page.url, date, revisit_id)
    return revisit_id


def find_records(
    path: Path, data: bytes | None = None
) -> dict[tuple[str, str], tuple[str, str, str]]:
    """``(WARC-Target-URI, WARC-Date)`` -> ``(record ID, payload digest, Content-Encoding)``
    of every response and revisit record."""
    found = {}
    for record in ArchiveIterator(BytesIO(path.read_bytes() if data is None else data)):
        if record.rec_type not in ("response", "revisit"):
            continue
        headers = record.rec_headers
        http = record.http_headers
        encoding = (http.get_header("Content-Encoding") or "") if http is not None else ""
        key = (headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Date"))
        found[key] = (
            headers.get_header("WARC-Record-ID"),
            headers.get_header("WARC-Payload-Digest"),
            encoding,
        )
    return found


def heritrix_archive(path: Path, case_ids: list[str]) -> Path:
    builder = Builder(path)
    builder.warcinfo({
        "software": "Heritrix/3.4.0-20220727 http://crawler.archive.org",
        "ip": "10.0.0.2", "hostname": "crawler", "format": "WARC File Format 1.0",
        "conformsTo": "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf",
        "isPartOf": "jambi-news", "http-header-user-agent": "Mozilla/5.0 (compatible; heritrix)",
    })  # fmt: skip
    for case_id in case_ids:
        the_case = case(case_id)
        host = the_case.responses()[0].url.split("/")[2]
        dns_date = warc_date(the_case, -1)
        builder.resource(
            f"dns:{host}", dns_date, "text/dns", f"{dns_date} {host} 300 IN A 10.1.2.3\n".encode()
        )
        for i, page in enumerate(the_case.responses()):
            date = warc_date(the_case, i)
            # Heritrix records the bytes off the wire: chunk framing and gzip as sent.
            body = chunked(gzip.compress(page.body, mtime=0))
            headers = [*html_headers(page, encoding="gzip"), ("Transfer-Encoding", "chunked")]
            record_id = builder.response(
                page.url, date, body, headers, extra={"WARC-IP-Address": "10.1.2.3"}
            )
            builder.request(page.url, date, record_id)
            via = page.url.rsplit("/", 1)[0] + "/"
            fields = f"via: {via}\r\nhopsFromSeed: L\r\noutlink: {via} L a/@href\r\n"
            builder.metadata(page.url, date, fields, record_id)
    return builder.close()


def wget_archive(path: Path, case_ids: list[str], *, revisit_of: str = "") -> Path:
    builder = Builder(path, gzip=False)
    builder.warcinfo({"software": "Wget/1.21.3 (linux-gnu)", "format": "WARC File Format 1.0"})
    for case_id in case_ids:
        the_case = case(case_id)
        for i, page in enumerate(the_case.responses()):
            date = warc_date(the_case, i)
            body = chunked(page.body)
            headers = [*html_headers(page), ("Transfer-Encoding", "chunked")]
            # wget 1.19 wrote the target URI in angle brackets.
            record_id = builder.response(f"<{page.url}>", date, body, headers)
            builder.request(page.url, date, record_id)
    if revisit_of:
        add_revisit(builder, case(revisit_of), seconds=3600, with_target=False)
    date = warc_date(case(case_ids[-1]), 60)
    builder.resource(
        "metadata://gnu.org/software/wget/warc/wget_arguments.txt",
        date,
        "text/plain",
        b'"-r" "--warc-file=x"\n',
    )
    builder.resource(
        "metadata://gnu.org/software/wget/warc/wget.log", date, "text/plain", b"FINISHED\n"
    )
    return builder.close()


def browsertrix_archive(path: Path, case_ids: list[str], *, revisit_of: str = "") -> Path:
    builder = Builder(path, version="1.1", digest="sha256")
    builder.warcinfo(
        {
            "software": "Browsertrix-Crawler 1.5.0 (with warcio.js 2.4.2)",
            "format": "WARC File Format 1.1",
        }
    )
    for n, case_id in enumerate(case_ids):
        the_case = case(case_id)
        for i, page in enumerate(the_case.responses()):
            date = warc_date(the_case, i, millis=True)
            extra = {"WARC-Page-ID": f"page-{n}-{i}", "WARC-Protocol": "h2"}
            builder.response(page.url, date, page.body, html_headers(page), extra=extra)
            info = b'{"pageid": "page-%d-%d", "url": "%s"}' % (n, i, page.url.encode())
            builder.resource(f"urn:pageinfo:{page.url}", date, "application/json", info)
    if revisit_of:
        the_case = case(revisit_of)
        page = the_case.responses()[0]
        builder.revisit(
            page.url, warc_date(the_case, 7200, millis=True), sha256_hex(page.body),
            html_headers(page), target=(page.url, warc_date(the_case, 0, millis=True)),
        )  # fmt: skip
    return builder.close()
