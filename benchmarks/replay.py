"""Replay speed against trafilatura on the same archived pages, in one run.

    python -m benchmarks.replay [--captures N]

Writes a WARC file of every fixture page as a crawl archives it (gzip members, request and
metadata records, half the bodies gzip-encoded), N captures of each, then times a whole
replay (reading and checking every record, decoding bodies, grouping pages, extracting,
citing) and ``trafilatura.extract`` on the decoded bodies of the same pages. Prints the
pages per second of each and their ratio. Target: >= 3.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

from jambicrawl.items import Article
from jambicrawl.registry import load_registry
from jambicrawl.replay.articles import Replay
from jambicrawl.replay.scan import ArchiveScan
from tests.fixturecases import all_cases
from tests.replay.archives import Builder, jambicrawl_capture, jambicrawl_warcinfo, warc_date

DAY = 86400


def write_archive(path: Path, captures: int) -> Path:
    builder = Builder(path)
    jambicrawl_warcinfo(builder)
    for day in range(captures):
        for n, case in enumerate(all_cases()):
            for i, page in enumerate(case.responses()):
                date = warc_date(case, day * DAY + i)
                jambicrawl_capture(builder, page, date, gzipped=(n + day) % 2 == 0)
    return builder.close()


def time_replay(path: Path) -> tuple[int, float]:
    registry = load_registry()
    start = time.perf_counter()
    with ArchiveScan.read([path]) as scan:
        replay = Replay(scan, registry)
        for _ in replay:
            pass
    return replay.pages, time.perf_counter() - start


def archived_pages(path: Path) -> list[tuple[str, bytes]]:
    """URL and decoded body of every page the replay extracted."""
    with ArchiveScan.read([path]) as scan:
        cited = {
            (c.url, c.record_id)
            for item in Replay(scan, load_registry())
            if isinstance(item, Article)
            for c in item.captures
        }
        return [
            (capture.record.uri, scan.response(capture).body)
            for capture in scan.captures
            if (capture.record.uri, capture.record.record_id) in cited
        ]


def time_trafilatura(pages: list[tuple[str, bytes]]) -> float:
    import trafilatura

    start = time.perf_counter()
    for url, body in pages:
        trafilatura.extract(body, url=url)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--captures", type=int, default=10, help="captures of each page")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as folder:
        path = write_archive(Path(folder) / "benchmark.warc.gz", args.captures)
        pages = archived_pages(path)
        replayed, replay_s = time_replay(path)
        trafilatura_s = time_trafilatura(pages)
    assert replayed == len(pages), (replayed, len(pages))
    ours, theirs = replayed / replay_s, len(pages) / trafilatura_s
    print(f"{'pages':>6s} {'replay p/s':>11s} {'trafilatura p/s':>16s} {'ratio':>6s}")
    print(f"{replayed:6d} {ours:11.1f} {theirs:16.1f} {ours / theirs:6.2f}")


if __name__ == "__main__":
    main()
