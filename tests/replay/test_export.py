"""``jambicrawl export``: every article version of a state database, in three formats,
columns in the documented order."""

from __future__ import annotations

import csv
import json
import sqlite3
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from jambicrawl import extract_pages
from jambicrawl.export.columns import COLUMN_NAMES, COLUMNS
from jambicrawl.items import Capture
from jambicrawl.state.articles import STATE_FILE, ArticleStore
from tests.replay.archives import case
from tests.replay.helpers import run_cli

if TYPE_CHECKING:
    from pathlib import Path

CASES = [
    "tribunjambi/multi-page-2",
    "jambione/kur-triwulan-i-two-authors",
    "antarajambi/layout-2015",
]
CHANGED = CASES[1]
BROKEN = "https://example.id/broken"


def stored_versions(folder: Path) -> Path:
    """A state database in ``folder``: three articles, one of them changed once (four
    versions)."""
    store = ArticleStore(folder / STATE_FILE)
    for case_id in CASES:
        the_case = case(case_id)
        article = extract_pages(the_case.responses(), the_case.site)
        article.captures = [
            Capture(
                p.url, the_case.meta["captured_at"], "crawl.warc.gz", f"<urn:uuid:{i}>", "sha1:X"
            )
            for i, p in enumerate(the_case.responses())
        ]
        store.record(article, "crawl-1", the_case.meta["captured_at"])
        if case_id == CHANGED:
            changed = replace(article, body=(article.body or "") + "\n\nKoreksi: judul diperbarui.")
            store.record(changed, "crawl-2", "2026-05-01T00:00:00Z")
    store.close()
    return folder


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return stored_versions(tmp_path / "archive")


def _export(monkeypatch: pytest.MonkeyPatch, archive: Path, fmt: str, out: Path, *more: str) -> int:
    return run_cli(monkeypatch, "export", str(archive), "--format", fmt, "-o", str(out), *more)


