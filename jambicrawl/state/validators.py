"""HTTP validators of each article page's and discovery document's last full capture: its
``ETag`` and ``Last-Modified``, and the payload digest of what they stand for.

A re-fetch of a known article sends them back (``If-None-Match``, ``If-Modified-Since``);
a ``304 Not Modified`` is then archived as a revisit of the capture with that digest.

A discovery document (a sitemap, a feed, a listing page) must still be read when the server
says it has not changed, so its last body is kept too, as received (still Content-Encoded)
and compressed: the spider parses it from here, the WARC file holds the 304 as a revisit.
One row per URL: the table stays as small as the sites' sets of discovery documents.

They have a table of their own, not columns of ``articles``: they are known when the
response arrives, before the article is extracted and stored (a new article has no row
yet), and they belong to the URL fetched. ``CREATE TABLE IF NOT EXISTS`` is the whole
migration of a database made before them: its articles are fetched once in full again.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jambicrawl.state.articles import create_tables
from jambicrawl.state.database import connect

if TYPE_CHECKING:
    from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS http_validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    payload_digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS discovery_documents (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    payload_digest TEXT NOT NULL,
    headers TEXT NOT NULL,  -- JSON: [[name, value], ...] as received
    body BLOB NOT NULL      -- zlib of the body as received
);
"""


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional request for a page sends, and what a 304 refers to."""

    etag: str | None
    last_modified: str | None
    #: ``WARC-Payload-Digest`` of the capture the validators came with.
    payload_digest: str


@dataclass(frozen=True, slots=True)
class KeptDocument:
    """A discovery document's last full capture: what to revalidate it with, and what the
    server sent (headers and body, still Content-Encoded) to read when it has not changed."""

    validators: Validators
    headers: list[tuple[str, str]]
    body: bytes


class ValidatorStore:
    """The ``http_validators`` table. Use from one thread."""

    def __init__(self, path: Path) -> None:
        self._conn = connect(path)
        create_tables(self._conn)  # joined with: the middleware may open the file first
        with self._conn:
            self._conn.executescript(_SCHEMA)

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

    def of_kept_document(self, url: str) -> Validators | None:
        """The validators of the discovery document ``url``'s kept capture (its body is
        read only when the server says it has not changed)."""
        row = self._conn.execute(
            "SELECT etag, last_modified, payload_digest FROM discovery_documents WHERE url = ?",
            (url,),
        ).fetchone()
        return Validators(*row) if row else None

    def kept_document(self, url: str) -> KeptDocument | None:
        """The last full capture of the discovery document ``url``, as kept."""
        row = self._conn.execute(
            "SELECT etag, last_modified, payload_digest, headers, body"
            " FROM discovery_documents WHERE url = ?",
            (url,),
        ).fetchone()
        if row is None:
            return None
        etag, modified, digest, headers, body = row
        pairs = [(str(name), str(value)) for name, value in json.loads(headers)]
        return KeptDocument(Validators(etag, modified, digest), pairs, zlib.decompress(body))

    def keep_document(self, url: str, document: KeptDocument) -> None:
        v = document.validators
        headers = json.dumps(document.headers)
        body = zlib.compress(document.body, 1)
        with self._conn:
            self._conn.execute(
                "INSERT OR REPLACE INTO discovery_documents VALUES (?, ?, ?, ?, ?, ?)",
                (url, v.etag, v.last_modified, v.payload_digest, headers, body),
            )
