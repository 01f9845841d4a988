"""Replay in pywb: each capture's raw (``id_``) replay is what the server sent.

pywb 2.10 pins dependencies that clash with the crawler's, so it runs from a virtual
environment of its own: set PYWB_BIN to that environment's ``bin`` folder, e.g.
``python -m venv .venv-pywb && .venv-pywb/bin/pip install 'pywb==2.10.*'`` then
``PYWB_BIN=.venv-pywb/bin``. Without it these tests are skipped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from warc_helpers import Crawl, load_server_module

from tests.archive.wayback import Wayback, pywb_bin

if TYPE_CHECKING:
    from collections.abc import Iterator

SERVER = load_server_module()
PYWB_BIN = pywb_bin()
pytestmark = pytest.mark.skipif(
    PYWB_BIN is None, reason="PYWB_BIN (a pywb 2.10 virtualenv's bin) not set"
)


@pytest.fixture(scope="module")
def wayback(crawl: Crawl, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wayback]:
    assert PYWB_BIN is not None
    server = Wayback.start(PYWB_BIN, tmp_path_factory.mktemp("pywb"), crawl.files)
    try:
        yield server
    finally:
        server.stop()


def _timestamp(warc_date: str | None) -> str:
    return re.sub(r"\D", "", warc_date or "")[:14]


def test_raw_replay_is_what_the_server_sent(crawl: Crawl, wayback: Wayback) -> None:
    responses = [r for r in crawl.records() if r.type == "response"]
    assert len(responses) >= 14
    for record in responses:
        path = urlsplit(record.uri).path
        expected = SERVER.BODIES.get(path, b"") if path != "/echo" else record.payload
        status, body = wayback.raw_replay(_timestamp(record.header("WARC-Date")), record.uri)
        assert status == int(record.http_status or 0), record.uri
        assert body == expected, record.uri


def test_revisit_replays_as_its_original(crawl: Crawl, wayback: Wayback) -> None:
    (revisit,) = [
        r
        for r in crawl.records()
        if r.type == "revisit" and r.header("WARC-Refers-To-Target-URI") != r.uri
    ]
    assert {
        urlsplit(revisit.uri).path,
        urlsplit(revisit.header("WARC-Refers-To-Target-URI") or "").path,
    } == {"/copy", "/target"}
    status, body = wayback.raw_replay(_timestamp(revisit.header("WARC-Date")), revisit.uri)
    assert (status, body) == (200, SERVER.BODIES["/copy"])
