"""One collection from several archive folders (the workers of a shared crawl, each with its
own state database): each article version once, a version being a canonical URL and a
content hash, numbered again in capture order across the folders.

``export`` writes its versions, ``wacz`` lists the latest version of each article as a
page, ``stats`` counts its articles per site: all three read the same merge.
"""

from __future__ import annotations

import heapq
from collections import Counter
from typing import TYPE_CHECKING

from jambicrawl.export.rows import Selection, VersionProblem, version_rows

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

    from jambicrawl.export.rows import Row


def _merged(
    databases: Sequence[Path], selection: Selection, *, articles: bool
) -> Iterator[Row | VersionProblem]:
    """The versions of every database, ordered by canonical URL and capture time (a problem
    row is passed on as it comes)."""
    problems: list[VersionProblem] = []

    def rows(database: Path) -> Iterator[Row]:
        for item in version_rows(database, selection, articles=articles):
            if isinstance(item, VersionProblem):
                problems.append(item)
            else:
                yield item

    merged = heapq.merge(
        *(rows(db) for db in databases), key=lambda r: (r["canonical_url"], r["captured_at"])
    )
    for row in merged:
        yield from problems
        problems.clear()
        yield row
    yield from problems


def collection_rows(
    databases: Sequence[Path], selection: Selection, *, articles: bool = True
) -> Iterator[Row | VersionProblem]:
    """The versions of every database, ordered by canonical URL and capture time, each
    version once. ``articles=False``: the table's columns only (no stored Article read)."""
    current, hashes = "", set[str]()
    for row in _merged(databases, selection, articles=articles):
        if isinstance(row, VersionProblem):
            yield row
            continue
        if row["canonical_url"] != current:
            current, hashes = row["canonical_url"], set()
        if row["content_hash"] in hashes:
            continue
        hashes.add(row["content_hash"])
        yield {**row, "version": len(hashes)}


def latest_rows(
    databases: Sequence[Path], selection: Selection | None = None
) -> Iterator[Row | VersionProblem]:
    """Each article once: its version captured last in any of the databases (an article
    whose content went back to an earlier version's is that content again)."""
    last: Row | None = None
    for row in _merged(databases, selection or Selection(), articles=True):
        if isinstance(row, VersionProblem):
            yield row
            continue
        if last is not None and last["canonical_url"] != row["canonical_url"]:
            yield last
        last = row
    if last is not None:
        yield last


def articles_by_site(databases: Sequence[Path]) -> tuple[Counter[str], Counter[str]]:
    """Articles (canonical URLs) and versions of each site across the databases, each once."""
    articles: Counter[str] = Counter()
    versions: Counter[str] = Counter()
    for row in collection_rows(databases, Selection(), articles=False):
        if isinstance(row, VersionProblem):  # only a stored Article can be a problem
            continue
        versions[row["site"]] += 1
        articles[row["site"]] += row["version"] == 1
    return articles, versions
