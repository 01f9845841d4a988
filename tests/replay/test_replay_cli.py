"""``jambicrawl replay`` on good and bad input: one-line reports, counts, exit statuses."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from io import BytesIO
from typing import TYPE_CHECKING

import pytest
from warcio.archiveiterator import ArchiveIterator

from jambicrawl.mirror.redesign.blocks import premium_cut
from jambicrawl.mirror.redesign.markup import layout_of
from jambicrawl.registry import load_registry
from tests.replay.archives import (
    MULTI_PAGE,
    Builder,
    case,
    find_records,
    html_headers,
    jambicrawl_archive,
    jambicrawl_capture,
    jambicrawl_warcinfo,
    warc_date,
)
from tests.replay.helpers import run_cli

if TYPE_CHECKING:
    from pathlib import Path

GOOD = [
    "jambione/pencurian-sawit-jsonld-red-jos",
    MULTI_PAGE,
    "jambiupdate/harga-karet-jsonld-no-author",
]
REPORT = re.compile(r"^jambicrawl: (?P<file>.+): offset (?P<offset>\d+): (?P<reason>.+)$")


def _lines(err: str) -> tuple[list[re.Match[str]], list[str]]:
    """Record reports and the other lines of stderr; no line is a traceback's."""
    lines = err.splitlines()
    assert all(line.startswith("jambicrawl: ") for line in lines), err
    reports = [m for line in lines if (m := REPORT.match(line))]
    return reports, [line for line in lines if not REPORT.match(line)]


def _offsets(path: Path) -> list[int]:
    stream = BytesIO(path.read_bytes())
    iterator = ArchiveIterator(stream)
    offsets = []
    for _ in iterator:
        offsets.append(iterator.get_record_offset())
    return offsets


def _urls(out: str) -> list[str]:
    return [json.loads(line)["url"] for line in out.splitlines()]


def test_good_archive_exit_0_articles_on_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    jambicrawl_archive(tmp_path / "crawl.warc.gz", GOOD)
    assert run_cli(monkeypatch, "replay", str(tmp_path)) == 0
    out, err = capsys.readouterr()
    assert sorted(_urls(out)) == sorted(case(c).expected["url"] for c in GOOD)
    reports, others = _lines(err)
    assert reports == []
    assert others == [
        "jambicrawl: replay: 1 of 1 files read, 13 records, 3 articles (4 pages), 0 held back, "
        "0 failed"
    ]


def test_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = jambicrawl_archive(tmp_path / "crawl.warc.gz", GOOD)
    out = tmp_path / "articles.jsonl"
    assert run_cli(monkeypatch, "replay", str(path), "-o", str(out), "--site", "tribunjambi") == 0
    (line,) = out.read_text("utf-8").splitlines()
    article = json.loads(line)
    assert article["url"] == case(MULTI_PAGE).expected["url"]
    assert [c["warc_file"] for c in article["captures"]] == ["crawl.warc.gz"] * 2


def test_truncated_gzip_member_mid_file_reported_and_the_rest_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = jambicrawl_archive(tmp_path / "crawl.warc.gz", GOOD)
    data = path.read_bytes()
    offsets = _offsets(path)
    first = case(GOOD[0]).responses()[0]
    # The first article's response record: cut its gzip member in half.
    start = offsets[1]
    end = offsets[2]
    path.write_bytes(data[: start + (end - start) // 2] + data[end:])
    assert run_cli(monkeypatch, "replay", str(path)) == 3
    out, err = capsys.readouterr()
    assert first.url not in _urls(out)
    assert len(_urls(out)) == 2
    reports, _ = _lines(err)
    assert [(m["file"], int(m["offset"]), m["reason"]) for m in reports] == [
        (str(path), start, "truncated or corrupt gzip member")
    ]


def test_file_cut_in_its_last_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = jambicrawl_archive(tmp_path / "crawl.warc.gz", GOOD)
    last = _offsets(path)[-1]
    data = path.read_bytes()
    path.write_bytes(data[: last + (len(data) - last) // 2])
    assert run_cli(monkeypatch, "replay", str(path)) == 3
    out, err = capsys.readouterr()
    assert len(_urls(out)) == 3  # the cut record was the last capture's metadata
    reports, _ = _lines(err)
    assert len(reports) == 1
    assert int(reports[0]["offset"]) == last
    assert reports[0]["reason"].startswith("truncated gzip member")


def test_bad_payload_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    the_case = case(GOOD[0])
    page = the_case.responses()[0]
    builder = Builder(tmp_path / "bad-digest.warc.gz")
    jambicrawl_warcinfo(builder)
    wrong = "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    builder.response(page.url, warc_date(the_case), page.body, html_headers(page),
                     extra={"WARC-Payload-Digest": wrong})  # fmt: skip
    path = builder.close()
    assert run_cli(monkeypatch, "replay", str(path)) == 3
    out, err = capsys.readouterr()
    assert out == ""
    reports, _ = _lines(err)
    assert [m["reason"] for m in reports] == [
        f"payload digest mismatch (WARC-Payload-Digest {wrong})"
    ]


def test_corrupted_byte_in_a_plain_warc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.warc"
    builder = Builder(path, gzip=False)
    for name in GOOD[:1]:
        jambicrawl_capture(builder, case(name).responses()[0], warc_date(case(name)), gzipped=False)
    builder.close()
    data = path.read_bytes()
    at = data.index(b"</title>")
    path.write_bytes(data[:at] + b"X" + data[at + 1 :])
    assert run_cli(monkeypatch, "replay", str(path)) == 3
    reports, _ = _lines(capsys.readouterr().err)
    assert [(int(m["offset"]), m["reason"].split(" (")[0]) for m in reports] == [
        (0, "payload digest mismatch")
    ]


def test_not_a_warc_next_to_a_good_one_is_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good = jambicrawl_archive(tmp_path / "crawl.warc.gz", GOOD[:1])
    html = tmp_path / "page.html"
    html.write_bytes(case(GOOD[0]).responses()[0].body)
    assert run_cli(monkeypatch, "replay", str(good), str(html)) == 3
    out, err = capsys.readouterr()
    assert len(_urls(out)) == 1
    reports, _ = _lines(err)
    assert [(m["file"], m["offset"]) for m in reports] == [(str(html), "0")]
    assert reports[0]["reason"].startswith("not a WARC file (file starting with '<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.warc.gz", b"", "empty file"),
        ("page.warc", b"<p>hi</p>", "not a WARC file (file starting with '<p>hi</p>')"),
        ("notes.warc.gz", gzip.compress(b"hi\n"), "not a WARC file (gzip starting with 'hi')"),
    ],
)  # fmt: skip
def test_no_readable_input_is_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    reason: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert run_cli(monkeypatch, "replay", str(path)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"jambicrawl: {path}: offset 0: {reason}",
        "jambicrawl: replay: no input could be read",
    ]


def test_missing_path_and_empty_folder_are_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    missing = tmp_path / "missing.warc.gz"
    assert run_cli(monkeypatch, "replay", str(missing), str(tmp_path / "empty")) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"jambicrawl: {missing}: offset 0: no such file or folder",
        f"jambicrawl: {tmp_path / 'empty'}: offset 0: folder holds no .warc or .warc.gz file",
        "jambicrawl: replay: no input could be read",
    ]


