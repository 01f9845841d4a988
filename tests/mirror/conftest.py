"""Mirror servers on 127.0.0.1, started in-process on a free port and stopped after."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from jambicrawl.mirror import MirrorServer

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Articles per site in the shared mirror: more than one listing page, a non-empty web
#: sitemap (the news sitemap holds the newest 20), and generated articles for every site.
ARTICLES = 30


@pytest.fixture(scope="session")
def mirror() -> Iterator[MirrorServer]:
    """A mirror shared by the tests that do not depend on the server's history. They stay
    off each site's flaky URL, whose first answer is a 500."""
    server = MirrorServer(port=0, articles_per_site=ARTICLES)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh_mirror() -> Iterator[MirrorServer]:
    """A mirror of the fixtures only, that nobody has asked anything yet."""
    server = MirrorServer(port=0)
    server.start()
    yield server
    server.stop()
