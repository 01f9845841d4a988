"""``jambicrawl archive``: upkeep of an archive folder (``repair``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.cli.common import set_handler
from jambicrawl.warc.cli import add_repair_arguments, run_repair

if TYPE_CHECKING:
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("archive", help="upkeep of an archive folder")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    repair = actions.add_parser(
        "repair",
        help="close WARC files a crash left .open, cut back to their last complete record",
    )
    add_repair_arguments(repair)
    set_handler(repair, run_repair)
