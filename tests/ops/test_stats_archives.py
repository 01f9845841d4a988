"""``jambicrawl stats`` of several archive folders: the runs of every worker, each article
counted once across the folders."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from jambicrawl.state.articles import ArticleStore
from jambicrawl.state.jobs import JobStore, by_crawl
from tests.ops.jobs import job
from tests.ops.processes import jambicrawl
from tests.scale.workers import FIRST_ONLY, SECOND_ONLY, SHARED_SITE, canonical_urls

if TYPE_CHECKING:
    from pathlib import Path

    from tests.scale.workers import WorkerArchives


def _by_site(*args: str) -> dict[str, dict[str, object]]:
    done = jambicrawl("stats", *args, "--json")
    assert done.returncode == 0, done.stderr
    return {entry["site"]: entry for entry in json.loads(done.stdout)}


def test_articles_are_counted_once_across_folders(worker_archives: WorkerArchives) -> None:
    folders = worker_archives.folders
    stored = [canonical_urls(folder) for folder in folders]
    sites = {site for urls in stored for site in urls.values()}
    assert sites == {SHARED_SITE, FIRST_ONLY, SECOND_ONLY}
    # The crawl on its own stored the articles the first worker stored.
    assert set(stored[0]) & set(stored[2])
    # The first folder named twice counts once too.
    again = str(folders[2] / ".." / folders[0].name)
    summaries = _by_site(*map(str, folders), again)
    for site in sites:
        urls = {url for found in stored for url, s in found.items() if s == site}
        assert summaries[site]["articles"] == len(urls), site
    shared = summaries[SHARED_SITE]
    in_each = [url for found in stored for url, s in found.items() if s == SHARED_SITE]
    assert shared["articles"] == len(set(in_each)) < len(in_each)
    assert shared["versions"] == shared["articles"]  # the same content, one version


def test_the_runs_of_every_folder_make_each_sites_history(
    worker_archives: WorkerArchives,
) -> None:
    folders = worker_archives.folders
    runs: dict[str, list[str]] = {}
    for folder in folders:
        with JobStore.of_archive(folder) as store:
            for job in store.all():
                runs.setdefault(job.site, []).append(job.started_at)
    assert len(runs[SHARED_SITE]) == 3
    summaries = _by_site(*map(str, folders))
    for site, started in runs.items():
        summary = summaries[site]
        assert summary["runs"] == len(started)
        assert [t["started_at"] for t in summary["trend"]] == sorted(started)
        assert summary["last_run"]["started_at"] == max(started)


def test_the_table_shows_the_articles_of_every_folder(worker_archives: WorkerArchives) -> None:
    folders = worker_archives.folders
    done = jambicrawl("stats", *map(str, folders))
    assert done.returncode == 0, done.stderr
    header, *rows = done.stdout.splitlines()
    column = header.split().index("ARTICLES") - 1  # "LAST RUN" is two words
    articles = {
        row.split()[0]: int(row.split()[column]) for row in rows if row.startswith(SHARED_SITE)
    }
    expected = {
        url for folder in folders for url, s in canonical_urls(folder).items() if s == SHARED_SITE
    }
    assert articles == {SHARED_SITE: len(expected)}


def test_a_folder_that_is_no_archive_is_one_line(
    worker_archives: WorkerArchives, tmp_path: Path
) -> None:
    done = jambicrawl("stats", str(worker_archives.first), str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == f"jambicrawl: {tmp_path}: not an archive (no state.sqlite3)\n"
    assert done.stdout == ""


def test_the_workers_of_one_shared_crawl_make_one_run(tmp_path: Path) -> None:
    """Each worker's folder holds its own job of the site; ``stats`` of them together shows
    the shared crawl as one run (figures added up), beside a crawl of the site on its own."""
    crawl_id = "20260301T060000.000000Z"
    folders = [tmp_path / "worker1", tmp_path / "worker2"]
    jobs = [
        [job(SHARED_SITE, 0, pages=30, crawl_id=crawl_id, status_codes={"200": 30})],
        [
            job(SHARED_SITE, 0.01, pages=12, crawl_id=crawl_id, status_codes={"200": 11, "404": 1}),
            job(SHARED_SITE, 5, pages=7),  # later, on its own
        ],
    ]
    for folder, rows in zip(folders, jobs, strict=True):
        ArticleStore(folder / "state.sqlite3").close()
        with JobStore.of_archive(folder) as store:
            for row in rows:
                store.record(row)
    (summary,) = _by_site(*map(str, folders), "--site", SHARED_SITE).values()
    assert summary["runs"] == 2
    shared, alone = summary["trend"]
    assert (shared["pages"], alone["pages"]) == (42, 7)
    assert shared["started_at"] == jobs[0][0].started_at
    assert summary["last_run"]["pages"] == 7
    # A folder named twice is one folder (the ARCHIVE argument keeps each once): its jobs
    # are not added up again.
    again = str(folders[1] / ".." / folders[0].name)
    (twice,) = _by_site(*map(str, folders), again, "--site", SHARED_SITE).values()
    assert [run["pages"] for run in twice["trend"]] == [42, 7]
    # The shared run as the JSON of a run: every worker's figures, one crawl id.
    (merged,) = by_crawl(job for rows in jobs for job in rows if job.crawl_id)
    assert merged.status_codes == {"200": 41, "404": 1} and merged.crawl_id == crawl_id
    assert merged.finished_at == jobs[1][0].finished_at
