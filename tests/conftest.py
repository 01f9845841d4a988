"""Fixtures shared by the test packages."""

from __future__ import annotations

import pytest

from tests.scale.workers import WorkerArchives, build


@pytest.fixture(scope="session")
def worker_archives(tmp_path_factory: pytest.TempPathFactory) -> WorkerArchives:
    """The archive folders of workers of a shared crawl, and one of a crawl on its own
    (``tests/scale/workers.py``); the index, wacz and stats tests read them together."""
    return build(tmp_path_factory.mktemp("workers"))
