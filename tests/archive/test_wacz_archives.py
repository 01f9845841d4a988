"""``jambicrawl wacz`` of several archive folders: one valid package, every WARC file of
every folder under a name of its own, each article once in its pages list."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from tests.archive.warcs import assert_wacz_validates, latest_articles, warc_paths
from tests.ops.processes import jambicrawl

if TYPE_CHECKING:
    from pathlib import Path

    from tests.scale.workers import WorkerArchives


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def folders(
    worker_archives: WorkerArchives, tmp_path_factory: pytest.TempPathFactory
) -> list[Path]:
    """The workers' folders, copied, a file of the second renamed as one of the first is
    (two machines' WARC writer processes can have the same PID and start in the same
    millisecond), and the first folder named twice."""
    root = tmp_path_factory.mktemp("wacz-folders")
    copies = [root / folder.name for folder in worker_archives.folders]
    for folder, copy in zip(worker_archives.folders, copies, strict=True):
        shutil.copytree(folder, copy)
    taken, renamed = warc_paths(copies[0])[0], warc_paths(copies[1])[0]
    renamed.rename(copies[1] / taken.name)
    return [*copies, root / copies[1].name / ".." / copies[0].name]


@pytest.fixture(scope="module")
def wacz(folders: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("wacz") / "collection.wacz"
    done = jambicrawl("wacz", *map(str, folders), "-o", str(output))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{output}: ")
    return output


def test_the_package_validates(wacz: Path) -> None:
    assert_wacz_validates(wacz)


def test_every_warc_file_of_every_folder_is_in_it_once(folders: list[Path], wacz: Path) -> None:
    files = [path for folder in folders[:3] for path in warc_paths(folder)]
    names = [path.name for path in files]
    assert len(set(names)) < len(names)  # two folders hold a file of the same name
    with zipfile.ZipFile(wacz) as package:
        packaged = [name for name in package.namelist() if name.startswith("archive/")]
        assert len(packaged) == len(set(packaged)) == len(files)
        contents = Counter(_sha256(package.read(name)) for name in packaged)
        # The second file of a name, by the order of the folders, is NAME-2.warc.gz.
        twice = next(name for name in names if names.count(name) > 1)
        second = twice.replace(".warc.gz", "-2.warc.gz")
        assert package.read(f"archive/{second}") == (folders[1] / twice).read_bytes()
    assert contents == Counter(_sha256(path.read_bytes()) for path in files)


def test_its_pages_list_each_article_once(folders: list[Path], wacz: Path) -> None:
    with zipfile.ZipFile(wacz) as package:
        lines = package.read("pages/pages.jsonl").decode("utf-8").splitlines()
    _, *entries = (json.loads(line) for line in lines)
    stored = [a for folder in folders[:3] for a in latest_articles(folder / "state.sqlite3")]
    # The crawl on its own stored articles the first worker stored too.
    assert len({a["canonical_url"] for a in stored}) < len(stored)
    ids = Counter(entry["id"] for entry in entries)
    assert set(ids) == {a["canonical_url"] for a in stored} and max(ids.values()) == 1
    latest = {}
    for article in sorted(stored, key=lambda a: a["captures"][0]["captured_at"]):
        latest[article["canonical_url"]] = article
    for entry in entries:
        article = latest[entry["id"]]
        assert (entry["url"], entry["title"], entry["text"], entry["ts"]) == (
            article["url"], article["title"], article["body"], article["captures"][0]["captured_at"]
        )  # fmt: skip


def test_a_folder_that_is_no_archive_is_one_line(folders: list[Path], tmp_path: Path) -> None:
    output = tmp_path / "out.wacz"
    done = jambicrawl("wacz", str(folders[0]), str(tmp_path), "-o", str(output))
    assert done.returncode == 2
    assert (
        done.stderr
        == f"jambicrawl: {tmp_path}: no WARC files (an .open file needs 'archive repair')\n"
    )
    assert not output.exists()
