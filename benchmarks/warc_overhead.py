"""What archiving costs a crawl: the same mirror crawl with WARC capture on, then off.

    python -m benchmarks.warc_overhead [--articles-per-site N] [-s NAME=VALUE ...]

Starts the offline mirror as its own process (a fresh one for each crawl, so that both meet
the same faults), crawls every site into a new archive folder with ``jambicrawl crawl all``,
once as configured and once with ``-s WARC_ENABLED=False``, and prints both wall times and the
overhead of archiving. Target: at most 15 %. One run each; no assertions. ``-s`` settings
go to both crawls (``-s WARC_OUTLINKS=True``: what the metadata records cost).

The crawler's CPU seconds (user + system) are printed too: on a machine shared with other work
they move less than wall time does, and they show where the time went.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from tests.crawl.mirror_process import MirrorProcess, crawl_command, latest_stats

TARGET_PERCENT = 15.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_crawl(
    articles_per_site: int, archive: Path, *extra: str
) -> tuple[float, float, dict[str, int]]:
    """Wall and CPU seconds of one crawl of a fresh mirror, and its stats summed over sites."""
    mirror = MirrorProcess.start(articles_per_site=articles_per_site)
    try:
        command = crawl_command(mirror.url, archive, *extra)
        cpu = _children_cpu()  # the mirror is reaped later, so only the crawl counts here
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        cpu = _children_cpu() - cpu
    finally:
        mirror.stop()
    if done.returncode != 0:
        raise SystemExit(f"crawl failed ({done.returncode}): {done.stderr[-2000:]}")
    totals: dict[str, int] = {}
    for stats in latest_stats(archive).values():
        for key, value in stats.items():
            if isinstance(value, int):
                totals[key] = totals.get(key, 0) + value
    return seconds, cpu, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles-per-site", type=int, default=300, metavar="N")
    parser.add_argument(
        "-s", "--setting", action="append", default=[], metavar="NAME=VALUE",
        help="a crawl setting for both crawls (repeatable)",
    )  # fmt: skip
    args = parser.parse_args()
    settings = [part for setting in args.setting for part in ("-s", setting)]
    with tempfile.TemporaryDirectory(prefix="warc-overhead-") as tmp:
        on_s, on_cpu, on = timed_crawl(args.articles_per_site, Path(tmp) / "on", *settings)
        off_s, off_cpu, off = timed_crawl(
            args.articles_per_site, Path(tmp) / "off", *settings, "-s", "WARC_ENABLED=False"
        )
    print(f"mirror: {args.articles_per_site} articles per site, every site", *args.setting)
    for label, seconds, cpu, stats in (
        ("WARC on ", on_s, on_cpu, on),
        ("WARC off", off_s, off_cpu, off),
    ):
        print(
            f"{label}: {seconds:6.1f} s wall  {cpu:6.1f} s CPU"
            f"  {stats.get('response_received_count', 0)} responses"
            f"  {stats.get('item_scraped_count', 0)} articles"
            f"  {stats.get('warc/bytes_written', 0) / 1e6:.1f} MB archived"
            f"  {stats.get('warc/failures', 0)} WARC failures"
            f"  {stats.get('warc/outlinks_parsed', 0)} pages parsed by the writer"
        )
    overhead = (on_s - off_s) / off_s * 100
    verdict = "met" if overhead <= TARGET_PERCENT else "MISSED"
    print(f"CPU overhead: {(on_cpu - off_cpu) / off_cpu * 100:+.1f} %")
    print(
        f"wall-time overhead: {overhead:+.1f} % (on/off = {on_s / off_s:.3f};"
        f" target <= {TARGET_PERCENT:g} %: {verdict})"
    )


if __name__ == "__main__":
    main()
