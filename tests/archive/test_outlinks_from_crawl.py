"""``WARC_OUTLINKS`` without a second parse: the metadata records of the pages a crawl parses
anyway (article pages, every page of a split article, listing pages) come from the crawl's own
tree, and list what the writer's parse of the archived page lists.

Real crawls of the mirror: through the WARC writer process (every site), and from a writer
thread (``WARC_PROCESS=False``; the two sites with split articles)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from jambicrawl.registry import load_registry
from jambicrawl.warc.exchange import Exchange
from jambicrawl.warc.outlinks import decoded_body, outlinks
from tests.archive.warcs import Record, latest_articles, read_warc, warc_paths
from tests.crawl.mirror_process import MirrorProcess, crawl, latest_stats


@dataclass
class OutlinksCrawl:
    records: list[Record]
    #: Stats summed over the sites.
    stats: dict[str, int]
    #: Record IDs of the pages of every Article (first and later pages).
    article_pages: set[str]
    #: Record IDs of the Articles' later pages.
    later_pages: set[str]
    listing_stat: int

    @property
    def responses(self) -> list[Record]:
        return [r for r in self.records if r.type == "response"]

    def metadata_of(self, record: Record) -> list[Record]:
        return [
            m
            for m in self.records
            if m.type == "metadata" and m.header("WARC-Concurrent-To") == record.id
        ]


_REGISTRY = load_registry()


def _is_listing(record: Record) -> bool:
    site = _REGISTRY.for_url(record.uri)
    path = record.uri.split("://", 1)[1].partition("/")[2]
    return record.status == 200 and any(
        f"/{path}".startswith(root) for root in site.discovery.listings
    )


def _is_html(record: Record) -> bool:
    mime = record.http_headers.get("content-type", "").split(";")[0].strip().lower()
    return mime in ("text/html", "application/xhtml+xml")


def _as_exchange(record: Record) -> Exchange:
    """The archived response, as the writer would have been given it."""
    return Exchange(
        url=record.uri,
        method="GET",
        request_headers=[],
        request_body=b"",
        protocol=None,
        status=record.status or 0,
        response_headers=[
            (k.encode("latin-1"), v.encode("latin-1")) for k, v in record.http_headers.items()
        ],
        body=record.payload,
        ip_address=None,
        started=datetime.now(UTC),
        fetch_time_ms=0,
        truncated=None,
        via=None,
        hops=0,
        is_html=_is_html(record),
    )


def _outlink_lines(metadata: Record) -> set[tuple[str, ...]]:
    lines = metadata.payload.decode("utf-8").splitlines()
    return {
        tuple(line.removeprefix("outlink: ").split(" ")) for line in lines if "outlink:" in line
    }


@pytest.fixture(scope="module", params=["writer process", "writer thread"])
def outlinks_crawl(
    request: pytest.FixtureRequest, mirror: MirrorProcess, tmp_path_factory: pytest.TempPathFactory
) -> OutlinksCrawl:
    directory = tmp_path_factory.mktemp("outlinks")
    extra = ["-s", "WARC_OUTLINKS=True"]
    sites: tuple[str, ...] = ("all",)
    if request.param == "writer thread":
        extra += ["-s", "WARC_PROCESS=False"]
        sites = ("jambiekspres", "tribunjambi")  # articles of three and two pages
    done = crawl(mirror.url, directory, *extra, sites=sites)
    assert done.returncode == 0, done.stderr[-3000:]
    stats: dict[str, int] = {}
    for site_stats in latest_stats(directory).values():
        for key, value in site_stats.items():
            if isinstance(value, int):
                stats[key] = stats.get(key, 0) + value
    articles = latest_articles(directory / "state.sqlite3")
    captures = [[c["record_id"] for c in a["captures"]] for a in articles]
    return OutlinksCrawl(
        records=[r for path in warc_paths(directory) for r in read_warc(path).records],
        stats=stats,
        article_pages={record_id for pages in captures for record_id in pages},
        later_pages={record_id for pages in captures for record_id in pages[1:]},
        listing_stat=stats.get("jambicrawl/listing_pages", 0),
    )


def _crawl_parsed(archive: OutlinksCrawl) -> list[Record]:
    """Responses of article pages, later pages and listing pages."""
    return [r for r in archive.responses if r.id in archive.article_pages or _is_listing(r)]


def test_the_pages_the_crawl_parses_are_all_there(outlinks_crawl: OutlinksCrawl) -> None:
    parsed = {r.id for r in _crawl_parsed(outlinks_crawl)}
    assert outlinks_crawl.later_pages, "the mirror has split articles"
    assert outlinks_crawl.later_pages <= parsed
    listings = [r for r in outlinks_crawl.responses if _is_listing(r)]
    assert listings and len(listings) == outlinks_crawl.listing_stat


def test_each_page_the_crawl_parses_has_one_metadata_record_with_the_writers_links(
    outlinks_crawl: OutlinksCrawl,
) -> None:
    pages = _crawl_parsed(outlinks_crawl)
    for response in pages:
        (metadata,) = outlinks_crawl.metadata_of(response)
        assert metadata.uri == response.uri
        assert metadata.header("WARC-Date") == response.header("WARC-Date")
        fields = metadata.payload.decode("utf-8")
        assert "hops: " in fields and "\r\nfetchTimeMs: " in fields, response.uri
        expected = set(outlinks(_as_exchange(response)))
        assert expected, response.uri
        assert _outlink_lines(metadata) == expected, response.uri
    # Script links come from the script tags taken out before the crawl's parse.
    contexts = {c for r in pages for _, _, c in _outlink_lines(outlinks_crawl.metadata_of(r)[0])}
    assert {"script/@src", "a/@href", "link/@href"} <= contexts


def test_every_other_response_still_has_its_metadata_record(outlinks_crawl: OutlinksCrawl) -> None:
    parsed = {r.id for r in _crawl_parsed(outlinks_crawl)}
    others = [r for r in outlinks_crawl.responses if r.id not in parsed]
    assert any(300 <= (r.status or 0) < 400 for r in others)
    for response in others:
        (metadata,) = outlinks_crawl.metadata_of(response)
        assert _outlink_lines(metadata) == set(outlinks(_as_exchange(response))), response.uri


def test_the_writer_parsed_no_page_the_crawl_parsed(outlinks_crawl: OutlinksCrawl) -> None:
    parsed = _crawl_parsed(outlinks_crawl)
    ids = {r.id for r in parsed}
    other_html = [
        r
        for r in outlinks_crawl.responses
        if r.id not in ids and _is_html(r) and (decoded_body(_as_exchange(r)) or b"").strip()
    ]
    stats = outlinks_crawl.stats
    assert other_html
    assert stats.get("warc/outlinks_parsed", 0) == len(other_html)
    assert stats.get("warc/outlinks_from_crawl", 0) == len(parsed)
    assert not stats.get("warc/outlinks_missing")
    assert not stats.get("warc/failures")