def test_revisit_without_its_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    the_case = case(GOOD[0])
    page = the_case.responses()[0]
    first = jambicrawl_archive(tmp_path / "first.warc.gz", GOOD[:1])
    record_id, digest, _ = find_records(first)[(page.url, warc_date(the_case))]
    builder = Builder(tmp_path / "second.warc.gz")
    jambicrawl_warcinfo(builder)
    original = (page.url, warc_date(the_case))
    builder.revisit(
        page.url,
        warc_date(the_case, 60),
        digest,
        html_headers(page),
        refers_to=record_id,
        target=original,
    )
    jambicrawl_capture(
        builder, case(MULTI_PAGE).responses()[0], warc_date(case(MULTI_PAGE)), gzipped=True
    )
    second = builder.close()
    offset = _offsets(second)[1]
    assert run_cli(monkeypatch, "replay", str(second)) == 3
    out, err = capsys.readouterr()
    assert _urls(out) == [case(MULTI_PAGE).expected["url"]]  # page 2 is not archived: incomplete
    assert not json.loads(out)["complete"]
    reports, others = _lines(err)
    assert [(m["file"], int(m["offset"]), m["reason"]) for m in reports] == [
        (
            str(second),
            offset,
            f"revisit of {page.url} at {warc_date(the_case)}: original not in the given files",
        )
    ]
    assert others[-1].endswith("1 articles (1 pages), 0 held back, 1 failed")
    # Given its original, the same revisit replays.
    assert run_cli(monkeypatch, "replay", str(first), str(second)) == 0


def test_bad_options_are_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = jambicrawl_archive(tmp_path / "crawl.warc.gz", GOOD[:1])
    assert run_cli(monkeypatch, "replay", str(path), "--site", "nosuchsite") == 2
    assert run_cli(monkeypatch, "replay", str(path), "--since", "not a date") == 2
    assert capsys.readouterr().err.splitlines() == [
        "jambicrawl: unknown site 'nosuchsite' (see 'jambicrawl sites')",
        "jambicrawl: --since: not a date: 'not a date'",
    ]


def test_help_documents_the_exit_statuses(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run_cli(monkeypatch, "replay", "--help")
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert re.search(r"^  0 +every record was read", text, re.M)
    assert re.search(r"^  2 +no input could be read", text, re.M)
    assert re.search(r"^  3 +some records failed", text, re.M)


def test_a_later_capture_cut_by_a_paywall_is_held_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Replay flags captures as the crawl's version guard does: a later capture of the same
    article that lost most of its body is held back, written with --include-flagged."""
    good = case("tribunjambi/single-page-baca-juga-ringkasan")
    page = good.responses()[0]
    layout = layout_of(load_registry().get("tribunjambi"))
    cut = replace(page, body=premium_cut(page.body, layout, datetime.now(UTC)))
    builder = Builder(tmp_path / "two.warc.gz")
    jambicrawl_warcinfo(builder)
    jambicrawl_capture(builder, page, warc_date(good), gzipped=False)
    jambicrawl_capture(builder, cut, warc_date(good, 86400), gzipped=False)
    builder.close()

    assert run_cli(monkeypatch, "replay", str(tmp_path)) == 0
    out, err = capsys.readouterr()
    written = [json.loads(line) for line in out.splitlines()]
    assert len(written) == 1 and written[0]["body"] == good.expected["body"]
    assert "1 articles (1 pages), 1 held back" in err

    assert run_cli(monkeypatch, "replay", str(tmp_path), "--include-flagged") == 0
    both = [json.loads(line) for line in capsys.readouterr()[0].splitlines()]
    assert both[0]["flags"] == []
    assert {"body_shrank", "held_back"} <= set(both[1]["flags"])
