"""The state databases a search reads: opened read-only, each with its search index (an
older database, without one, is indexed once, on its first search)."""

from __future__ import annotations

import sqlite3
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jambicrawl.errors import EXIT_FAILURE, JambicrawlError, error
from jambicrawl.export.rows import database_of
from jambicrawl.state import search
from jambicrawl.state.articles import create_tables, schema_current
from jambicrawl.state.database import connect, connect_read_only

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


class SearchIndexError(JambicrawlError):
    """The search index cannot be built: the message says why."""

    status = EXIT_FAILURE


@dataclass(frozen=True, slots=True)
class Database:
    path: Path
    conn: sqlite3.Connection


def reindex(database: Path) -> int:
    """The index of ``database`` built anew; returns how many Articles it holds."""
    return _migrate(database, rebuild=True)


def _migrate(database: Path, *, rebuild: bool) -> int:
    """The columns an older ``database`` lacks added, its index built anew when
    ``rebuild``; how many Articles the index holds (0: not rebuilt)."""
    try:
        conn = connect(database)
        try:
            create_tables(conn)
            return search.rebuild(conn) if rebuild else 0
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise SearchIndexError(f"{database}: cannot build the search index: {exc}") from None


def _open(archive: Path) -> sqlite3.Connection:
    path = database_of(archive)
    conn = connect_read_only(path)
    indexed, current = search.has_index(conn), schema_current(conn)
    if indexed and current:
        return conn
    conn.close()
    if not indexed:
        error(f"{path}: no search index yet (a database older than it): indexing it once")
    # An index but columns older than the queries (a renamed one): migrated, once.
    _migrate(path, rebuild=not indexed)
    return connect_read_only(path)


class Collection(ExitStack):
    """The databases of ``archives``, open read-only for the ``with`` block."""

    def __init__(self, archives: Sequence[Path]) -> None:
        super().__init__()
        self.archives = archives
        self.databases: list[Database] = []

    def __enter__(self) -> Collection:
        super().__enter__()
        try:
            for archive in self.archives:
                conn = _open(archive)
                self.callback(conn.close)
                self.databases.append(Database(database_of(archive), conn))
        except BaseException:
            self.close()
            raise
        return self
