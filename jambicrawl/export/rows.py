"""Export rows, one per article version the state database stores (read by
:func:`jambicrawl.state.versions.stored_versions`), columns in the export's order."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jambicrawl.errors import JambicrawlError, Problem
from jambicrawl.export.columns import COLUMN_NAMES, EXPORTED_AS, TABLE_COLUMNS
from jambicrawl.items import Article
from jambicrawl.normalize.window import DateWindow
from jambicrawl.state.database import connect_read_only
from jambicrawl.state.paths import STATE_FILE
from jambicrawl.state.versions import stored_versions

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

Row = dict[str, Any]


class ExportError(JambicrawlError):
    """The database cannot be exported; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class VersionProblem(Problem):
    """A stored version that cannot be exported: reported, counted, skipped."""

    database: str
    canonical_url: str
    version: int
    reason: str

    def where(self) -> str:
        return f"{self.database}: {self.canonical_url} version {self.version}"


@dataclass(frozen=True, slots=True)
class Selection:
    """Which versions to export: a site, a publication window (as ``crawl`` has it: a
    version without a publication date is kept)."""

    site: str | None = None
    dates: DateWindow = field(default_factory=DateWindow)
    #: Also the versions the version guard held back (``--include-flagged``).
    include_flagged: bool = False

    def keeps(self, date_published: str | None) -> bool:
        return self.dates.keeps_text(date_published)


def database_of(archive: Path) -> Path:
    """The state database of an archive folder, or the database file itself; checked to
    be one. Raises :class:`ExportError`."""
    path = archive / STATE_FILE if archive.is_dir() else archive
    if not path.is_file():
        raise ExportError(f"{archive}: no state database ({STATE_FILE}) here")
    _connect(path).close()
    return path


def _connect(path: Path) -> sqlite3.Connection:
    # Read-only: an export never creates, migrates or locks the crawl's database for writing.
    try:
        conn = connect_read_only(path)
        conn.execute("SELECT 1 FROM article_versions LIMIT 1").fetchall()
    except sqlite3.Error as exc:
        raise ExportError(f"{path}: not a jambicrawl state database ({exc})") from None
    return conn


def _table_row(table: tuple[Any, ...]) -> Row:
    """The table's columns (:data:`TABLE_COLUMNS`) under their export names."""
    named = zip(TABLE_COLUMNS, table, strict=True)
    return {EXPORTED_AS.get(name, name): value for name, value in named}


def version_row(table: tuple[Any, ...], held_back: bool, article_json: str) -> Row:
    """An export row: the table's columns (:data:`TABLE_COLUMNS`), whether the version was
    held back, and its stored Article."""
    article = Article.from_dict(json.loads(article_json)).to_dict()
    row = _table_row(table)
    row["held_back"] = held_back
    row.update((name, article[name]) for name in COLUMN_NAMES if name not in row)
    return {name: row[name] for name in COLUMN_NAMES}


def version_rows(
    database: Path, selection: Selection, *, articles: bool = True
) -> Iterator[Row | VersionProblem]:
    """Every selected version, ordered by canonical URL and version, columns in order;
    ``articles=False``: the table's columns only, the stored Article not read."""
    conn = _connect(database)
    stored = stored_versions(
        conn, selection.site, include_held=selection.include_flagged, articles=articles
    )
    try:
        for table, held_back, date_published, article_json in stored:
            if not selection.keeps(date_published):
                continue
            if not articles or article_json is None:
                yield _table_row(table)
                continue
            try:
                yield version_row(table, held_back, article_json)
            except (ValueError, TypeError, KeyError) as exc:
                reason = " ".join(str(exc).split())[:120] or type(exc).__name__
                yield VersionProblem(str(database), str(table[0]), int(table[1]), reason)
    except sqlite3.Error as exc:
        raise ExportError(f"{database}: {exc}") from None
    finally:
        conn.close()
