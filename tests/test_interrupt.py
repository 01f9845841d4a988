"""Ctrl-C at any moment of a command, also while it is still importing its modules: one
line on stderr and exit status 130, never a KeyboardInterrupt traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

#: The console script pip wrote beside the interpreter, and ``python -m jambicrawl``.
SCRIPT = Path(sys.executable).parent / "jambicrawl"
ENTRY_POINTS = {"module": ["-m", "jambicrawl"], "console script": [str(SCRIPT)]}
#: After the interpreter's own start (its site module: no program's code runs yet, and a
#: SIGINT there is the interpreter's to report), from inside the imports of the command's
#: modules (about half a second) to when it runs.
DELAYS = (0.02, 0.1, 0.2, 0.35, 0.5)


def _interpreter_start() -> float:
    """How long the interpreter takes to start here and now (best of three): the load of
    the machine moves it, and the delays count from it."""
    times = []
    for _ in range(3):
        began = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.monotonic() - began)
    return min(times)


def _interrupted_after(entry: list[str], delay: float) -> subprocess.CompletedProcess[str]:
    """``jambicrawl sites`` sent SIGINT ``delay`` seconds after it started (a terminal's
    Ctrl-C), in a process whose SIGINT has its default disposition whatever the parent's."""
    process = subprocess.Popen(
        [sys.executable, *entry, "sites"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        restore_signals=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.parametrize("entry", ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())
def test_ctrl_c_while_starting_is_one_line_and_status_130(entry: list[str]) -> None:
    if not SCRIPT.exists() and entry[0] == str(SCRIPT):
        pytest.skip(f"no console script at {SCRIPT}")
    interrupted = 0
    start = _interpreter_start()
    for delay in DELAYS:
        done = _interrupted_after(entry, start + delay)
        assert "Traceback" not in done.stderr, (delay, done.stderr[-2000:])
        if done.returncode == 0 and "SITE" in done.stdout:
            continue  # it had finished: nothing to interrupt
        assert (done.returncode, done.stderr) == (130, "jambicrawl: interrupted\n"), delay
        interrupted += 1
    assert interrupted >= 2  # the interrupt came while it was starting
