"""Crash repair: a leftover ``.open`` file is cut back to its last complete record and closed."""

from __future__ import annotations

import logging
import shutil
from typing import TYPE_CHECKING

import pytest
from warc_helpers import make_exchange, make_writer, read_warc, warcio_check

from jambicrawl.cli.main import main
from jambicrawl.errors import EXIT_BAD_INPUT, EXIT_OK
from jambicrawl.state.digests import ArchivedPayload, DigestIndex
from jambicrawl.warc import files
from jambicrawl.warc.files import RotatingWarcFile
from jambicrawl.warc.repair import repair_directory, repair_file

if TYPE_CHECKING:
    from pathlib import Path

    from warc_helpers import Crawl


def leftover(crawl: Crawl, directory: Path, cut_at: float) -> tuple[Path, list[int]]:
    """A copy of the crawl's file as if the crawl had died ``cut_at`` into a mid-file record."""
    source = crawl.files[0]
    offsets = [r.offset for r in read_warc(source)]
    # Cut inside the gzip member of the record in the middle of the file.
    middle = len(offsets) // 2
    cut = offsets[middle] + int((offsets[middle + 1] - offsets[middle]) * cut_at)
    path = directory / (source.name + ".open")
    path.write_bytes(source.read_bytes()[:cut])
    return path, offsets[:middle]


@pytest.mark.parametrize("cut_at", [0.01, 0.5, 0.99])
def test_repair_keeps_every_complete_record(crawl: Crawl, tmp_path: Path, cut_at: float) -> None:
    path, complete = leftover(crawl, tmp_path, cut_at)
    original = read_warc(crawl.files[0])
    result = repair_file(path)
    assert result.outcome == "closed"
    assert result.kept_records == len(complete)
    assert result.path == tmp_path / crawl.files[0].name
    assert not path.exists()
    repaired = read_warc(result.path)
    assert [r.id for r in repaired] == [r.id for r in original[: len(complete)]]
    assert [r.payload for r in repaired] == [r.payload for r in original[: len(complete)]]
    assert result.record_ids == [r.id for r in repaired]
    assert warcio_check([result.path]).returncode == 0


def test_repair_cuts_trailing_garbage(crawl: Crawl, tmp_path: Path) -> None:
    path = tmp_path / (crawl.files[0].name + ".open")
    path.write_bytes(crawl.files[0].read_bytes() + b"\0" * 4096)
    result = repair_file(path)
    assert (result.outcome, result.cut_bytes) == ("closed", 4096)
    assert result.path.read_bytes() == crawl.files[0].read_bytes()


def test_repair_removes_a_file_without_any_complete_record(tmp_path: Path) -> None:
    path = tmp_path / "x-20260101000000000-00000-1~h.warc.gz.open"
    path.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    result = repair_file(path)
    assert result.outcome == "removed"
    assert list(tmp_path.iterdir()) == []


def test_repair_leaves_a_file_being_written_alone(tmp_path: Path) -> None:
    writing = RotatingWarcFile(tmp_path, "live", 10_000, lambda name: b"", lambda k, v: None)
    writing.write(b"")
    assert writing.current is not None
    results = repair_directory(tmp_path)
    assert [r.outcome for r in results] == ["in use"]
    assert writing.current.exists()
    writing.close()


@pytest.mark.parametrize("repair_holds_the_lock", [False, True])
def test_a_repair_between_a_file_created_and_locked_loses_no_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repair_holds_the_lock: bool
) -> None:
    """Another crawl's repair that opens a new file before its writer has locked it takes it
    for an empty leftover and removes it: the writer then writes to a file of its own."""
    real_lock = files.try_lock
    repaired: list[list[str]] = []

    def repair_first(fd: int) -> bool:
        if not repaired:  # the repair of another process, in the window
            if repair_holds_the_lock:  # still at work: it has the lock, not yet removed it
                (leftover,) = tmp_path.glob("*.open")
                with leftover.open("r+b") as stream:
                    assert real_lock(stream.fileno())
                    locked = real_lock(fd)
                leftover.unlink()
                repaired.append([leftover.name])
                return locked
            repaired.append([r.outcome for r in repair_directory(tmp_path)])
        return real_lock(fd)

    monkeypatch.setattr(files, "try_lock", repair_first)
    writing = RotatingWarcFile(tmp_path, "live", 10_000, lambda name: b"info", lambda k, v: None)
    name = writing.write(b"record")
    writing.close()
    assert repaired and repaired[0] != []
    assert (tmp_path / name).read_bytes() == b"inforecord"


def test_writer_repairs_leftovers_at_start_and_forgets_lost_digests(
    crawl: Crawl, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _, complete = leftover(crawl, tmp_path, 0.5)
    index = DigestIndex(tmp_path / "state.sqlite3")
    name = crawl.files[0].name
    index.add(
        ArchivedPayload("sha1:KEPT", "http://a/", "2026", read_warc(crawl.files[0])[1].id, name)
    )
    index.add(ArchivedPayload("sha1:LOST", "http://b/", "2026", "<urn:uuid:lost>", name))
    index.close()
    stats: dict[str, int] = {}
    fatal: list[str] = []
    writer = make_writer(tmp_path, stats, fatal)
    with caplog.at_level(logging.WARNING, logger="jambicrawl.warc.writer"):
        writer.start()
        writer.submit(make_exchange("/new", b"new body"))
        writer.close()
    assert fatal == []
    assert any("left open by an earlier crawl" in m and "closed" in m for m in caplog.messages)
    assert not list(tmp_path.glob("*.open"))
    assert len(read_warc(tmp_path / name)) == len(complete)
    index = DigestIndex(tmp_path / "state.sqlite3")
    assert index.lookup("sha1:KEPT") is not None
    assert index.lookup("sha1:LOST") is None
    index.close()


def test_cli_repair(crawl: Crawl, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, complete = leftover(crawl, tmp_path, 0.5)
    shutil.copy(crawl.files[0], tmp_path / "closed-already.warc.gz")
    assert main(["archive", "repair", str(tmp_path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"closed, {len(complete)} complete records kept" in out
    assert not list(tmp_path.glob("*.open"))
    assert main(["archive", "repair", str(tmp_path)]) == EXIT_OK
    assert "no .open WARC file" in capsys.readouterr().out
    assert main(["archive", "repair", str(tmp_path / "missing")]) == EXIT_BAD_INPUT
