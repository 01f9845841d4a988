"""``jambicrawl export``: a dataset of every stored article version."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_PARTIAL,
    CommandError,
    archives_argument,
    checked_site,
    date_window,
    error,
    registry_from,
    registry_options,
    selection_options,
    set_handler,
)
from jambicrawl.export.collection import collection_rows
from jambicrawl.export.columns import COLUMN_NAMES
from jambicrawl.export.rows import ExportError, Selection, VersionProblem, database_of
from jambicrawl.export.writers import FORMATS, export_rows

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jambicrawl.export.rows import Row

EPILOG = f"""\
One row per article version, columns in this order (lists and records are JSON text in CSV;
see jambicrawl/export/columns.py for what each holds):
{textwrap.fill(", ".join(COLUMN_NAMES), 88, initial_indent="  ", subsequent_indent="  ")}

exit status:
  0    every version was exported
  1    the output cannot be written (or pyarrow is missing for parquet)
  2    bad input or usage: no state database at ARCHIVE, a bad date, an unknown site
  3    some versions could not be exported (each reported on stderr), the rest were
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        parents=[registry_options()],
        help="export stored article versions as JSON Lines, CSV or Parquet",
        description="Export every version of every article in the state databases of\n"
        "ARCHIVE... as one collection (each version, a canonical URL and content hash, once),\n"
        "ordered by canonical URL and version; versions the version guard held back only\n"
        "with --include-flagged.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    archives_argument(parser, "archive folders, or their state.sqlite3: one collection")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="default: jsonl")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    parser.add_argument(
        "--include-flagged",
        action="store_true",
        help="also the versions the version guard held back (flagged, never current): "
        "their held_back column is true",
    )
    selection_options(parser)
    set_handler(parser, run)


def _selection(args: argparse.Namespace) -> Selection:
    return Selection(
        checked_site(args.site, registry_from(args)),
        date_window(args.since, args.until),
        args.include_flagged,
    )


def run(args: argparse.Namespace) -> int:
    selection = _selection(args)
    databases = [database_of(archive) for archive in args.archives]
    problems = 0

    def rows() -> Iterator[Row]:
        nonlocal problems
        for item in collection_rows(databases, selection):
            if isinstance(item, VersionProblem):
                problems += 1
                error(str(item))
            else:
                yield item

    try:
        count = export_rows(rows(), args.output, args.format)
    except ExportError as exc:
        # The database is checked first: what fails now is writing.
        raise CommandError(str(exc), EXIT_FAILURE) from None
    error(f"export: {count} versions written to {args.output}, {problems} failed")
    return EXIT_PARTIAL if problems else EXIT_OK
