"""The run history of the state database: every crawl, scheduled or started by hand.

A row is written when a run starts (status ``running``) and completed when it ends, so a
run whose process died shows as ``running`` until a later run takes over its site locks and
records what happened to it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from jambicrawl.state.database import connect, utc_now
from jambicrawl.state.paths import STATE_FILE

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

Status = Literal["running", "ok", "failed", "partial", "alarm", "interrupted", "skipped"]

#: Entry name of a crawl started by hand (``jambicrawl crawl``).
MANUAL = "manual"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entry TEXT NOT NULL,
    sites TEXT NOT NULL,
    scheduled TEXT,
    started TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL,
    exit_status INTEGER,
    articles_new INTEGER NOT NULL DEFAULT 0,
    articles_updated INTEGER NOT NULL DEFAULT 0,
    pages INTEGER NOT NULL DEFAULT 0,
    bytes_archived INTEGER NOT NULL DEFAULT 0,
    warc_files INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    pid INTEGER,
    runner TEXT NOT NULL DEFAULT 'local'
);
CREATE INDEX IF NOT EXISTS runs_entry ON runs (entry, scheduled);
"""


@dataclass(slots=True)
class Figures:
    """What a run archived, summed over its sites."""

    articles_new: int = 0
    articles_updated: int = 0
    pages: int = 0
    bytes_archived: int = 0
    warc_files: int = 0

    @classmethod
    def from_stats(cls, stats: Sequence[dict[str, Any]]) -> Figures:
        """From the final Scrapy stats of each site's crawl."""

        def total(key: str) -> int:
            return sum(int(s.get(key, 0) or 0) for s in stats)

        return cls(
            articles_new=total("state/new"),
            articles_updated=total("state/changed"),
            pages=total("response_received_count"),
            bytes_archived=total("warc/bytes_written"),
            warc_files=total("warc/files"),
        )


@dataclass(slots=True)
class Run:
    id: int
    entry: str
    sites: list[str]
    scheduled: str | None
    started: str
    ended: str | None
    status: Status
    exit_status: int | None
    figures: Figures = field(default_factory=Figures)
    reason: str = ""
    note: str = ""
    pid: int | None = None
    runner: str = "local"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(data.pop("figures"))
        return data


_COLUMNS = (
    "id, entry, sites, scheduled, started, ended, status, exit_status, articles_new, "
    "articles_updated, pages, bytes_archived, warc_files, reason, note, pid, runner"
)


def _run(row: tuple[Any, ...]) -> Run:
    return Run(
        id=row[0], entry=row[1], sites=json.loads(row[2]), scheduled=row[3], started=row[4],
        ended=row[5], status=cast("Status", row[6]), exit_status=row[7],
        figures=Figures(*row[8:13]), reason=row[13], note=row[14], pid=row[15], runner=row[16],
    )  # fmt: skip


class RunHistory:
    """The ``runs`` table of ``ARCHIVE/state.sqlite3``. Use from one thread."""

    def __init__(self, archive: Path) -> None:
        self._conn = connect(archive / STATE_FILE)
        with self._conn:
            self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> RunHistory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(
        self,
        entry: str,
        sites: Sequence[str],
        *,
        scheduled: str | None = None,
        pid: int | None = None,
        runner: str = "local",
        note: str = "",
        status: Status = "running",
        reason: str = "",
    ) -> int:
        """A new row; its id. A ``skipped`` run ends as it starts."""
        now = utc_now()
        with self._conn:
            cursor = self._conn.execute(
                "INSERT INTO runs (entry, sites, scheduled, started, ended, status, reason, "
                "note, pid, runner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry, json.dumps(list(sites)), scheduled, now,
                 now if status == "skipped" else None, status, reason, note, pid, runner),
            )  # fmt: skip
        return int(cursor.lastrowid or 0)

    def update(self, run_id: int, **values: Any) -> None:
        """Set columns of a row (``figures=`` sets the five figures)."""
        figures = values.pop("figures", None)
        if isinstance(figures, Figures):
            values.update(asdict(figures))
        if not values:
            return
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._conn:
            self._conn.execute(
                f"UPDATE runs SET {assignments} WHERE id = ?", (*values.values(), run_id)
            )

    def add_note(self, run_id: int, note: str) -> None:
        with self._conn:
            self._conn.execute(
                "UPDATE runs SET note = CASE WHEN note = '' THEN ?1 ELSE note || '; ' || ?1 END "
                "WHERE id = ?2",
                (note, run_id),
            )

    def finish(
        self, run_id: int, status: Status, exit_status: int | None = None, reason: str = ""
    ) -> None:
        self.update(run_id, status=status, exit_status=exit_status, reason=reason, ended=utc_now())

    def get(self, run_id: int) -> Run | None:
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM runs WHERE id = ?", (run_id,)).fetchone()
        return _run(row) if row else None

    def runs(self, entry: str | None = None, limit: int = 0) -> list[Run]:
        """Runs, newest last; the last ``limit`` when it is not 0."""
        where, params = ("WHERE entry = ?", (entry,)) if entry else ("", ())
        query = f"SELECT {_COLUMNS} FROM runs {where} ORDER BY id DESC"
        if limit:
            query += f" LIMIT {int(limit)}"
        return [_run(r) for r in reversed(self._conn.execute(query, params).fetchall())]

    def last_scheduled(self, entry: str, site: str | None = None) -> str | None:
        """The latest slot an entry's runs served (any status), of one site when named."""
        query = "SELECT MAX(scheduled) FROM runs WHERE entry = ?"
        params: tuple[str, ...] = (entry,)
        if site is not None:
            query += " AND EXISTS (SELECT 1 FROM json_each(runs.sites) WHERE value = ?)"
            params += (site,)
        row = self._conn.execute(query, params).fetchone()
        return row[0] if row else None

    def running(self) -> list[Run]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM runs WHERE status = 'running' ORDER BY id"
        ).fetchall()
        return [_run(r) for r in rows]
