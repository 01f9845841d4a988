"""Entry point of the ``jambicrawl`` command (the console script and ``python -m jambicrawl``).

A Ctrl-C is one line and exit status 130 at any moment, also in the first half second, while
the commands' modules (Scrapy, lxml, the registry) are still being imported: until they are,
a Ctrl-C ends the process at once with that line (jambicrawl/cli/starting.py); then this
module catches the KeyboardInterrupt around the command's run.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from jambicrawl.cli.starting import finished, started
from jambicrawl.errors import EXIT_INTERRUPTED, error

if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    try:
        # Imported while a Ctrl-C still ends the process at once: a KeyboardInterrupt raised
        # inside an import can come out as another error (RuntimeError from __set_name__).
        from jambicrawl.cli.commands import run

        started()
        return run(argv)
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED
    finally:
        finished()


if __name__ == "__main__":
    sys.exit(main())
