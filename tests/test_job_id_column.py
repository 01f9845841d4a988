"""``article_versions.job_id`` (called ``crawl_id`` before it named what it holds, the job
that stored a version): a database older than the name is read as it is by the commands that
only read, migrated by the store that writes it, and by a search that needs the new name."""

from __future__ import annotations

import contextlib
import io
import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from jambicrawl.export.rows import Selection, version_rows
from jambicrawl.state.articles import STATE_FILE, ArticleStore
from jambicrawl.state.baseline import site_baseline
from jambicrawl.state.database import table_columns
from jambicrawl.state.jobs import VERSIONS_JOB_STAT, JobStore, job_from_stats
from tests.replay.archives import case
from tests.replay.test_export import CASES, CHANGED, stored_versions
from tests.research.helpers import search_cli

if TYPE_CHECKING:
    from pathlib import Path


def _older(folder: Path) -> Path:
    """The state database of :func:`stored_versions`, as a crawl before the rename left it:
    the column named ``crawl_id``, its index ``article_versions_crawl``."""
    path = stored_versions(folder) / STATE_FILE
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX article_versions_job")
        conn.execute("ALTER TABLE article_versions RENAME COLUMN job_id TO crawl_id")
        conn.execute("CREATE INDEX article_versions_crawl ON article_versions (crawl_id)")
    return path


def _schema(path: Path) -> tuple[set[str], set[str]]:
    """The columns of ``article_versions`` and the names of its indexes."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        indexes = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'article_versions'"
        )
        return table_columns(conn, "article_versions"), {str(row[0]) for row in indexes}


def _jobs_exported(path: Path) -> list[tuple[int, str]]:
    changed = case(CHANGED).expected["canonical_url"]
    rows = [row for row in version_rows(path, Selection()) if isinstance(row, dict)]
    return [(row["version"], row["crawl_id"]) for row in rows if row["canonical_url"] == changed]


def test_a_new_database_names_the_column_job_id(tmp_path: Path) -> None:
    columns, indexes = _schema(stored_versions(tmp_path) / STATE_FILE)
    assert "job_id" in columns and "crawl_id" not in columns
    assert "article_versions_job" in indexes and "article_versions_crawl" not in indexes


def test_export_and_baseline_read_an_older_database_without_changing_it(tmp_path: Path) -> None:
    path = _older(tmp_path)
    before = _schema(path)
    assert _jobs_exported(path) == [(1, "crawl-1"), (2, "crawl-2")]
    site = case(CASES[0]).site
    assert site_baseline(path, site, "crawl-2").articles == 1
    assert site_baseline(path, site, "crawl-1").articles == 0
    assert _schema(path) == before


def test_the_store_migrates_an_older_database_keeping_every_version(tmp_path: Path) -> None:
    path = _older(tmp_path)
    store = ArticleStore(path)
    try:
        assert len(list(store.job_versions("crawl-1"))) == 3
        assert len(list(store.job_versions("crawl-2"))) == 1
        assert sorted(store.jobs(case(CHANGED).site)) == ["crawl-1", "crawl-2"]
    finally:
        store.close()
    columns, indexes = _schema(path)
    assert "job_id" in columns and "crawl_id" not in columns
    assert "article_versions_job" in indexes and "article_versions_crawl" not in indexes
    assert _jobs_exported(path) == [(1, "crawl-1"), (2, "crawl-2")]
    ArticleStore(path).close()  # a second open finds nothing left to migrate
    assert _schema(path) == (columns, indexes)


def test_a_search_migrates_an_older_indexed_database_once(tmp_path: Path) -> None:
    path = _older(tmp_path)
    out = tmp_path / "hits.csv"
    with contextlib.redirect_stderr(io.StringIO()) as err:
        assert search_cli("Koreksi", str(path.parent), "--format", "csv", "-o", str(out)) == 0
    assert "no search index yet" not in err.getvalue()
    assert "job_id" in _schema(path)[0]
    header, row = out.read_text("utf-8").splitlines()[:2]
    assert "crawl_id" in header.split(",") and "crawl-2" in row


def test_a_jobs_row_and_its_versions_share_one_id(tmp_path: Path) -> None:
    """``crawl_jobs.job_id`` is the id its store gave the versions (``state/job``), so a
    run's row finds what it stored; a job that stored nothing keeps its site and start."""
    started = datetime(2026, 12, 7, 21, 0, tzinfo=UTC)
    stats = {"start_time": started, "finish_time": started, "finish_reason": "finished"}
    stored = job_from_stats("tribunjambi", {**stats, VERSIONS_JOB_STAT: "tribunjambi-T1"})
    empty = job_from_stats("tribunjambi", stats)
    with JobStore(tmp_path / STATE_FILE) as jobs:
        jobs.record(stored)
        jobs.record(empty)
    with contextlib.closing(sqlite3.connect(tmp_path / STATE_FILE)) as conn:
        ids = {row[0] for row in conn.execute("SELECT job_id FROM crawl_jobs")}
    assert ids == {"tribunjambi-T1", f"tribunjambi-{empty.started_at}"}
