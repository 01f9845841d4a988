"""The state database file: connections to it, the time it records, and its schema's
columns. Every table module of ``state/`` opens the database through here."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the state database, created if missing (WAL: the WARC writer's
    thread writes the same file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30)
    _write_ahead_log(conn)
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _write_ahead_log(conn: sqlite3.Connection, tries: int = 300) -> None:
    """Switch the file to WAL. A switch needs the file to itself, and SQLite answers "locked"
    at once, without waiting, while the other processes of a crawl open it too: try again
    until the file is in WAL (the switch is the file's: one process's switch is everyone's)."""
    for _ in range(tries):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
        time.sleep(0.01)
    conn.execute("PRAGMA journal_mode=WAL")  # its error, after three seconds of others'


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never creates, migrates or locks the database for writing (what a
    command that only reads uses). Raises :class:`sqlite3.Error` when it cannot open it."""
    return sqlite3.connect(read_only_uri(path), uri=True, timeout=30)


def read_only_uri(path: Path) -> str:
    """The URI that opens (or attaches) ``path`` read-only."""
    return f"{path.resolve().as_uri()}?mode=ro"


def utc_now() -> str:
    """The time as the database records it: ISO 8601 UTC to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def table_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """The columns ``table`` has (none when there is no such table)."""
    return {str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")}
