"""A full disk (ENOSPC): the crawl stops with one clear message, the archive stays readable."""

from __future__ import annotations

import errno
import logging
import os
from typing import TYPE_CHECKING

import pytest
from warc_helpers import make_exchange, make_writer, read_warc, run_crawl, warcio_check

from jambicrawl.warc import files

if TYPE_CHECKING:
    from pathlib import Path


def test_writer_stops_cleanly_on_enospc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real_write_all = files.write_all
    calls = 0

    def write_all(fd: int, data: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:  # warcinfo, two captures, then the disk is full mid-record.
            real_write_all(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write_all(fd, data)

    monkeypatch.setattr(files, "write_all", write_all)
    stats: dict[str, int] = {}
    fatal: list[str] = []
    writer = make_writer(tmp_path, stats, fatal)
    writer.start()
    with caplog.at_level(logging.ERROR, logger="jambicrawl.warc.writer"):
        for number in range(4):
            writer.submit(make_exchange(f"/page{number}", b"body %d" % number))
        writer.close()
    assert len(fatal) == 1
    assert "No space left on device" in fatal[0]
    assert "stopping the crawl" in fatal[0]
    assert "readable up to its last complete record" in fatal[0]
    assert fatal[0] in caplog.messages
    assert not writer.submit(make_exchange("/later", b"x"))
    (path,) = tmp_path.glob("*.warc.gz")
    assert not list(tmp_path.glob("*.open"))
    records = read_warc(path)
    assert [r.type for r in records] == ["warcinfo"] + ["response", "request", "metadata"] * 2
    assert warcio_check([path]).returncode == 0
    assert stats["warc/failures"] == 2  # The capture cut by ENOSPC and the one after it.


def test_crawl_stops_on_full_disk_and_archive_stays_readable(
    server_url: str, tmp_path: Path
) -> None:
    crawl = run_crawl(server_url, tmp_path, env={"WARC_TEST_FAIL_AFTER": "6000"})
    assert crawl.stats["finish_reason"] == "warc_write_failed"
    errors = [line for line in crawl.log.splitlines() if "WARC archive write failed" in line]
    assert len(errors) == 1
    assert "ERROR" in errors[0]
    assert "No space left on device" in errors[0]
    assert crawl.stats["warc/failures"] >= 1
    assert not list(crawl.warc_dir.glob("*.open"))
    assert crawl.files
    for path in crawl.files:
        records = read_warc(path)
        assert records[0].type == "warcinfo"
        assert (len(records) - 1) % 3 == 0
    assert warcio_check(crawl.files).returncode == 0
