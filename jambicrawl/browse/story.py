"""One story across the collection: every stored version of an Article, from every archive
folder that holds it, in the order they were captured."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from jambicrawl.browse.diff import kinds
from jambicrawl.state.database import table_columns

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Sequence
    from pathlib import Path

    from jambicrawl.research.collection import Database


@dataclass(frozen=True, slots=True)
class Version:
    database: Path
    version: int
    captured_at: str
    crawl_id: str
    content_hash: str
    #: What held it back from becoming current (None: it was not).
    held_back: str | None
    article: dict[str, Any]


def held_back_column(conn: sqlite3.Connection) -> str:
    """The ``held_back`` column, or NULL in a database older than the version guard."""
    return "held_back" if "held_back" in table_columns(conn, "article_versions") else "NULL"


def versions(databases: Sequence[Database], canonical_url: str) -> list[Version]:
    """Every version of the Article, oldest first; a version two folders both hold, once."""
    found: dict[tuple[str, str], Version] = {}
    for db in databases:
        rows = db.conn.execute(
            "SELECT version, captured_at, crawl_id, content_hash, "
            f"{held_back_column(db.conn)}, article_json FROM article_versions "
            "WHERE canonical_url = ? ORDER BY version",
            (canonical_url,),
        )
        for version, captured_at, crawl_id, digest, held, article_json in rows:
            stored = Version(db.path, version, captured_at, crawl_id, digest, held,
                             json.loads(article_json))  # fmt: skip
            found.setdefault((digest, captured_at), stored)
    return sorted(found.values(), key=lambda v: (v.captured_at, v.version))


def standing(all_versions: Sequence[Version]) -> list[Version]:
    """The versions that stood as the Article (none the version guard held back)."""
    return [v for v in all_versions if v.held_back is None]


@dataclass(frozen=True, slots=True)
class Edited:
    """A story changed after publication: its latest version and what its edits changed."""

    canonical_url: str
    latest: Version
    edits: int
    kinds: tuple[str, ...]


def edited(databases: Sequence[Database], canonical_url: str) -> Edited | None:
    shown = standing(versions(databases, canonical_url))
    changed: list[str] = []
    edits = 0
    for old, new in pairwise(shown):
        found = kinds(old.article, new.article)
        edits += bool(found)
        changed += (kind for kind in found if kind not in changed)
    return Edited(canonical_url, shown[-1], edits, tuple(changed)) if edits else None


def edited_stories(databases: Sequence[Database]) -> list[Edited]:
    """Every story with more than one version that stood (in one folder or across them),
    newest edit first."""
    stood: Counter[str] = Counter()
    for db in databases:
        held = held_back_column(db.conn)
        only_edited = " HAVING count(*) > 1" if len(databases) == 1 else ""
        rows = db.conn.execute(
            f"SELECT canonical_url, count(*) FROM article_versions WHERE {held} IS NULL "
            f"GROUP BY canonical_url{only_edited}"
        )
        stood.update(dict(rows))
    urls = [url for url, n in stood.items() if n > 1]
    stories = [story for url in urls if (story := edited(databases, url))]
    return sorted(stories, key=lambda s: (s.latest.captured_at, s.canonical_url), reverse=True)
