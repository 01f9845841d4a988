"""The JSON Lines file of each crawl job: the Article versions it stored, from the state database.

A job's file (``archive/items/JOB.jsonl``, JOB being ``SITE-CRAWLID``) is written from the
state database when the job ends, whole or not at all, so that it holds exactly what the job
stored: a line per new or changed version, each once. A job that was killed gets its file
at the next crawl of its site, from the same database.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from jambicrawl.atomic import atomic_output

if TYPE_CHECKING:
    from pathlib import Path

    from jambicrawl.state.articles import ArticleStore

logger = logging.getLogger(__name__)


def job_file(folder: Path, job: str) -> Path:
    return folder / f"{job}.jsonl"


def write_job_file(store: ArticleStore, job: str, folder: Path) -> int:
    """Write ``job``'s file; the number of versions in it."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with atomic_output(job_file(folder, job)) as partial, partial.open("wb") as stream:
        for data in store.job_versions(job):
            stream.write(data.encode("utf-8") + b"\n")
            count += 1
    return count


def recover_job_files(store: ArticleStore, site: str, folder: Path, current: str) -> list[str]:
    """Write the files of ``site``'s earlier jobs that ended without one (killed); the jobs."""
    recovered = []
    for job in store.jobs(site):
        if job != current and not job_file(folder, job).exists():
            count = write_job_file(store, job, folder)
            logger.warning(
                "items of interrupted job %s written from the state database: %d", job, count
            )
            recovered.append(job)
    return recovered
