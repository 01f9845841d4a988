"""``jambicrawl report``: the archive's crawl history as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl.cli.common import EXIT_FAILURE, EXIT_OK, CommandError, set_handler
from jambicrawl.state.paths import STATE_FILE

if TYPE_CHECKING:
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write an HTML report of the archive's crawl runs",
        description="Write one self-contained HTML file (inline SVG charts, nothing fetched "
        "when it opens): a chart per site of articles per day and per month, status codes, field "
        "coverage by run with alarms marked, archive growth and revisit savings, run history.",
    )
    parser.add_argument("archive", type=Path, metavar="ARCHIVE", help="archive folder")
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("report.html"), metavar="FILE",
        help="where to write the report (default: report.html)",
    )  # fmt: skip
    set_handler(parser, run)


def state_database(archive: Path) -> Path:
    """The archive's state database; a one-line error when there is none."""
    path = archive / STATE_FILE
    if not path.is_file():
        raise CommandError(f"{archive}: not an archive (no {STATE_FILE})")
    return path


def run(args: argparse.Namespace) -> int:
    from jambicrawl.report import data, page

    state_database(args.archive)
    html = page.render(data.load(args.archive))
    try:
        args.output.write_text(html, "utf-8")
    except OSError as exc:
        raise CommandError(f"{args.output}: {exc.strerror or exc}", EXIT_FAILURE) from None
    return EXIT_OK
