"""Running ``jambicrawl search`` in tests, and the Articles and archives they search."""

from __future__ import annotations

import contextlib
import io
import json
from typing import TYPE_CHECKING, Any

import jambicrawl.cli.commands as cli
from jambicrawl.items import Article
from jambicrawl.state.articles import STATE_FILE, ArticleStore

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

#: The sites the Articles of a test alternate between.
SITES = ("antarajambi", "tribunjambi")


def search_cli(*args: str) -> int:
    """``jambicrawl search ARGS``: its exit status."""
    return cli.run(["search", *args])


def found(archive: Path | list[Path], query: str, *more: str) -> list[dict[str, Any]]:
    """The hits of ``query`` in ``archive`` (or several), as ``--json`` gives them."""
    folders = archive if isinstance(archive, list) else [archive]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = search_cli(query, *map(str, folders), "--json", "--limit", "1000", *more)
    assert status == 0
    hits: list[dict[str, Any]] = json.loads(out.getvalue())["hits"]
    return hits


def article(number: int, name: str, title: str, body: str, date: str | None) -> Article:
    """An Article of ``SITES[number % 2]`` at ``https://SITE.example/NAME``."""
    site = SITES[number % 2]
    return Article(
        url=f"https://{site}.example/{name}",
        canonical_url=f"https://{site}.example/{name}",
        site=site,
        title=title,
        body=body,
        date_published=date or None,
        category="Daerah",
        language="id",
    )


def stored(folder: Path, articles: Iterable[Article]) -> Path:
    """``folder``, an archive whose state database holds ``articles`` (one job's)."""
    store = ArticleStore(folder / STATE_FILE)
    for each in articles:
        store.record(each, "crawl-1", "2026-01-01T00:00:00Z")
    store.close()
    return folder
