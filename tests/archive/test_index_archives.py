"""``jambicrawl index`` of several archive folders (the workers of a shared crawl): one CDXJ,
every record of every folder once, a revisit resolved in another worker's folder."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from jambicrawl.replay.cdxj import ArchiveIndex, IndexEntry
from tests.archive import wayback
from tests.archive.warcs import Record, read_warc, warc_paths
from tests.ops.processes import jambicrawl

if TYPE_CHECKING:
    from pathlib import Path

    from tests.scale.workers import WorkerArchives


def _lines(index: Path, folder: str = "") -> set[tuple[str, str, str]]:
    """The index's lines, each file named from ``folder`` as well (``folder/NAME``)."""
    lines = set()
    for line in index.read_text("utf-8").splitlines():
        key, timestamp, block = line.split(" ", 2)
        fields = json.loads(block)
        fields["filename"] = f"{folder}{fields['filename']}"
        lines.add((key, timestamp, json.dumps(fields, sort_keys=True)))
    return lines


def _records(folder: Path) -> dict[tuple[str, int], Record]:
    """Each response and revisit record of a folder, by (folder/file, offset)."""
    return {
        (f"{folder.name}/{path.name}", record.offset): record
        for path in warc_paths(folder)
        for record in read_warc(path).records
        if record.type in ("response", "revisit")
    }


def test_one_index_lists_every_record_of_every_folder_once(
    worker_archives: WorkerArchives, tmp_path: Path
) -> None:
    folders = worker_archives.folders
    output = tmp_path / "collection.cdxj"
    # The first folder named twice, by another path: its files are indexed once.
    again = folders[2] / ".." / folders[0].name
    done = jambicrawl("index", *map(str, folders), str(again), "-o", str(output))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{output}: ")
    assert f"files named from {worker_archives.root}" in done.stdout

    text = output.read_text("utf-8").splitlines()
    assert text == sorted(text)
    entries = [json.loads(line.split(" ", 2)[2]) for line in text]
    places = Counter((e["filename"], int(e["offset"])) for e in entries)
    assert max(places.values()) == 1
    records = {place: r for folder in folders for place, r in _records(folder).items()}
    assert set(records) <= set(places)
    assert {name for name, _ in places} == {name for name, _ in records}
    # Each folder's lines are those of its own index, its files named from the common folder.
    expected: set[tuple[str, str, str]] = set()
    for folder in folders:
        alone = tmp_path / f"{folder.name}.cdxj"
        assert jambicrawl("index", str(folder), "-o", str(alone)).returncode == 0
        expected |= _lines(alone, f"{folder.name}/")
    assert _lines(output) == expected
    assert len(text) == len(expected)


def _cross_worker_revisits(archives: WorkerArchives) -> list[tuple[Record, Record]]:
    """(revisit in the second worker's folder, its original in the first's)."""
    originals = {r.id: r for r in _records(archives.first).values() if r.type == "response"}
    pairs = [
        (revisit, originals[revisit.header("warc-refers-to") or ""])
        for revisit in _records(archives.second).values()
        if revisit.type == "revisit" and revisit.header("warc-refers-to") in originals
    ]
    # The shared digest index made them: article pages fetched again and discovery documents.
    assert any(original.status == 200 and "/berita/" in original.uri for _, original in pairs)
    assert any(original.uri.endswith("/robots.txt") for _, original in pairs), pairs
    return pairs


@pytest.fixture(scope="module")
def workers_index(worker_archives: WorkerArchives) -> Path:
    """``jambicrawl index`` of the two workers, to its default place: their common folder."""
    done = jambicrawl("index", str(worker_archives.first), str(worker_archives.second))
    assert done.returncode == 0, done.stderr
    index = worker_archives.root / "index.cdxj"
    assert done.stdout.startswith(f"{index}: ")
    return index


def test_a_revisit_resolves_to_its_original_in_another_workers_folder(
    worker_archives: WorkerArchives, workers_index: Path
) -> None:
    lines = workers_index.read_text("utf-8").splitlines()
    entries = [e for line in lines if (e := IndexEntry.parse(line)) is not None]
    by_place = {(e.filename, e.offset): e for e in entries}
    index = ArchiveIndex(worker_archives.root, entries)  # as crawl --from-archive reads it
    for revisit, original in _cross_worker_revisits(worker_archives):
        entry = by_place[(f"{worker_archives.second.name}/{revisit.file.name}", revisit.offset)]
        assert entry.is_revisit
        response = index.response(entry)
        assert (response.status, response.body) == (original.status, original.body), entry.url


def test_pywb_replays_a_revisit_from_another_workers_folder(
    worker_archives: WorkerArchives, workers_index: Path, tmp_path: Path
) -> None:
    bin_dir = wayback.pywb_bin()
    if bin_dir is None:
        pytest.skip("PYWB_BIN (the bin folder of a pywb 2.10 virtualenv) is not set")
    server = wayback.Wayback.of_index(bin_dir, tmp_path, workers_index, worker_archives.root)
    try:
        for revisit, original in _cross_worker_revisits(worker_archives):
            replayed = server.raw_replay(revisit.timestamp, revisit.uri)
            assert replayed == (original.status, original.body), revisit.uri
    finally:
        server.stop()


@pytest.mark.parametrize("bad", ["missing", "not-archive", "file"])
def test_a_folder_that_is_no_archive_is_one_line(
    worker_archives: WorkerArchives, tmp_path: Path, bad: str
) -> None:
    path = tmp_path / bad
    if bad == "not-archive":
        path.mkdir()
        (path / "notes.txt").write_text("no WARC here")
    elif bad == "file":
        path.write_text("not a folder")
    output = tmp_path / "index.cdxj"
    done = jambicrawl("index", str(worker_archives.first), str(path), "-o", str(output))
    assert done.returncode == 2
    assert done.stderr.startswith(f"jambicrawl: {path}: ") and done.stderr.count("\n") == 1
    assert not output.exists()
