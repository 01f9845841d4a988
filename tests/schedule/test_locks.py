"""Per-site locks across processes: a live holder refuses, a dead one is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

from tests.schedule.helpers import runs, write

if TYPE_CHECKING:
    from pathlib import Path

    from tests.crawl.mirror_process import MirrorProcess

HOLDER = """
import os, sys, time
from pathlib import Path
from jambicrawl.state.locks import SiteLocks
from jambicrawl.state.runs import RunHistory
archive = Path(sys.argv[1])
run = RunHistory(archive).start("manual", ["tribunjambi"], pid=os.getpid())
locks = SiteLocks(archive, ["tribunjambi"])
locks.acquire(run)
print("locked", flush=True)
time.sleep(600)
"""


def jambicrawl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jambicrawl", *args],
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def test_a_live_holder_refuses_and_a_dead_one_is_taken_over(
    tmp_path: Path, mirror: MirrorProcess
) -> None:
    archive = tmp_path / "archive"
    crawl = ["crawl", "tribunjambi", "--mirror", mirror.url, "--archive", str(archive),
             "--workers", "1", "--max-articles", "2", "-s", "LOG_LEVEL=WARNING"]  # fmt: skip
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(archive)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        # By hand: refused, one line, exit 2; recorded as skipped.
        refused = jambicrawl(*crawl)
        assert refused.returncode == 2
        assert refused.stderr.startswith(
            f"jambicrawl: tribunjambi is being crawled by process {holder.pid} (since "
        )
        assert refused.stderr.count("\n") == 1
        # Scheduled: the scheduler sees the lock and records the run as skipped.
        path = write(tmp_path, f'[schedules.often]\nsites = ["tribunjambi"]\nevery = "auto"\n'
                               f'mirror = "{mirror.url}"\n')  # fmt: skip
        due = jambicrawl("schedule", "run-due", str(path), "--archive", str(archive))
        assert due.returncode == 0, due.stderr
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    statuses = [(r["entry"], r["status"]) for r in runs(archive)]
    assert statuses == [("manual", "running"), ("manual", "skipped"), ("often", "skipped")]
    assert f"process {holder.pid}" in runs(archive)[2]["reason"]

    # The holder died holding the lock: the next crawl takes it over and says so.
    taken = jambicrawl(*crawl)
    assert taken.returncode == 0, taken.stderr[-2000:]
    message = f"took over the lock of tribunjambi from process {holder.pid}, which died"
    assert f"jambicrawl: {message}" in taken.stderr
    dead, _, _, new = runs(archive)
    assert new["status"] == "ok" and new["articles_new"] == 2 and message in new["note"]
    assert dead["status"] == "failed"
    assert (
        dead["reason"]
        == f"process {holder.pid} died during the run (lock taken by run {new['id']})"
    )
    # A clean end empties the lock file: the next taker finds no dead holder.
    assert (archive / "locks" / "tribunjambi.lock").read_text() == ""
