"""``jambicrawl browse``: the collection as a local web application, until stopped."""

from __future__ import annotations

import argparse
from pathlib import Path

from jambicrawl import settings as defaults
from jambicrawl.cli.common import (
    EXIT_FAILURE,
    CommandError,
    archives_argument,
    port_number,
    set_handler,
    wait_for_signal,
)
from jambicrawl.export.rows import database_of
from jambicrawl.state import search
from jambicrawl.state.database import connect_read_only

EPILOG = """\
pages:
  /            search: the query (as jambicrawl search reads it), facets with counts,
               attention over time per site, over-represented words, downloads
  /story?url=  an Article: its fields, citation, versions and their diffs, the page as
               captured (replayed from the WARC records on the capture origin)
  /edits       the stories changed after publication, newest first

exit status:
  0    --help
  1    a port cannot be listened on
  2    bad input or usage: no state database at ARCHIVE, no search index in it, a bad port
  130  stopped by SIGINT (Ctrl-C); 143: by SIGTERM
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "browse",
        help="browse the collection in a web browser: search, attention, stories, edits",
        description="Serve ARCHIVE... (one collection, read-only) as a local web application, "
        "and the archived pages from a second port (another origin, sandboxed). Prints the "
        "URL; runs until interrupted (Ctrl-C or SIGTERM).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    archives_argument(parser, "archive folders, or their state.sqlite3 (default: archive)",
                      Path(defaults.JAMBICRAWL_ARCHIVE_DIR))  # fmt: skip
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8700, help="the application's port "
                        "(default: 8700; 0: any free port)")  # fmt: skip
    parser.add_argument("--capture-port", type=int, default=0, metavar="PORT",
                        help="the port of the archived pages (default: any free port)")  # fmt: skip
    set_handler(parser, run)


def _checked(archives: list[Path]) -> None:
    """Every ARCHIVE a state database with a search index (browse writes nothing)."""
    for archive in archives:
        path = database_of(archive)
        conn = connect_read_only(path)
        try:
            indexed = search.has_index(conn)
        finally:
            conn.close()
        if not indexed:
            raise CommandError(
                f"{path}: no search index yet: 'jambicrawl search --reindex {archive}' builds it"
            )


def run(args: argparse.Namespace) -> int:
    port_number(args.port)
    port_number(args.capture_port, "--capture-port")
    _checked(args.archives)
    # Imported here: the other commands load none of the application.
    from jambicrawl.browse.server import Browse

    try:
        browse = Browse(args.archives, args.host, args.port, args.capture_port)
    except OSError as exc:
        raise CommandError(f"browse: cannot listen on {args.host}: {exc.strerror or exc}",
                           EXIT_FAILURE) from None  # fmt: skip
    browse.start()
    try:
        print(f"{browse.url}/ (archived pages served from {browse.capture_origin})", flush=True)
        number = wait_for_signal()
    finally:
        browse.stop()
    return 128 + number
