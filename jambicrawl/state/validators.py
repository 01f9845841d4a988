"""HTTP validators of each article page's last full capture: its ``ETag`` and
``Last-Modified``, and the payload digest of what they stand for.

A re-fetch of a known article sends them back (``If-None-Match``, ``If-Modified-Since``);
a ``304 Not Modified`` is then archived as a revisit of the capture with that digest.

They have a table of their own, not columns of ``articles``: they are known when the
response arrives, before the article is extracted and stored (a new article has no row
yet), and they belong to the URL fetched. ``CREATE TABLE IF NOT EXISTS`` is the whole
migration of a database made before them: its articles are fetched once in full again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jambicrawl.state.articles import connect, create_tables

if TYPE_CHECKING:
    from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS http_validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    payload_digest TEXT NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional request for a page sends, and what a 304 refers to."""

    etag: str | None
    last_modified: str | None
    #: ``WARC-Payload-Digest`` of the capture the validators came with.
    payload_digest: str


class ValidatorStore:
    """The ``http_validators`` table. Use from one thread."""

    def __init__(self, path: Path) -> None:
        self._conn = connect(path)
        create_tables(self._conn)  # joined with: the middleware may open the file first
        with self._conn:
            self._conn.execute(_SCHEMA)

    def close(self) -> None:
        self._conn.close()

    def of_known_article(self, url: str) -> Validators | None:
        """The validators of ``url`` when it is a stored article (a page fetched but never
        stored, its crawl killed before, must be fetched in full)."""
        row = self._conn.execute(
            "SELECT v.etag, v.last_modified, v.payload_digest FROM http_validators v"
            " JOIN articles a ON a.canonical_url = v.url WHERE v.url = ?",
            (url,),
        ).fetchone()
        return Validators(*row) if row else None

    def save(self, url: str, validators: Validators) -> None:
        with self._conn:
            self._conn.execute(
                "INSERT OR REPLACE INTO http_validators VALUES (?, ?, ?, ?)",
                (url, validators.etag, validators.last_modified, validators.payload_digest),
            )
