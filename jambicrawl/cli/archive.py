"""Commands on an archive folder: ``archive repair``, ``index`` (CDXJ), ``wacz``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl.cli.common import EXIT_OK, EXIT_PARTIAL, CommandError, error, set_handler
from jambicrawl.warc.cli import add_repair_arguments, run_repair
from jambicrawl.warc.packaging import PackagingError, write_cdxj, write_wacz

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


def register_index(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "index",
        help="write a CDXJ index of an archive (for pywb)",
        description="Index every record of the archive's WARC files into a sorted CDXJ file. "
        "A damaged record is reported as FILE: offset N: REASON and left out (exit status 3).",
    )
    parser.add_argument("archive", type=Path, metavar="ARCHIVE")
    parser.add_argument("-o", "--output", type=Path, help="default: ARCHIVE/index.cdxj")
    set_handler(parser, run_index)


def run_index(args: argparse.Namespace) -> int:
    output: Path = args.output or args.archive / "index.cdxj"
    try:
        count, problems = write_cdxj(args.archive, output)
    except PackagingError as exc:
        raise CommandError(str(exc)) from None
    for problem in problems:
        error(str(problem))
    left_out = f", {len(problems)} damaged left out" if problems else ""
    print(f"{output}: {count} records{left_out}")
    return EXIT_PARTIAL if problems else EXIT_OK


def register_wacz(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "wacz",
        help="package an archive as WACZ (for ReplayWeb.page)",
        description="Package the archive's WARC files, a CDXJ index and pages/pages.jsonl "
        "(every article: URL, capture time, title, text) into one validated WACZ file. "
        "An archive with a damaged record is refused (exit status 2).",
    )
    parser.add_argument("archive", type=Path, metavar="ARCHIVE")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.wacz")
    set_handler(parser, run_wacz)


def run_wacz(args: argparse.Namespace) -> int:
    try:
        count = write_wacz(args.archive, args.output)
    except PackagingError as exc:
        raise CommandError(str(exc)) from None
    print(f"{args.output}: {count} pages")
    return EXIT_OK
