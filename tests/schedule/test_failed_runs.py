"""``run-due`` of an entry whose site cannot be reached: the run is failed, its reason the
crawl's one line, and run-due exits non-zero."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

from tests.ops.test_run_status import NOWHERE, QUICK, dead_sites
from tests.schedule.helpers import runs, write
from tests.schedule.test_runs import schedule

if TYPE_CHECKING:
    from pathlib import Path


def test_run_due_records_an_unreachable_site_as_a_failed_run(tmp_path: Path) -> None:
    archive, sites = tmp_path / "archive", dead_sites(tmp_path)
    settings = ", ".join(f'{s.split("=")[0]} = "{s.split("=")[1]}"' for s in QUICK[1::2])
    text = '[schedules.down]\nsites = ["nowhere"]\nevery = "auto"\nworkers = 1\n'
    path = write(tmp_path, text + f"settings = {{ {settings} }}\n")
    done = subprocess.run(
        schedule("run-due", str(path), "--archive", str(archive), "--sites-file", str(sites)),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 3, done.stdout + done.stderr[-2000:]  # a run failed
    [run] = runs(archive)
    assert run["status"] == "failed" and run["exit_status"] == 1, run
    assert (
        run["reason"] == f"nowhere: unreachable: DNS lookup failed for {NOWHERE} (2 of 2 requests)"
    )
