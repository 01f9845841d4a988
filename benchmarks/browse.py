"""The first render of ``browse``'s search page at scale: a state database of N generated
Articles (``benchmarks.search``'s), its index built, the application started on it and the
search page fetched over HTTP, as a browser would, for one-word, two-word and faceted
queries: the first fetch of each (cold: nothing of it cached by the process) and the p50 of
five more. The page holds everything a search shows: facets over every match, the attention
chart, the over-represented words, the first 20 hits with their snippets.

    python -m benchmarks.browse                      # 100,000 Articles
    python -m benchmarks.browse --articles 20000
    python -m benchmarks.browse --keep DIR ...   # build the database in DIR once, reuse it after

Target (issue 24): the first render <= 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.search import populate
from jambicrawl.browse.server import Browse
from jambicrawl.registry import load_registry
from jambicrawl.state import search
from jambicrawl.state.articles import STATE_FILE
from jambicrawl.state.database import connect

QUERIES = (
    {"q": "banjir"},
    {"q": "petani sawit"},
    {"q": "banjir", "site": "tribunjambi", "when": "2015"},
)


def _fetch(url: str) -> tuple[float, int]:
    begun = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as answer:
        body = answer.read()
    return (time.perf_counter() - begun) * 1000, len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--keep", type=Path, help="the database built here once (--articles of them), reused after"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        archive = args.keep or Path(folder)
        _build(archive, args.articles)
        browse = Browse([archive])
        browse.start()
        try:
            print(f"{args.articles:,} Articles; the search page, fetched over HTTP:")
            for params in QUERIES:
                url = f"{browse.url}/?{urlencode(params)}"
                first, size = _fetch(url)
                again = statistics.median(_fetch(url)[0] for _ in range(5))
                matches = _matches(url)
                print(f"  {params}: {matches} matches, first render {first:,.0f} ms, "
                      f"then p50 {again:,.0f} ms ({size / 1024:,.0f} KiB)")  # fmt: skip
        finally:
            browse.stop()


def _build(archive: Path, articles: int) -> None:
    """The database of ``articles`` Articles and its index, unless ``archive`` has them
    already (a run with ``--keep``)."""
    marker = archive / f"browse-bench-{articles}"
    if not marker.exists():
        archive.mkdir(parents=True, exist_ok=True)
        (archive / STATE_FILE).unlink(missing_ok=True)
        populate(archive / STATE_FILE, articles, [site.key for site in load_registry()])
        marker.touch()
    conn = connect(archive / STATE_FILE)
    if not search.has_index(conn):  # none yet, or one of an older layout
        search.rebuild(conn)
    conn.close()


def _matches(url: str) -> str:
    with urllib.request.urlopen(url, timeout=600) as answer:
        page = answer.read().decode()
    start = page.index('<h2 id="total">') + len('<h2 id="total">')
    return page[start:].split(" ", 1)[0]


if __name__ == "__main__":
    main()
