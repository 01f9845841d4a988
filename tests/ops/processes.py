"""The mirror and jambicrawl commands as processes, for the ops tests."""

from __future__ import annotations

import subprocess
import sys

from tests.crawl.mirror_process import MirrorProcess


def start_mirror(*args: str) -> MirrorProcess:
    """``jambicrawl mirror ARGS`` (``--port 0`` unless ARGS name one), once it serves."""
    return MirrorProcess.start(0, *args)


def jambicrawl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jambicrawl", *args], capture_output=True, text=True, timeout=600
    )
