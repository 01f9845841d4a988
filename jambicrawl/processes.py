"""What every helper process of a crawl does first."""

from __future__ import annotations

import os
import signal
import sys


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies (SIGKILL included), so that
    no crawl worker or WARC writer process writes on behind a killed crawl's back (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
