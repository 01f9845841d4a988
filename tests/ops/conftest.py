"""An archive with a crawl history: three normal crawls of every site, then one against a
mirror where jambiekspres has been redesigned."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from tests.crawl.mirror_process import crawl
from tests.ops.processes import start_mirror
from tests.ops.webhook import Receiver

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Iterator
    from pathlib import Path

#: Articles per site: enough that a coverage share means something (the monitor needs 5).
ARTICLES = 12
REDESIGNED = "jambiekspres"


@dataclass
class History:
    archive: Path
    #: The crawls in order; the last one ran against the redesigned site.
    crawls: list[subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    archive = tmp_path_factory.mktemp("ops") / "archive"
    crawls = []
    mirror = start_mirror("--articles-per-site", str(ARTICLES))
    try:
        # The README's recipe as written: a few crawls of the normal mirror with the default
        # settings (the later ones find every article known, or answered 304, and extract
        # nothing), then a --refresh crawl against the redesigned site.
        crawls += [crawl(mirror.url, archive) for _ in range(3)]
    finally:
        mirror.stop()
    port = mirror.url.rsplit(":", 1)[1]
    # The same port: the same URLs, the same articles, only the layout changed.
    changed = start_mirror("--port", port, "--articles-per-site", str(ARTICLES),
                           "--changed-layout", REDESIGNED)  # fmt: skip
    try:
        crawls.append(crawl(changed.url, archive, "--refresh"))
    finally:
        changed.stop()
    return History(archive, crawls)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()
