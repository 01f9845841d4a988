"""Exit statuses and the one-line error of a command: below the commands and every stage
that reports a status (``schedule/``), so none of them imports upward."""

from __future__ import annotations

import difflib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

#: Exit statuses, the same for every command (see ``jambicrawl --help``).
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_PARTIAL = 3
EXIT_ALARM = 4
EXIT_INTERRUPTED = 130

EXIT_STATUS_HELP = """exit status:
  0    success
  1    the command failed (the message says why); a crawl: every site unreachable, or
       its discovery documents unreadable (one line each: SITE: unreachable: ...)
  2    bad input or usage: a file that cannot be read, an unknown site or -s setting,
       a bad option or a number out of range (nothing is made)
  3    partial: some inputs or records failed, the rest was done; a crawl: some sites
       failed so, the others ended well
  4    crawl finished, but a monitor raised an alarm (see 'jambicrawl stats')
  130  interrupted (Ctrl-C; 143: SIGTERM); what was done is kept, no monitor alarm
"""


def error(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    print(f"jambicrawl: {message}", file=sys.stderr)


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'CLOSE'?)`` for the closest of ``known``, else ""."""
    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class JambicrawlError(Exception):
    """Every error jambicrawl reports to a person: its message is one line, and ``status``
    is the exit status a command ends with when the error stops it (the command line maps
    it once, jambicrawl/cli/main.py). Bad input unless a subclass says otherwise."""

    status: int = EXIT_BAD_INPUT


class CommandError(JambicrawlError):
    """A command's own check failed: printed as one line, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


class Problem:
    """An input that could not be used and was skipped (a WARC record, a stored version):
    reported as one line, ``str()``, where it is and why; counted; the command that met it
    goes on, and ends partial (:data:`EXIT_PARTIAL`). An error that stops a command is a
    :class:`JambicrawlError` instead."""

    __slots__ = ()

    reason: str

    def where(self) -> str:
        """Where the input is, for the report's line."""
        raise NotImplementedError

    def __str__(self) -> str:
        return f"{self.where()}: {self.reason}"
