"""The mirror and jambicrawl commands as processes, for the ops tests."""

from __future__ import annotations

import subprocess
import sys

from tests.crawl.mirror_process import MirrorProcess


def start_mirror(*args: str) -> MirrorProcess:
    """``jambicrawl mirror ARGS`` (``--port 0`` unless ARGS name one), once it serves."""
    port = [] if "--port" in args else ["--port", "0"]
    command = [sys.executable, "-m", "jambicrawl", "mirror", *port, *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("http://127.0.0.1:"):
        process.kill()
        process.wait()
        process.stdout.close()
        raise RuntimeError(f"mirror did not start: {line!r}")
    return MirrorProcess(process, line.split()[0])


def jambicrawl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jambicrawl", *args], capture_output=True, text=True, timeout=600
    )
