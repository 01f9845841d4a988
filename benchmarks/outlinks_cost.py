"""What the outlinks of ``WARC_OUTLINKS`` cost per page the crawl parses anyway, by process.

    python -m benchmarks.outlinks_cost [--articles-per-site N]

Crawls the offline mirror once (its own process), reads the 200 HTML responses of the
archive, and times, in this process, the link work for each page:

- baseline: the WARC writer parsing the page for its links (``outlinks()``), as it did for
  every page before the crawl sent the links of the pages it parses;
- now, in the crawl process: what the crawl adds to its own parse (the script tags kept,
  the tree walked, what it found pickled for the writer);
- now, in the writer: unpickling and resolving what the crawl found.

Prints milliseconds per page and the ratios against the baseline, and checks that both
give the same links. No assertions; a figure of CPU time, steadier than a crawl's wall time
on a shared machine.
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jambicrawl.pages.response import PageResponse, ParsedPage
from jambicrawl.warc.exchange import Exchange
from jambicrawl.warc.outlinks import found_links, outlinks, resolve
from tests.archive.warcs import read_warc, warc_paths
from tests.crawl.mirror_process import MirrorProcess, crawl

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.archive.warcs import Record

ROUNDS = 5
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def _pages(articles_per_site: int, archive: Path) -> list[Record]:
    mirror = MirrorProcess.start(articles_per_site=articles_per_site)
    try:
        done = crawl(mirror.url, archive)
    finally:
        mirror.stop()
    if done.returncode != 0:
        raise SystemExit(f"crawl failed ({done.returncode}): {done.stderr[-2000:]}")
    return [
        r
        for path in warc_paths(archive)
        for r in read_warc(path).records
        if r.type == "response"
        and r.status == 200
        and r.http_headers.get("content-type", "").startswith("text/html")
    ]


def _exchange(record: Record) -> Exchange:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in record.http_headers.items()]
    return Exchange(record.uri, "GET", [], b"", None, 200, headers, record.payload, None,
                    _EPOCH, 0, None, None, 0, True)  # fmt: skip


def _page(record: Record) -> PageResponse:
    return PageResponse(
        record.uri, record.body, {"Content-Type": record.http_headers["content-type"]}
    )


def _best(work: Callable[[], Any]) -> float:
    """The fastest of :data:`ROUNDS` runs, in seconds."""
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles-per-site", type=int, default=50, metavar="N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="outlinks-cost-") as tmp:
        records = _pages(args.articles_per_site, Path(tmp) / "archive")
    exchanges = [_exchange(r) for r in records]
    pages = [_page(r) for r in records]
    parsed = [ParsedPage(page, script_tags=True) for page in pages]
    sent = [pickle.dumps(found_links(p.root, p.script_tags)) for p in parsed]

    same = sum(
        set(outlinks(exchange)) == set(resolve(page.url, pickle.loads(found)))
        for exchange, page, found in zip(exchanges, parsed, sent, strict=True)
    )
    writer_before = _best(lambda: [outlinks(e) for e in exchanges])
    crawl_parse = _best(lambda: [ParsedPage(page) for page in pages])
    crawl_with_links = _best(
        lambda: [
            pickle.dumps(found_links(p.root, p.script_tags))
            for p in (ParsedPage(page, script_tags=True) for page in pages)
        ]
    )
    writer_now = _best(
        lambda: [resolve(p.url, pickle.loads(f)) for p, f in zip(parsed, sent, strict=True)]
    )

    n = len(records)
    crawl_added = max(0.0, crawl_with_links - crawl_parse)
    print(f"mirror: {args.articles_per_site} articles per site; {n} HTML pages (200)")
    print(f"same links as the writer's own parse: {same} of {n} pages")
    print(f"baseline, writer parses each page: {writer_before / n * 1000:.3f} ms/page")
    print(f"now, crawl process adds:           {crawl_added / n * 1000:.3f} ms/page"
          f" (its own parse: {crawl_parse / n * 1000:.3f})")  # fmt: skip
    print(f"now, writer resolves:              {writer_now / n * 1000:.3f} ms/page")
    total = (crawl_added + writer_now) / writer_before
    print(f"ratio now/baseline: writer {writer_now / writer_before:.3f},"
          f" both processes {total:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
