"""The WARC writer process: captures written in a process of their own, cited, counted, closed."""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

from warc_helpers import make_exchange, make_writer, read_warc, warcio_check

from jambicrawl.warc.writer import SinkSpec
from jambicrawl.warc.writer_process.client import WriterProcess, running_writer_process

if TYPE_CHECKING:
    from pathlib import Path


def _spec(directory: Path) -> SinkSpec:
    return SinkSpec(
        directory, "test", 1_000_000, {"software": "test"}, directory / "db.sqlite3", True
    )


class Stats(dict[str, int]):
    def count(self, key: str, value: int) -> None:
        self[key] = self.get(key, 0) + value


def test_captures_are_written_cited_and_counted_by_the_writer_process(tmp_path: Path) -> None:
    stats, fatal = Stats(), []
    with WriterProcess() as process:
        assert running_writer_process() is process
        writer = process.writer("site", _spec(tmp_path), stats.count, fatal.append)
        writer.start()
        cites: list[Future[str]] = [Future() for _ in range(3)]
        for number, cite in enumerate(cites):
            assert writer.submit(make_exchange(f"/page{number}", b"body %d" % number), cite)
        assert writer.submit(make_exchange("/copy", b"body 0"))  # the payload of page0
        writer.close()
        assert all(cite.done() for cite in cites)
    assert running_writer_process() is None
    (path,) = tmp_path.glob("*.warc.gz")
    assert {cite.result() for cite in cites} == {path.name}
    # Named by the process that wrote it.
    assert f"-{process.pid}~" in path.name and f"-{os.getpid()}~" not in path.name
    records = read_warc(path)
    kinds = ["warcinfo"] + ["response", "request", "metadata"] * 3 + ["revisit", "request"]
    assert [r.type for r in records] == kinds
    assert warcio_check([path]).returncode == 0
    assert stats["warc/records"] == len(kinds)
    assert stats["warc/revisits"] == 1
    assert stats["warc/bytes_written"] == path.stat().st_size
    assert not fatal


def test_a_write_failure_stops_the_writer_and_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    stats, fatal = Stats(), []
    with WriterProcess() as process:
        writer = process.writer("site", _spec(blocker / "warc"), stats.count, fatal.append)
        writer.start()
        cite: Future[str] = Future()
        writer.submit(make_exchange("/page", b"body"), cite)
        writer.close()
    assert cite.result() == ""
    assert len(fatal) == 1 and "stopping the crawl" in fatal[0]
    assert writer.failure == fatal[0]
    assert not writer.submit(make_exchange("/later", b"x"))


def test_a_killed_writer_process_fails_the_writer_instead_of_hanging(tmp_path: Path) -> None:
    stats, fatal = Stats(), []
    with WriterProcess() as process:
        writer = process.writer("site", _spec(tmp_path), stats.count, fatal.append)
        writer.start()
        cite: Future[str] = Future()
        writer.submit(make_exchange("/page", b"body"), cite)
        assert process.pid is not None
        os.kill(process.pid, signal.SIGKILL)
        writer.close()
    assert cite.done()
    assert writer.failure is not None and "writer process" in writer.failure
    assert fatal == [writer.failure]
    assert not writer.submit(make_exchange("/later", b"x"))


def test_a_crawl_waiting_for_a_citation_hears_when_the_writer_process_dies(
    tmp_path: Path,
) -> None:
    # The crawl does not close its writer while an Article waits for its citation: the
    # reader must notice the death by itself, or the crawl would wait for ever.
    stats, fatal = Stats(), []
    with WriterProcess() as process:
        writer = process.writer("site", _spec(tmp_path), stats.count, fatal.append)
        writer.start()
        assert process.pid is not None
        os.kill(process.pid, signal.SIGKILL)
        cite: Future[str] = Future()
        if writer.submit(make_exchange("/page", b"body"), cite):
            # Queued before the death was seen: the reader gives the citation up.
            assert cite.result(timeout=30) == ""
        else:  # Refused: the caller cites no file (the archiving extension does so).
            assert not cite.done()
        assert fatal and "writer process" in fatal[0]


def test_a_failed_writer_thread_releases_every_citation(tmp_path: Path) -> None:
    """A bug in the writer thread fails it: every Article waiting for a file is released
    (citing none) instead of waiting for ever."""
    stats: dict[str, int] = {}
    fatal: list[str] = []
    writer = make_writer(tmp_path, stats, fatal)
    started = threading.Event()
    release = threading.Event()

    def broken(capture: object) -> None:
        started.set()
        release.wait()
        raise RuntimeError("a bug")

    writer._handle = broken  # type: ignore[method-assign]
    writer.start()
    cites: list[Future[str]] = [Future() for _ in range(4)]
    for number, cite in enumerate(cites):
        assert writer.submit(make_exchange(f"/page{number}", b"body %d" % number), cite)
    started.wait()
    release.set()
    writer.close()
    assert [cite.result(timeout=10) for cite in cites] == [""] * 4
    assert len(fatal) == 1 and "writer thread failed" in fatal[0]
