"""A Ctrl-C while the ``jambicrawl`` command is still importing its modules.

Python turns SIGINT into a KeyboardInterrupt wherever the program is, and before
:func:`jambicrawl.cli.main.main` runs there is no ``try`` to catch it: the interrupt would end
in a traceback from deep inside an import. So the first thing the command's process imports
(``jambicrawl/__init__.py``) makes SIGINT end it at once with one line and status 130, as long
as it is starting; :func:`started` gives SIGINT back to Python once ``main`` can catch it, and
:func:`finished` ignores it once the command has its exit status.

Only the ``jambicrawl`` command's own process is touched: a program that imports jambicrawl as
a library keeps its SIGINT handling.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import FrameType

#: What a Ctrl-C prints, and the status it ends with (128 + SIGINT).
INTERRUPTED = "jambicrawl: interrupted"
STATUS = 128 + signal.SIGINT


def _interrupted(signum: int, frame: FrameType | None) -> None:
    os.write(sys.stderr.fileno(), f"{INTERRUPTED}\n".encode())
    os._exit(STATUS)


def _is_the_command() -> bool:
    """This process is ``jambicrawl ...`` or ``python -m jambicrawl ...`` (as Python was
    started: a worker process, started by ``multiprocessing`` with its parent's ``sys.argv``,
    is not)."""
    argv = list(getattr(sys, "orig_argv", ()))
    module = [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "-m"]
    script = next((arg for arg in argv[1:] if not arg.startswith("-")), "")
    return module[:1] == ["jambicrawl"] or Path(script).name == "jambicrawl"


def starting() -> None:
    """While the command starts, a Ctrl-C ends it with one line (SIGINT as Python left it
    otherwise: ignored stays ignored)."""
    if _is_the_command() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupted)


def started() -> None:
    """``main`` catches KeyboardInterrupt from here."""
    if signal.getsignal(signal.SIGINT) is _interrupted:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def finished() -> None:
    """The command has its status: a Ctrl-C while Python shuts down changes nothing (Python
    gives SIGINT its default action back then, which would kill the process without a word)."""
    if _is_the_command():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
