"""One collection from several archive folders (the workers of a shared crawl, each with its
own state database): each article version once, a version being a canonical URL and a
content hash, numbered again in capture order across the folders."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from jambicrawl.export.rows import RowProblem, version_rows

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

    from jambicrawl.export.rows import Row, Selection


def collection_rows(databases: Sequence[Path], selection: Selection) -> Iterator[Row | RowProblem]:
    """The versions of every database, ordered by canonical URL and capture time, each
    version once (a problem row is passed on as it comes)."""
    problems: list[RowProblem] = []

    def rows(database: Path) -> Iterator[Row]:
        for item in version_rows(database, selection):
            if isinstance(item, RowProblem):
                problems.append(item)
            else:
                yield item

    merged = heapq.merge(
        *(rows(db) for db in databases), key=lambda r: (r["canonical_url"], r["captured_at"])
    )
    current, hashes = "", set[str]()
    for row in merged:
        yield from problems
        problems.clear()
        if row["canonical_url"] != current:
            current, hashes = row["canonical_url"], set()
        if row["content_hash"] in hashes:
            continue
        hashes.add(row["content_hash"])
        yield {**row, "version": len(hashes)}
    yield from problems
