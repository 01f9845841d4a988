"""Full-text search at scale: a state database of N generated Articles (the mirror's word
lists: its headlines and paragraphs), its search index built, and queries timed.

    python -m benchmarks.search                      # 100,000 Articles
    python -m benchmarks.search --articles 1000000   # the issue's figure
    python -m benchmarks.search --keep DIR ...        # keep the database, and later:
    python -m benchmarks.search --keep DIR --queries-only --articles N  # time queries again

Prints the index build rate (Articles/s, ``--reindex``'s path), the cost the index adds to
storing one Article (the crawl's path), the index size per Article, query latency p50/p95
for one-word, two-word, phrase and faceted (site + year) queries (the 20 best hits with
snippets, as ``search`` shows them, and the count of all matches), and peak memory.
Targets (issue 24): build >= 2,000 Articles/s, p95 <= 100 ms for a two-word faceted query.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl.items import Article, article_json
from jambicrawl.mirror.words import headline, paragraphs
from jambicrawl.normalize.window import DateWindow
from jambicrawl.registry import load_registry
from jambicrawl.research.collection import Collection
from jambicrawl.research.search import Filters, top_and_count
from jambicrawl.state import search
from jambicrawl.state.articles import STATE_FILE, ArticleStore, content_hash
from jambicrawl.state.database import connect

if TYPE_CHECKING:
    from collections.abc import Callable

Query = tuple[str, Filters]
AUTHORS = ("Rahmat Hidayat", "Nurul Fadilah", "Ahmad Fauzan", "Dewi Lestari", "Ferry Irawan")
CATEGORIES = ("Daerah", "Ekonomi", "Hukum", "Kesehatan", "Politik", "Pendidikan")
START = datetime.fromisoformat("2015-01-01T08:00:00+07:00")
ONE_WORD = ("banjir", "vaksinasi", "sawit", "drainase", "jembatan", "pasar", "kesehatan")
TWO_WORDS = ("bantuan pangan", "petani sawit", "harga cabai", "perbaikan jalan", "air bersih")
PHRASES = ('"pelatihan petani"', '"operasi pasar"', '"posko siaga banjir"', '"kota jambi"')


def article(number: int, sites: list[str]) -> Article:
    rng = random.Random(number)
    site = sites[number % len(sites)]
    published = START + timedelta(minutes=number * 5 + rng.randrange(5))
    return Article(
        url=f"https://{site}.example/berita/{number}",
        canonical_url=f"https://{site}.example/berita/{number}",
        site=site,
        title=headline(rng),
        body="\n\n".join(paragraphs(site, number)),
        date_published=published.isoformat(timespec="seconds"),
        authors=[rng.choice(AUTHORS)],
        category=rng.choice(CATEGORIES),
        tags=[rng.choice(("karhutla", "banjir", "pilkada", "sawit", "jalan"))],
        language="id",
    )


def populate(path: Path, n: int, sites: list[str]) -> float:
    """``n`` Articles stored as the store stores them (without an index): seconds."""
    conn = connect(path)
    ArticleStore(path).close()  # the tables
    with conn:
        search.drop(conn)
    begun = time.perf_counter()
    batch: list[tuple[Article, str, str]] = []

    def flush() -> None:
        with conn:
            conn.executemany(
                "INSERT INTO article_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                [(a.canonical_url, 1, h, "2026-01-01T00:00:00Z", "bench", a.site,
                  a.date_published, j) for a, h, j in batch],
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, 1, 1)",
                [(a.canonical_url, a.site, "x", "x", h) for a, h, _ in batch],
            )
        batch.clear()

    for number in range(n):
        item = article(number, sites)
        data = item.to_dict()
        batch.append((item, content_hash(data), article_json(data)))
        if len(batch) == 5000:
            flush()
    flush()
    conn.close()
    return time.perf_counter() - begun


def index_bytes(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        try:
            row = conn.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%'"
            ).fetchone()
        except sqlite3.OperationalError:
            return -1
    return int(row[0] or 0)


def store_cost(path: Path, sites: list[str], n: int = 1000) -> tuple[float, float]:
    """Milliseconds to store one changed Article with the index, and without (the store
    leaves alone an index it does not know: its marker is taken away meanwhile). The index
    is current afterwards: the changes made with it replace those made without."""
    store = ArticleStore(path)
    changes = [article(number, sites) for number in range(n)]
    timed = {}
    for indexed in (False, True):
        marker = search.VERSION if indexed else "none"
        with store._conn:
            store._conn.execute("UPDATE search_meta SET value = ? WHERE key = 'analyzer'",
                                (marker,))  # fmt: skip
        begun = time.perf_counter()
        for number, item in enumerate(changes):
            changed = replace(item, body=f"{item.body}\n\nRalat {number} {indexed}.")
            store.record(changed, "bench-2")
        timed[indexed] = (time.perf_counter() - begun) / n * 1000
    store.close()
    return timed[True], timed[False]


def latencies(archive: Path, queries: list[Query]) -> tuple[float, float, float]:
    """p50 and p95 (ms) of the 20 best hits and the count; and the mean count."""
    times, totals = [], []
    with Collection([archive]) as collection:
        for query, filters in queries:
            begun = time.perf_counter()
            _best, total = top_and_count(collection.databases, query, filters, 20)
            totals.append(total)
            times.append((time.perf_counter() - begun) * 1000)
    quantiles = statistics.quantiles(times, n=20)
    return statistics.median(times), quantiles[18], statistics.mean(totals)


def build(path: Path, n: int, sites: list[str]) -> dict[str, object]:
    """``n`` Articles stored and their index built: the build's figures."""
    stored = populate(path, n, sites)
    print(f"articles: {n:,} generated and stored in {stored:.1f} s")
    conn = connect(path)
    begun = time.perf_counter()
    search.rebuild(conn)
    built = time.perf_counter() - begun
    conn.close()
    size = index_bytes(path)
    print(f"index build: {n / built:,.0f} Articles/s ({built:.1f} s)")
    print(f"index size: {size / 2**20:,.1f} MiB, {size / n:,.0f} B per Article; "
          f"database {path.stat().st_size / 2**20:,.1f} MiB")  # fmt: skip
    return {"build_per_s": n / built, "index_bytes_per_article": size / n}


