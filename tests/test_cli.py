"""The command line: called through main() as a user would, output compared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jambicrawl.cli.main import main
from tests.fixturecases import all_cases

REAL_PAGE = Path(__file__).parent / "fixtures/pages/generic/mediaindonesia-2026-01-20"


def test_sites_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["SITE", "NAME", "FAMILY", "HOST"]
    assert "tribunjambi" in out


def test_sites_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["key"] for r in rows} >= {"jambiekspres", "antarajambi"}


def test_extract_prints_one_object_per_input_and_reports_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in all_cases() if c.expected["page_count"] == 1)
    page = case.folder / "inputs" / "HttpResponse-body.html"
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    url = case.expected["url"]
    status = main(
        ["extract", str(page), str(empty), str(tmp_path / "missing.html"), str(page), "--url", url]
    )
    captured = capsys.readouterr()
    assert status == 2
    lines = captured.out.splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["title"] == case.expected["title"]
    errors = captured.err.splitlines()
    assert len(errors) == 2
    assert all(line.startswith("jambicrawl: ") for line in errors)
    assert "Traceback" not in captured.err


def test_extract_unknown_site(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "x.html", "--url", "https://a.b/", "--site", "nope"]) == 2
    assert "unknown site" in capsys.readouterr().err


def test_extract_bad_sites_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "s.toml"
    bad.write_text("[sites.x]\n", "utf-8")
    assert main(["extract", "x.html", "--url", "https://a.b/", "--sites-file", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "s.toml" in err


def test_crawl_into_an_unwritable_archive_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    assert main(["crawl", "tribunjambi", "--archive", str(blocker / "archive")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write there" in err
