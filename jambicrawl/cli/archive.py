"""Commands on archive folders: ``archive repair``, ``index`` (CDXJ), ``wacz``."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PARTIAL,
    CommandError,
    archives_argument,
    error,
    set_handler,
)
from jambicrawl.collection.packaging import index_root, write_cdxj, write_wacz
from jambicrawl.warc.repair import repair_archive

if TYPE_CHECKING:
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("archive", help="upkeep of an archive folder")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    repair = actions.add_parser(
        "repair",
        help="close WARC files a crash left .open, cut back to their last complete record",
    )
    repair.add_argument("directory", type=Path, help="folder of the WARC files")
    repair.add_argument(
        "--state-db",
        type=Path,
        help="state database whose digest index to update (default: DIRECTORY/state.sqlite3)",
    )
    set_handler(repair, run_repair)


def run_repair(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    if not directory.is_dir():
        raise CommandError(f"{directory}: not a directory", EXIT_BAD_INPUT)
    try:
        results = repair_archive(directory, args.state_db)
    except sqlite3.Error as exc:
        error(f"{args.state_db or directory}: state database: {exc}")
        return EXIT_PARTIAL
    for result in results:
        print(result)
    if not results:
        print(f"{directory}: no .open WARC file")
    return EXIT_PARTIAL if any(r.outcome == "failed" for r in results) else EXIT_OK


def register_index(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "index",
        help="write a CDXJ index of archives (for pywb)",
        description="Index every record of the archives' WARC files into one sorted CDXJ file. "
        "Each file is named relative to the archive folder, or with several archives to the "
        "innermost folder holding them all (pywb's archive_paths). A damaged record is "
        "reported as FILE: offset N: REASON and left out (exit status 3).",
    )
    archives_argument(parser, "archive folders (the workers of a shared crawl): one index")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="default: index.cdxj in the folder the files are named from (ARCHIVE's, or the "
        "one holding every ARCHIVE)",
    )
    set_handler(parser, run_index)


def run_index(args: argparse.Namespace) -> int:
    from jambicrawl.replay.cdxj import INDEX_NAME  # the indexer's imports: only when indexing

    archives: list[Path] = args.archives
    output: Path = args.output or index_root(archives) / INDEX_NAME
    count, problems = write_cdxj(archives, output)
    for problem in problems:
        error(str(problem))
    left_out = f", {len(problems)} damaged left out" if problems else ""
    named = f", files named from {index_root(archives)}" if len(archives) > 1 else ""
    print(f"{output}: {count} records{left_out}{named}")
    return EXIT_PARTIAL if problems else EXIT_OK


def register_wacz(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "wacz",
        help="package archives as one WACZ (for ReplayWeb.page)",
        description="Package the archives' WARC files, a CDXJ index and pages/pages.jsonl "
        "(every article once: URL, capture time, title, text) into one validated WACZ file. "
        "A WARC file whose name an earlier one has is packaged as NAME-2.warc.gz (-3, ...). "
        "An archive with a damaged record is refused (exit status 2).",
    )
    archives_argument(parser, "archive folders (the workers of a shared crawl): one package")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.wacz")
    set_handler(parser, run_wacz)


def run_wacz(args: argparse.Namespace) -> int:
    count = write_wacz(args.archives, args.output)
    print(f"{args.output}: {count} pages")
    return EXIT_OK
