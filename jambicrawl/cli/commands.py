"""The ``jambicrawl`` command's parser and the dispatch to each command's handler (the entry
point, :mod:`jambicrawl.cli.main`, imports this module once it catches Ctrl-C)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from jambicrawl import __version__
from jambicrawl.cli import (
    archive,
    browse,
    crawl,
    demo,
    export,
    extract,
    mirror,
    replay,
    report,
    schedule,
    search,
    sites,
    stats,
)
from jambicrawl.cli.common import (
    EXIT_FAILURE,
    EXIT_STATUS_HELP,
    error,
)
from jambicrawl.errors import JambicrawlError

if TYPE_CHECKING:
    from collections.abc import Sequence

COMMANDS = (
    sites, extract, crawl, demo, mirror, replay, export, search, browse, archive, schedule,
    stats, report,
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jambicrawl",
        description="Crawl, extract and archive the news sites of Jambi province.",
        epilog=EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"jambicrawl {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    archive.register_index(subparsers)
    archive.register_wacz(subparsers)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run its command: its exit status, a one-line error for a
    :class:`~jambicrawl.errors.JambicrawlError` (every error a person can act on, each with
    its exit status: the one place they become one)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except JambicrawlError as exc:
        error(str(exc))
        return exc.status
    except BrokenPipeError:
        return EXIT_FAILURE
