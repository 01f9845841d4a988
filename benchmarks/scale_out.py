"""Scale-out: two workers sharing one crawl through Redis against one worker alone.

    python -m benchmarks.scale_out                          # 2,000 articles per site
    python -m benchmarks.scale_out --articles-per-site 200  # a quick run

Starts the offline mirror and a redis-server (127.0.0.1, a free port, a temporary folder),
then crawls the mirror twice with politeness off (no AutoThrottle, no robots.txt, 16
requests per site at once), each crawl with a Redis flushed beforehand:

1. one worker: ``jambicrawl crawl all --redis URL --workers 1`` into one archive folder;
2. two workers: the same command twice at once, each into its own archive folder.

Pages are the sum of the workers' ``response_received_count``; seconds are from the first
start to the last exit (start-up included). Prints pages, seconds and pages/s of each, the
articles each stored in all (the same content: each article once), and the ratio two / one
(target: at least 1.3). Every process (mirror, Redis, workers) shares the machine's cores:
run it on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

from tests.crawl.mirror_process import MirrorProcess, crawl_command, stored_articles
from tests.scale.redis_process import RedisProcess

TARGET = 1.3
IMPOLITE = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=False",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING")  # fmt: skip
#: Jambi Ekspres's oldest articles are found through its listings only, ten a page: at 2,000
#: a site the default limit of 200 listing pages stops a crawl 10 articles short. Both runs
#: read every listing page, so that both archive the whole mirror.
WHOLE_DISCOVERY = ("-s", "JAMBICRAWL_LISTING_MAX_PAGES=100000")


def _pages(archive: Path) -> int:
    return sum(
        int(json.loads(path.read_text("utf-8")).get("response_received_count", 0))
        for path in (archive / "stats").glob("*.json")
    )


def run(mirror: str, redis: RedisProcess, folder: Path, workers: int) -> tuple[int, int, float]:
    """Pages, articles stored and seconds of ``workers`` workers sharing one crawl."""
    client = redis.client()
    client.flushdb()
    client.close()
    folder.mkdir(parents=True)
    archives = [folder / f"worker{i}" for i in range(workers)]
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            crawl_command(
                mirror,
                archive,
                "--redis",
                redis.url,
                "--workers",
                "1",
                *IMPOLITE,
                *WHOLE_DISCOVERY,
            ),
            stdout=subprocess.DEVNULL,
            stderr=(folder / f"{archive.name}.err").open("wb"),
        )
        for archive in archives
    ]
    codes = [process.wait() for process in processes]
    seconds = time.monotonic() - started
    if any(codes):
        raise SystemExit(f"a worker failed ({codes}); see {folder}/*.err")
    pages = sum(_pages(archive) for archive in archives)
    return pages, sum(stored_articles(archive) for archive in archives), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles-per-site", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jambicrawl-scale-") as tmp:
        folder = Path(tmp)
        mirror = MirrorProcess.start(articles_per_site=args.articles_per_site)
        redis = RedisProcess.start(folder / "redis")
        try:
            results = {n: run(mirror.url, redis, folder / f"run{n}", n) for n in (1, 2)}
        finally:
            redis.stop()
            mirror.stop()
    print(f"{'workers':>7}  {'pages':>7}  {'articles':>8}  {'seconds':>7}  {'pages/s':>7}")
    for n, (pages, articles, seconds) in results.items():
        print(f"{n:>7}  {pages:>7}  {articles:>8}  {seconds:>7.1f}  {pages / seconds:>7.1f}")
    (p1, a1, s1), (p2, a2, s2) = results[1], results[2]
    ratio = (p2 / s2) / (p1 / s1)
    print(f"ratio two workers / one worker, pages/s: {ratio:.2f} (target: at least {TARGET})")
    if a1 != a2:
        print(f"articles differ: {a1} alone, {a2} shared")


if __name__ == "__main__":
    main()
