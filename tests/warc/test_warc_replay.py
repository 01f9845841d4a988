"""Replay in pywb: each capture's raw (``id_``) replay is what the server sent.

pywb 2.10 pins dependencies that clash with the crawler's, so it runs from a virtual
environment of its own: set PYWB_BIN to that environment's ``bin`` folder, e.g.
``python -m venv .venv-pywb && .venv-pywb/bin/pip install 'pywb==2.10.*'`` then
``PYWB_BIN=.venv-pywb/bin``. Without it these tests are skipped.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from warc_helpers import Crawl, load_server_module

if TYPE_CHECKING:
    from collections.abc import Iterator

SERVER = load_server_module()
PYWB_BIN = Path(os.environ.get("PYWB_BIN", "/nonexistent"))
pytestmark = pytest.mark.skipif(
    not (PYWB_BIN / "wayback").exists(), reason="PYWB_BIN (a pywb 2.10 virtualenv's bin) not set"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(240):
        if process.poll() is not None:
            raise RuntimeError("wayback exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError("wayback did not start")


@pytest.fixture(scope="module")
def wayback(crawl: Crawl, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("pywb")
    manager = str(PYWB_BIN / "wb-manager")
    subprocess.run([manager, "init", "jambi"], cwd=root, check=True, capture_output=True)
    subprocess.run(
        [manager, "add", "jambi", *map(str, crawl.files)], cwd=root, check=True, capture_output=True
    )
    port = _free_port()
    with (root / "wayback.log").open("wb") as log:
        process = subprocess.Popen(
            [str(PYWB_BIN / "wayback"), "-b", "127.0.0.1", "-p", str(port)],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(port, process)
        yield f"127.0.0.1:{port}"
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _raw_replay(host: str, timestamp: str, url: str) -> tuple[int, bytes]:
    """Status and body, Content-Encoding undone, of pywb's id_ replay; no redirect followed."""
    connection = http.client.HTTPConnection(host, timeout=60)
    try:
        # Connection: close, so that a truncated record's replay ends where its body ends.
        connection.request("GET", f"/jambi/{timestamp}id_/{url}", headers={"Connection": "close"})
        response = connection.getresponse()
        try:
            body = response.read()
        except http.client.IncompleteRead as cut:  # Replays the server's short body.
            body = cut.partial
        if response.getheader("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.status, body
    finally:
        connection.close()


def _timestamp(warc_date: str | None) -> str:
    return re.sub(r"\D", "", warc_date or "")[:14]


def test_raw_replay_is_what_the_server_sent(crawl: Crawl, wayback: str) -> None:
    responses = [r for r in crawl.records() if r.type == "response"]
    assert len(responses) >= 14
    for record in responses:
        path = urlsplit(record.uri).path
        expected = SERVER.BODIES.get(path, b"") if path != "/echo" else record.payload
        status, body = _raw_replay(wayback, _timestamp(record.header("WARC-Date")), record.uri)
        assert status == int(record.http_status or 0), record.uri
        assert body == expected, record.uri


def test_revisit_replays_as_its_original(crawl: Crawl, wayback: str) -> None:
    (revisit,) = [
        r
        for r in crawl.records()
        if r.type == "revisit" and r.header("WARC-Refers-To-Target-URI") != r.uri
    ]
    assert {
        urlsplit(revisit.uri).path,
        urlsplit(revisit.header("WARC-Refers-To-Target-URI") or "").path,
    } == {"/copy", "/target"}
    status, body = _raw_replay(wayback, _timestamp(revisit.header("WARC-Date")), revisit.uri)
    assert (status, body) == (200, SERVER.BODIES["/copy"])