def query_kinds(n: int, sites: list[str], seed: int = 24) -> dict[str, Callable[[], Query]]:
    """The kinds of query timed, each making one query at random."""
    rng = random.Random(seed)
    years = sorted({START.year + i for i in range(1 + n * 5 // 525_600)})

    def faceted() -> Query:
        year = rng.choice(years)
        dates = DateWindow.parse(f"{year}-01-01", f"{year}-12-31")
        return rng.choice(TWO_WORDS), Filters(site=rng.choice(sites), dates=dates)

    return {
        "one word": lambda: (rng.choice(ONE_WORD), Filters()),
        "two words": lambda: (rng.choice(TWO_WORDS), Filters()),
        "phrase": lambda: (rng.choice(PHRASES), Filters()),
        "two words, site + year": faceted,
    }


def load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60, help="queries of each kind")
    parser.add_argument("--keep", type=Path, help="build the database here and keep it")
    parser.add_argument(
        "--queries-only", action="store_true", help="time the queries of the --keep database"
    )
    args = parser.parse_args()
    if args.queries_only and not args.keep:
        parser.error("--queries-only needs --keep DIR (a database an earlier run kept)")
    sites = sorted(site.key for site in load_registry())
    folder = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / STATE_FILE
    print(f"begun: {load()}")
    figures: dict[str, object] = {"articles": args.articles}
    if not args.queries_only:
        figures.update(build(path, args.articles, sites))
    for kind, make in query_kinds(args.articles, sites).items():
        p50, p95, matches = latencies(folder, [make() for _ in range(args.runs)])
        figures[kind] = {"p50_ms": p50, "p95_ms": p95, "mean_matches": matches}
        print(f"{kind:>24}: p50 {p50:7.1f} ms, p95 {p95:7.1f} ms ({matches:,.0f} matches)")
    if not args.queries_only:
        with_index, without = store_cost(path, sites)
        print(f"storing a changed Article: {with_index:.2f} ms with the index, "
              f"{without:.2f} without")  # fmt: skip
        figures["store_ms"] = (with_index, without)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:,.0f} MiB; ended: {load()}")
    figures["peak_rss_mib"] = peak
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
