"""An entry's ``after`` steps (``index``, ``wacz``) run after its crawl through ``run-due``,
against the offline mirror, and leave what they promise in the archive."""

from __future__ import annotations

import subprocess
import zipfile
from typing import TYPE_CHECKING

from tests.schedule.helpers import runs, write
from tests.schedule.test_runs import entry, schedule

if TYPE_CHECKING:
    from pathlib import Path

    from tests.crawl.mirror_process import MirrorProcess


def test_run_due_runs_every_after_step_of_an_entry(tmp_path: Path, mirror: MirrorProcess) -> None:
    archive = tmp_path / "archive"
    path = write(tmp_path, entry("package", "jambione", mirror.url, 'after = ["index", "wacz"]'))
    done = subprocess.run(schedule("run-due", str(path), "--archive", str(archive)),
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    [run] = runs(archive)
    assert run["status"] == "ok" and run["exit_status"] == 0, run
    assert run["articles_new"] > 0, run
    # index: the archive's CDXJ index, a line per capture.
    index = archive / "index.cdxj"
    assert len(index.read_text("utf-8").splitlines()) >= run["pages"], index
    # wacz: one package under archive/wacz/, with every WARC file and the pages list.
    [package] = (archive / "wacz").glob("*.wacz")
    with zipfile.ZipFile(package) as wacz:
        names = set(wacz.namelist())
    assert {"datapackage.json", "pages/pages.jsonl"} <= names, names
    warcs = {f"archive/{p.name}" for p in archive.glob("*.warc.gz")}
    assert warcs and warcs <= names, (warcs, names)
