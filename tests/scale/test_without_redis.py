"""On a machine without redis-server (a newcomer's), the tests that need it skip with their
reason, the run exits 0, and nothing they started is left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Tests whose session fixture starts the offline mirror and Redis (tests/scale/workers.py).
WITH_REDIS = "tests/archive/test_index_archives.py"


def _session_members(session: int) -> list[str]:
    """The command lines of the processes still in ``session``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended meanwhile
        # The fields after the command's ")": state, ppid, pgrp, session.
        if int(text.rpartition(")")[2].split()[3]) == session:
            found.append(command)
    return found


def test_without_redis_server_the_tests_skip_and_leave_nothing_running(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path)}  # an empty folder: no redis-server on it
    env.pop("CI", None)  # in CI a missing redis-server fails on purpose (tests/support.py)
    command = [sys.executable, "-m", "pytest", WITH_REDIS, "-q", "-p", "no:cacheprovider"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        output, _ = process.communicate(timeout=600)
        left = _session_members(process.pid)
    finally:
        with suppress(ProcessLookupError):  # what it left, by its process group
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == 0, output[-3000:]
    assert "redis-server is not installed" in output
    assert left == [], left
