"""Running replay in tests, through the library and through the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jambicrawl.cli.commands as cli_main
from jambicrawl.cli import export, replay
from jambicrawl.items import Article
from jambicrawl.registry import load_registry
from jambicrawl.replay.articles import Replay, Window
from jambicrawl.replay.inputs import warc_files
from jambicrawl.replay.problems import RecordProblem
from jambicrawl.replay.scan import ArchiveScan

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from tests.fixturecases import Case


def replay_paths(*paths: Path, **window: Any) -> tuple[list[Article], list[RecordProblem]]:
    """Articles and problems of replaying ``paths``, in the order found."""
    files, problems = warc_files(paths)
    with ArchiveScan.read(files) as scan:
        items = list(Replay(scan, load_registry(), Window(**window)))
    problems += scan.problems + [item for item in items if isinstance(item, RecordProblem)]
    return [item for item in items if isinstance(item, Article)], problems


def assert_fixture_fields(article: Article, case: Case) -> None:
    """Every field of the case's output.json, url and canonical_url included."""
    actual = article.to_dict()
    for name, expected in case.expected.items():
        assert actual[name] == expected, f"{case.id}: {name}"


def article_at(articles: list[Article], url: str, captured_at: str) -> Article:
    found = [a for a in articles if a.url == url and a.captures[0].captured_at == captured_at]
    assert len(found) == 1, f"{len(found)} Articles of {url} captured at {captured_at}"
    return found[0]


def run_cli(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    """``jambicrawl ARGV...`` as a user runs it, with replay and export registered."""
    commands = tuple(cli_main.COMMANDS)
    missing = tuple(m for m in (replay, export) if m not in commands)
    monkeypatch.setattr(cli_main, "COMMANDS", commands + missing)
    return cli_main.run(list(argv))
