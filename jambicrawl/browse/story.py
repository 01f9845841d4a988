"""One story across the collection: every stored version of an Article, from every archive
folder that holds it, in the order they were captured."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from jambicrawl.browse.diff import kinds
from jambicrawl.state.versions import standing_counts, versions_of

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jambicrawl.research.collection import Database


@dataclass(frozen=True, slots=True)
class Version:
    database: Path
    version: int
    captured_at: str
    #: The job that stored it (``SITE-CRAWLID``).
    job_id: str
    content_hash: str
    #: What held it back from becoming current (None: it was not).
    held_back: str | None
    article: dict[str, Any]


def versions(databases: Sequence[Database], canonical_url: str) -> list[Version]:
    """Every version of the Article, oldest first; a version two folders both hold, once."""
    found: dict[tuple[str, str], Version] = {}
    for db in databases:
        for version, captured_at, job_id, digest, held, article_json in versions_of(
            db.conn, canonical_url
        ):
            stored = Version(db.path, version, captured_at, job_id, digest, held,
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
        # One folder: only its edited articles; several: an edit may span two of them.
        stood.update(standing_counts(db.conn, edited_only=len(databases) == 1))
    urls = [url for url, n in stood.items() if n > 1]
    stories = [story for url in urls if (story := edited(databases, url))]
    return sorted(stories, key=lambda s: (s.latest.captured_at, s.canonical_url), reverse=True)
