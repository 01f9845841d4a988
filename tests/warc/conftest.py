"""A real HTTP server on 127.0.0.1 and real crawls of it, shared by the WARC tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from warc_helpers import SERVER, Crawl, run_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, str(SERVER)], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("PORT "), f"test server did not start: {line!r}"
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture(scope="session")
def crawl(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    """One crawl of every page of the test server, with a fresh state database."""
    return run_crawl(server_url, tmp_path_factory.mktemp("crawl"))


@pytest.fixture(scope="session")
def second_crawl(crawl: Crawl, server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    """The same crawl again, into a new folder but with the first crawl's state database."""
    state = crawl.directory / "state.sqlite3"
    return run_crawl(server_url, tmp_path_factory.mktemp("second"), f"JAMBICRAWL_STATE_DB={state}")
