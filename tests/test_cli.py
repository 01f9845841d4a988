"""The command line: called through main() as a user would, output compared."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jambicrawl.cli.main import main
from jambicrawl.registry import load_registry
from tests.fixturecases import PAGES, all_cases

ROOT = Path(__file__).resolve().parents[1]

REAL_PAGE = PAGES / "generic" / "mediaindonesia-2026-01-20"


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


def test_scrapy_list_shows_one_spider_per_registered_site_and_nothing_else() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True, cwd=ROOT
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == sorted(site.key for site in load_registry())


def test_the_demo_prints_its_table_progress_and_warnings_not_the_log(tmp_path: Path) -> None:
    """What a new user sees: a short screen; the whole log is in the archive."""
    archive = tmp_path / "archive"
    done = subprocess.run(
        [sys.executable, "-m", "jambicrawl", "demo", "--archive", str(archive)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "total" in done.stdout
    # The second crawl, after the mirror published and edited: one of each a site.
    sites = len(load_registry())
    assert (
        f"a second crawl (--refresh): {sites} new articles; {sites} articles edited since the "
        "first crawl: versions stored" in done.stdout
    ), done.stdout
    shown = done.stdout.splitlines() + done.stderr.splitlines()
    assert len(shown) <= 40, shown
    assert "Overridden settings" not in done.stderr and "WARNING: WARC file" not in done.stderr
    assert not [line for line in done.stderr.splitlines() if "Deprecat" in line]
    log = "".join(path.read_text("utf-8") for path in (archive / "logs").glob("*.log"))
    assert "Overridden settings" in log and "Spider closed (finished)" in log
