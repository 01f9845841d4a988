"""The columns of an exported dataset, in their order: the same in every format.

Lists and records keep their shape in JSON Lines and Parquet; CSV holds them as JSON text.
The order only ever grows at the end, so that a reader by position keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass

from jambicrawl.state.versions import VERSION_COLUMNS


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    #: ``string``, ``int``, ``bool``, ``list<string>``, ``list<image>`` or ``list<capture>``.
    kind: str
    doc: str


#: Every column of an export, in order. Article fields are documented in jambicrawl/items.py.
COLUMNS: tuple[Column, ...] = (
    Column("canonical_url", "string", "the article's canonical URL: with version, the row's key"),
    Column("version", "int", "1 for the first version seen, +1 for each change of content"),
    Column("captured_at", "string", "when this version was stored, ISO 8601 UTC"),
    Column(
        "crawl_id",
        "string",
        "the job that stored it: spider name and the crawl's start time (the state "
        "database's article_versions.job_id)",
    ),
    Column("content_hash", "string", "SHA-256 of the content fields; changes make versions"),
    Column("site", "string", "registry key of the site; generic for unregistered sites"),
    Column("url", "string", "URL of the first page as fetched"),
    Column("title", "string", "headline"),
    Column("subtitle", "string", "lead or standfirst"),
    Column("date_published", "string", "ISO 8601 with the site's offset"),
    Column("date_published_raw", "string", "the date as the page printed it"),
    Column("date_modified", "string", "ISO 8601 with offset"),
    Column("authors", "list<string>", "reporters and writers in page order"),
    Column("editors", "list<string>", "editors in page order"),
    Column("dateline", "string", "place of the dateline, upper case"),
    Column("signoff", "string", "initials of the closing sign-off"),
    Column("category", "string", "main section"),
    Column("tags", "list<string>", "tags in page order"),
    Column("body", "string", "article text, paragraphs separated by a blank line"),
    Column("images", "list<image>", "images, lead first: {url, caption}"),
    Column("language", "string", "BCP 47 code"),
    Column("word_count", "int", "words in body"),
    Column("page_count", "int", "pages the article was printed on"),
    Column("complete", "bool", "false when a later page could not be had"),
    Column(
        "captures",
        "list<capture>",
        "where each page was archived: {url, captured_at, warc_file, record_id, payload_digest}",
    ),
    Column("date_published_precision", "string", "minute, day, month or year"),
    Column("flags", "list<string>", "what makes the version doubtful (jambicrawl/items.py)"),
    Column(
        "date_evidence",
        "list<evidence>",
        "each value found for the date: {source, value, precision, raw, agrees}",
    ),
    Column("held_back", "bool", "true: a flagged version that did not become current"),
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
#: Columns of the ``article_versions`` table itself, as the table names them; the rest come
#: from its stored Article (``held_back`` is the table's, read apart: older databases lack it).
TABLE_COLUMNS: tuple[str, ...] = VERSION_COLUMNS
#: A table column the export names otherwise. ``crawl_id`` is the export's public name, kept
#: for the readers that select it by name, of the table's ``job_id`` (its name there too,
#: until a database stopped calling a job a crawl).
EXPORTED_AS: dict[str, str] = {"job_id": "crawl_id"}
