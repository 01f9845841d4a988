"""``jambicrawl extract``: Articles of saved HTML files, one JSON object per input."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    CommandError,
    error,
    registry_from,
    registry_options,
    set_handler,
)
from jambicrawl.normalize.dates import parse_date
from jambicrawl.pages import ExtractionError, PageResponse, extract_pages

if TYPE_CHECKING:
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "extract",
        parents=[registry_options()],
        help="extract Articles from saved HTML files",
        description="Print one JSON Article per FILE on stdout. A file that cannot be "
        "read or is not HTML is reported on stderr (exit status 2) and skipped.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--url", required=True, help="the URL the page was fetched from")
    parser.add_argument("--site", help="registry key of the site (default: from the URL)")
    parser.add_argument("--captured-at", help="capture time (ISO 8601); picks the parser version")
    parser.add_argument(
        "--pages",
        action="store_true",
        help="the FILEs are pages 1..n of one article: print one stitched Article",
    )
    set_handler(parser, run)


def _read(path: str, url: str, captured: object) -> PageResponse:
    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        raise ExtractionError(exc.strerror or str(exc)) from None
    return PageResponse(url, body, captured_at=captured)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    registry = registry_from(args)
    if args.site and args.site not in registry:
        raise CommandError(f"unknown site {args.site!r} (see 'jambicrawl sites')")
    captured = parse_date(args.captured_at) if args.captured_at else None
    if args.captured_at and captured is None:
        raise CommandError(f"--captured-at: not a date: {args.captured_at!r}")
    groups = [args.files] if args.pages else [[f] for f in args.files]
    status = EXIT_OK
    for files in groups:
        try:
            pages = [_read(f, args.url, captured) for f in files]
            article = extract_pages(pages, args.site, registry=registry)
        except ExtractionError as exc:
            error(f"{', '.join(files)}: {exc}")
            status = EXIT_BAD_INPUT
            continue
        print(article.to_json(), flush=True)
    return status
