"""``jambicrawl mirror`` as a process: prints its URL, serves, stops on a signal with the
signal's exit status, as every command does (130 after Ctrl-C, 143 after SIGTERM)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from jambicrawl.cli.commands import build_parser
from jambicrawl.cli.mirror import run
from jambicrawl.registry import load_registry
from tests.mirror.client import fetch

COMMAND = [sys.executable, "-m", "jambicrawl.cli.mirror", "--port", "0"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_mirror_serves_until_signalled_then_exits_with_the_signal(sig: signal.Signals) -> None:
    process = subprocess.Popen(
        [*COMMAND, "--articles-per-site", "12"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.fullmatch(r"(http://127\.0\.0\.1:\d+) \((\d+) sites, (\d+) articles\)\n", line)
        assert found, line
        sites = len(load_registry())
        assert (int(found[2]), int(found[3])) == (sites, 12 * sites)
        assert fetch(found[1] + "/robots.txt").status == 200
        os.kill(process.pid, sig)
        assert process.wait(timeout=30) == 128 + sig
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.mark.parametrize(
    "command", [COMMAND, [sys.executable, "-m", "jambicrawl", "demo"]], ids=["mirror", "demo"]
)
def test_missing_fixtures_fail_in_one_line(command: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "JAMBICRAWL_FIXTURES": str(tmp_path / "nowhere")}
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "JAMBICRAWL_FIXTURES" in result.stderr


def test_mirror_is_a_jambicrawl_command() -> None:
    args = build_parser().parse_args(["mirror", "--port", "0", "--articles-per-site", "3"])
    assert args.handler is run
    assert (args.port, args.articles_per_site) == (0, 3)
