"""A crawl killed with SIGKILL while it writes WARC files, then ``jambicrawl archive repair``."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from typing import TYPE_CHECKING

from tests.archive.warcs import complete_records, open_paths, read_warc, warc_paths, warcio_check
from tests.crawl.mirror_process import MirrorProcess, crawl_command

if TYPE_CHECKING:
    from pathlib import Path

#: Enough articles that the crawl is still writing when it is killed.
ARTICLES_PER_SITE = 300
#: The .open file must have at least this much on disk, and be growing, before the kill.
GROWN = 512 * 1024


def _open_sizes(archive: Path) -> dict[Path, int]:
    sizes = {}
    for path in open_paths(archive):
        try:
            sizes[path] = path.stat().st_size
        except FileNotFoundError:  # closed (renamed) since it was listed
            continue
    return sizes


def _kill_while_writing(mirror: str, archive: Path) -> None:
    process = subprocess.Popen(
        crawl_command(mirror, archive), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        sizes: dict[Path, int] = {}
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline:
            now = _open_sizes(archive)
            if any(size >= GROWN and size > sizes.get(path, 0) for path, size in now.items()):
                break
            sizes = now
            time.sleep(0.05)
        assert process.poll() is None, "the crawl ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


def _tear_last_record(path: Path) -> None:
    """Append the first half of the file's last record, as a write cut short would leave it.

    The writer puts each capture on disk with one write() call, and what a write() put in the
    page cache survives SIGKILL: in practice the kill leaves whole records only. A torn one is
    what a kill inside a write, or a power cut, leaves; the repair must cut it, keep the rest.
    """
    data = path.read_bytes()
    complete = complete_records(data)
    assert len(complete) >= 2, f"{path}: too few records to tear one"
    start, end = complete[-2][1], complete[-1][1]
    with path.open("ab") as stream:
        stream.write(data[start : start + (end - start) // 2])


def _digest_index(archive: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(archive / "state.sqlite3")
    try:
        return conn.execute("SELECT warc_file, record_id FROM warc_digests").fetchall()
    finally:
        conn.close()


def test_a_killed_crawl_is_repaired_without_losing_a_complete_record(tmp_path: Path) -> None:
    mirror = MirrorProcess.start(articles_per_site=ARTICLES_PER_SITE)
    try:
        archive = tmp_path / "archive"
        _kill_while_writing(mirror.url, archive)
    finally:
        mirror.stop()
    assert open_paths(archive), "no .open WARC file was left behind"
    _tear_last_record(max(open_paths(archive), key=lambda path: path.stat().st_size))
    left_open = {path: path.read_bytes() for path in open_paths(archive)}
    closed_before = warc_paths(archive)

    done = subprocess.run(
        [sys.executable, "-m", "jambicrawl", "archive", "repair", str(archive)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not open_paths(archive)

    cut = 0
    for path, data in left_open.items():
        complete = complete_records(data)
        final = path.with_name(path.name.removesuffix(".open"))
        if not complete:
            assert not final.exists(), f"{final}: kept without a complete record"
            continue
        # Byte for byte the records before the cut point, nothing after it.
        end = complete[-1][1]
        cut += len(data) - end
        assert final.read_bytes() == data[:end], f"{final}: not cut at {end} of {len(data)}"
        warc = read_warc(final)
        assert [r.id for r in warc.records] == [record_id for record_id, _ in complete], final
        assert warc.errors == 0 and warc.end == warc.size, final
        assert warc.records[0].type == "warcinfo", final

    assert cut > 0, "the torn record was not cut"
    repaired = warc_paths(archive)
    assert set(closed_before) <= set(repaired)
    checked = warcio_check(repaired)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    # Every payload the digest index remembers is in the archive: no later revisit can
    # point at a record the repair cut off.
    ids = {path.name: {r.id for r in read_warc(path).records} for path in repaired}
    for warc_file, record_id in _digest_index(archive):
        assert record_id in ids.get(warc_file, set()), (warc_file, record_id)
