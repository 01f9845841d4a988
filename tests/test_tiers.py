"""The two tiers of the suite (tests/conftest.py) and the signal dispositions the processes
a test starts get, whatever the parent of the test run ignores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Set by the outer test for the probe below: the probe runs only inside it.
PROBE = "JAMBICRAWL_TEST_SIGNAL_PROBE"


def _pytest(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        timeout=300,
        **{"cwd": ROOT, **kwargs},
    )


def test_the_default_run_leaves_the_slow_tier_out_and_says_so() -> None:
    default = _pytest("--co", "-q")
    full = _pytest("--co", "-q", "--full")
    assert default.returncode == full.returncode == 0, default.stderr + full.stderr
    assert "slow tests (real crawls, servers, browsers) left out" in default.stdout
    assert "tests/crawl/test_crash_safety.py" not in default.stdout
    assert "tests/crawl/test_crash_safety.py" in full.stdout
    # A slow file named on the command line runs as named.
    named = _pytest("--co", "-q", "tests/crawl/test_aliases.py")
    assert "tests/crawl/test_aliases.py" in named.stdout and "left out" not in named.stdout


@pytest.mark.skipif(PROBE not in os.environ, reason="run by the test below only")
def test_probe_a_started_process_gets_the_default_sigint() -> None:
    code = "import signal; print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert child.stdout.strip() == "False"


def test_a_parent_that_ignores_sigint_hands_nothing_on_to_the_tests_processes() -> None:
    """As under nohup or a script: the test run itself starts with SIGINT ignored."""
    done = _pytest(
        "tests/test_tiers.py::test_probe_a_started_process_gets_the_default_sigint",
        "-q",
        env={**os.environ, PROBE: "1"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 passed" in done.stdout