def test_jsonl_one_row_per_version_in_column_order(
    archive: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "articles.jsonl"
    assert _export(monkeypatch, archive, "jsonl", out) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [tuple(row) for row in rows] == [COLUMN_NAMES] * 4
    keys = [(row["canonical_url"], row["version"]) for row in rows]
    assert keys == sorted(keys)
    changed = [
        row for row in rows if row["canonical_url"] == case(CHANGED).expected["canonical_url"]
    ]
    assert [(r["version"], r["crawl_id"]) for r in changed] == [(1, "crawl-1"), (2, "crawl-2")]
    assert changed[1]["body"].endswith("Koreksi: judul diperbarui.")
    multi = next(row for row in rows if row["url"] == case(CASES[0]).expected["url"])
    for name in ("title", "authors", "editors", "tags", "page_count", "date_published", "images"):
        assert multi[name] == case(CASES[0]).expected[name], name
    assert [c["warc_file"] for c in multi["captures"]] == ["crawl.warc.gz"] * 2
    assert not (tmp_path / "articles.jsonl.part").exists()
    assert capsys.readouterr().err == f"jambicrawl: export: 4 versions written to {out}, 0 failed\n"


def test_csv_header_and_cells(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "articles.csv"
    assert _export(monkeypatch, archive, "csv", out) == 0
    with out.open(newline="", encoding="utf-8") as stream:
        header, *rows = list(csv.reader(stream))
    assert tuple(header) == COLUMN_NAMES
    assert len(rows) == 4
    row = dict(zip(header, rows[0], strict=True))
    expected = next(
        case(c).expected for c in CASES if case(c).expected["canonical_url"] == row["canonical_url"]
    )
    assert row["title"] == expected["title"]
    assert json.loads(row["authors"]) == expected["authors"]
    assert row["word_count"] == str(expected["word_count"])
    assert row["complete"] in ("true", "false")
    assert row["subtitle"] == ("" if expected["subtitle"] is None else expected["subtitle"])


def test_parquet_schema_in_column_order(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "articles.parquet"
    assert _export(monkeypatch, archive, "parquet", out) == 0
    table = pq.read_table(out)
    assert tuple(table.schema.names) == COLUMN_NAMES
    assert table.num_rows == 4
    rows = table.to_pylist()
    assert [
        r["version"] for r in rows if r["canonical_url"] == case(CHANGED).expected["canonical_url"]
    ] == [1, 2]
    first = next(r for r in rows if r["url"] == case(CASES[0]).expected["url"])
    assert first["authors"] == case(CASES[0]).expected["authors"]
    assert first["images"] == case(CASES[0]).expected["images"]
    assert [c["record_id"] for c in first["captures"]] == ["<urn:uuid:0>", "<urn:uuid:1>"]


def test_empty_parquet_still_has_every_column(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "none.parquet"
    assert _export(monkeypatch, archive, "parquet", out, "--since", "2030-01-01") == 0
    table = pq.read_table(out)
    assert (table.num_rows, tuple(table.schema.names)) == (0, COLUMN_NAMES)


def test_site_and_date_selection(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "a.jsonl"
    assert _export(monkeypatch, archive, "jsonl", out, "--site", "antarajambi") == 0
    assert [json.loads(line)["site"] for line in out.read_text().splitlines()] == ["antarajambi"]
    assert (
        _export(
            monkeypatch, archive, "jsonl", out, "--since", "2022-01-01", "--until", "2023-01-01"
        )
        == 0
    )
    assert [json.loads(line)["site"] for line in out.read_text().splitlines()] == ["tribunjambi"]


def test_a_bad_stored_version_is_reported_and_the_rest_exported(
    archive: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with sqlite3.connect(archive / STATE_FILE) as conn:
        conn.execute(
            "INSERT INTO article_versions VALUES (?, 1, 'x', ?, 'c', 'generic', NULL, ?, NULL)",
            (BROKEN, "2026-01-01T00:00:00Z", json.dumps({"url": BROKEN, "nonsense": 1})),
        )
    out = tmp_path / "a.jsonl"
    assert _export(monkeypatch, archive, "jsonl", out) == 3
    assert len(out.read_text().splitlines()) == 4
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"jambicrawl: {archive / STATE_FILE}: {BROKEN} version 1: unknown Article fields: nonsense",
        f"jambicrawl: export: 4 versions written to {out}, 1 failed",
    ]


def test_no_database_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    not_db = tmp_path / "notes.sqlite3"
    not_db.write_text("hello")
    assert _export(monkeypatch, tmp_path, "jsonl", tmp_path / "a.jsonl") == 2
    assert _export(monkeypatch, not_db, "csv", tmp_path / "a.csv") == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"jambicrawl: {tmp_path}: no state database ({STATE_FILE}) here"
    assert err[1].startswith(f"jambicrawl: {not_db}: not a jambicrawl state database")
    assert not (tmp_path / "a.jsonl").exists() and not (tmp_path / "a.csv").exists()


def test_unwritable_output_is_exit_1(
    archive: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "no-such-folder" / "a.csv"
    assert _export(monkeypatch, archive, "csv", out) == 1
    assert capsys.readouterr().err.startswith(f"jambicrawl: {out}: cannot write")


def test_every_column_documented() -> None:
    assert len(set(COLUMN_NAMES)) == len(COLUMNS)
    assert all(column.doc and column.kind for column in COLUMNS)


def test_help_lists_the_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        run_cli(monkeypatch, "export", "--help")
    assert ", ".join(COLUMN_NAMES) in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_held_back_versions_only_with_include_flagged(
    monkeypatch: pytest.MonkeyPatch, archive: Path, tmp_path: Path, fmt: str
) -> None:
    store = ArticleStore(archive / STATE_FILE)
    the_case = case(CASES[0])
    good = extract_pages(the_case.responses(), the_case.site)
    cut = replace(good, body="Konten premium.", word_count=2, flags=["body_shrank", "held_back"])
    assert store.record(cut, "crawl-3", "2026-06-01T00:00:00Z", held_back=True) == "held"
    store.close()

    def exported(*more: str) -> list[dict[str, object]]:
        out = tmp_path / f"out{len(more)}.{fmt}"
        assert _export(monkeypatch, archive, fmt, out, *more) == 0
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return list(pq.read_table(out).to_pylist())
        return [json.loads(line) for line in out.read_text("utf-8").splitlines()]

    default = exported()
    assert len(default) == 4 and not any(row["held_back"] for row in default)
    flagged = exported("--include-flagged")
    held = [row for row in flagged if row["held_back"]]
    assert len(flagged) == 5 and len(held) == 1
    assert held[0]["body"] == "Konten premium."
    assert held[0]["flags"] == ["body_shrank", "held_back"]
    assert all(row["date_published_precision"] == "minute" for row in flagged)
    evidence = default[0]["date_evidence"]
    assert isinstance(evidence, list) and evidence and "agrees" in evidence[0]
