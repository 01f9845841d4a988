"""``jambicrawl replay``: Articles re-extracted from WARC files, as a crawl wrote them."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from jambicrawl.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_PARTIAL,
    CommandError,
    checked_site,
    date_window,
    error,
    registry_from,
    registry_options,
    selection_options,
    set_handler,
)
from jambicrawl.replay.articles import Replay, Window
from jambicrawl.replay.inputs import warc_files
from jambicrawl.replay.problems import RecordProblem
from jambicrawl.replay.scan import ArchiveScan

if TYPE_CHECKING:
    from jambicrawl.registry import Registry

EPILOG = """\
Reads WARC files written by jambicrawl and by other crawlers (Heritrix, wget, warcprox,
browsertrix-crawler, pywb), plain or gzip. Each bad record (truncated gzip member, bad
digest, a revisit whose original is not in the given files, a file that is not a WARC or
is empty) is reported on stderr as one line, FILE: offset N: REASON, and skipped.

exit status:
  0    every record was read and every article extracted
  1    the output file cannot be written
  2    no input could be read (missing, empty, or not WARC files), or bad usage
  3    some records failed (each reported on stderr); the rest was replayed
  130  interrupted (Ctrl-C)
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "replay",
        parents=[registry_options()],
        help="re-extract Articles from WARC files",
        description="Write the Articles of the article pages archived in PATH... as JSON\n"
        "Lines: one Article per capture of an article's first page, its later pages taken\n"
        "from the archive, the parser chosen by capture date, and the provenance of every\n"
        "page (captures: WARC file, record ID, WARC-Date, payload digest). A capture worse\n"
        "than the article's earlier one is held back as a crawl holds it back (flags say\n"
        "why; written with --include-flagged).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="WARC files, or folders of them"
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE.jsonl", help="write here (default: stdout)"
    )
    parser.add_argument(
        "--include-flagged",
        action="store_true",
        help="also the captures the version guard holds back as worse than the article's "
        "earlier capture (flagged held_back)",
    )
    selection_options(parser)
    set_handler(parser, run)


def _window(args: argparse.Namespace, registry: Registry) -> Window:
    return Window(checked_site(args.site, registry), date_window(args.since, args.until))


def _open_output(stack: ExitStack, output: Path | None) -> TextIO:
    if output is None or str(output) == "-":
        return sys.stdout
    try:
        return stack.enter_context(output.open("w", encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"{output}: cannot write: {exc.strerror}", EXIT_FAILURE) from None


def run(args: argparse.Namespace) -> int:
    registry = registry_from(args)
    window = _window(args, registry)
    failed: set[tuple[str, int]] = set()

    def report(problem: RecordProblem) -> None:
        failed.add((problem.file, problem.offset))
        error(str(problem))

    files, missing = warc_files(args.paths)
    for problem in missing:
        report(problem)
    with ExitStack() as stack:
        scan = stack.enter_context(ArchiveScan.read(files, report))
        if scan.files_read == 0:
            error("replay: no input could be read")
            return EXIT_BAD_INPUT
        out = _open_output(stack, args.output)
        replay = Replay(scan, registry, window, args.include_flagged)
        for item in replay:
            if isinstance(item, RecordProblem):
                report(item)
            else:
                out.write(item.to_json() + "\n")
        out.flush()
    error(
        f"replay: {scan.files_read} of {len(files)} files read, {scan.records} records, "
        f"{replay.articles} articles ({replay.pages} pages), {replay.held} held back, "
        f"{len(failed)} failed"
    )
    return EXIT_PARTIAL if failed else EXIT_OK
