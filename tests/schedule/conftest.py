"""One offline mirror (a real process on loopback) for the schedule tests that crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.crawl.mirror_process import MirrorProcess

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="package")
def mirror() -> Iterator[MirrorProcess]:
    process = MirrorProcess.start(articles_per_site=4)
    try:
        yield process
    finally:
        process.stop()
