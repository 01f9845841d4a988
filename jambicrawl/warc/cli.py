"""``jambicrawl archive repair DIR``: close WARC files that a crash left ``.open``.

``add_repair_arguments`` and ``run_repair`` plug into the ``jambicrawl`` command; ``main``
runs on its own (``python -m jambicrawl.warc.cli repair DIR``).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_PARTIAL
from jambicrawl.state.digests import DigestIndex
from jambicrawl.state.paths import STATE_FILE
from jambicrawl.warc.repair import RepairResult, forget_lost_records, repair_directory

if TYPE_CHECKING:
    from collections.abc import Sequence


def repair_archive(directory: Path, state_db: Path | None = None) -> list[RepairResult]:
    """Repair every ``.open`` file of ``directory``; drop index entries of cut records."""
    results = repair_directory(directory)
    db = state_db or directory / STATE_FILE
    if db.exists() and any(r.cut_bytes for r in results):
        index = DigestIndex(db)
        try:
            forget_lost_records(index, results)
        finally:
            index.close()
    return results


def add_repair_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", type=Path, help="folder of the WARC files")
    parser.add_argument(
        "--state-db",
        type=Path,
        help="state database whose digest index to update (default: DIRECTORY/state.sqlite3)",
    )


def run_repair(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    if not directory.is_dir():
        print(f"jambicrawl: {directory}: not a directory", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        results = repair_archive(directory, args.state_db)
    except sqlite3.Error as exc:
        print(f"jambicrawl: {args.state_db or directory}: state database: {exc}", file=sys.stderr)
        return EXIT_PARTIAL
    for result in results:
        print(result)
    if not results:
        print(f"{directory}: no .open WARC file")
    return EXIT_PARTIAL if any(r.outcome == "failed" for r in results) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jambicrawl archive")
    commands = parser.add_subparsers(dest="command", required=True)
    repair = commands.add_parser("repair", help="close WARC files a crash left .open")
    add_repair_arguments(repair)
    return run_repair(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
