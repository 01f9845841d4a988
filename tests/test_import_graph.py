"""The package's import graph: no circle between its packages, and the storage of a crawl
chosen by setting, so that state/ and warc/ never reach up to the scale-out package."""

from __future__ import annotations

import ast
from collections import defaultdict
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import jambicrawl

PACKAGE = Path(jambicrawl.__file__).parent


def _package_of(module: str) -> str:
    """``jambicrawl.state.articles`` -> ``state``; top-level modules are their own."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports() -> dict[str, set[str]]:
    """Per package of jambicrawl, the other packages its modules import (type-only and
    function-level imports included: a circle of lazy imports is a circle still)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        here = _package_of(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.startswith("jambicrawl.") and (there := _package_of(name)) != here:
                    graph[here].add(there)
    return graph


def test_state_and_warc_import_nothing_from_scale() -> None:
    graph = _imports()
    assert "scale" not in graph["state"]
    assert "scale" not in graph["warc"]


def test_no_circle_of_packages() -> None:
    """No package reaches itself through others (a pair or a longer loop): the stages
    stack, each importing only those below it."""
    try:
        TopologicalSorter(_imports()).prepare()
    except CycleError as exc:
        raise AssertionError(f"packages import each other in a circle: {exc.args[1]}") from None
