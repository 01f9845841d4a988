"""What a crawl's exit status means for the run history."""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jambicrawl.state.runs import Status

#: ``jambicrawl crawl``'s exit statuses (see ``jambicrawl --help``).
_STATUSES: dict[int, Status] = {
    0: "ok",
    1: "failed",
    2: "failed",  # bad input: the reason says which
    3: "partial",
    4: "alarm",  # finished, but a monitor raised an alarm
    130: "interrupted",  # SIGINT
    143: "interrupted",  # SIGTERM
}


def status_of_exit(code: int) -> Status:
    return _STATUSES.get(code, "failed")


def exit_reason(code: int) -> str:
    """A reason for an exit that printed none (a process killed by a signal)."""
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"killed by {name}"
    return f"exit status {code}"
