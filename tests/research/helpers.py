"""Running ``jambicrawl search`` in tests."""

from __future__ import annotations

import contextlib
import io
import json
from typing import TYPE_CHECKING, Any

import jambicrawl.cli.commands as cli

if TYPE_CHECKING:
    from pathlib import Path


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
