"""``jambicrawl search``: full-text search over the current versions of the Articles."""

from __future__ import annotations

import argparse
import json
import textwrap
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jambicrawl import settings as defaults
from jambicrawl.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    CommandError,
    checked_site,
    date_window,
    error,
    registry_from,
    registry_options,
    selection_options,
    set_handler,
)
from jambicrawl.export.rows import ExportError, database_of
from jambicrawl.export.writers import FORMATS, export_rows
from jambicrawl.research.collection import Collection, reindex
from jambicrawl.research.search import Filters, article_rows, hits, top_and_count
from jambicrawl.state.paths import distinct_folders

if TYPE_CHECKING:
    from jambicrawl.research.search import Hit

EPILOG = """\
query syntax:
  kebakaran hutan        both words (any form: kebakaran also finds terbakar, membakar)
  "kabut asap"           the phrase
  asap OR kabut          either; AND, OR, NOT in capitals, parentheses to group
  karhutla NOT banjir    the first without the second
  kebakar*               words beginning so (the prefix is stemmed like a word)

exit status:
  0    the search ran (also when nothing matched)
  1    the output or the index cannot be written (or pyarrow is missing for parquet)
  2    bad input or usage: bad query syntax, no state database at ARCHIVE, a bad date,
       an unknown site
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "search",
        parents=[registry_options()],
        help="full-text search over the current version of every stored Article",
        description="Search the title, subtitle, body, authors and tags of the current\n"
        "version of every Article in ARCHIVE... (one collection: each Article once, its\n"
        "version captured last), Indonesian words stemmed, best matches first (BM25).\n"
        "With --reindex, every argument is an ARCHIVE whose search index is rebuilt.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", nargs="?", metavar="QUERY", help="what to search for")
    parser.add_argument(
        "archives",
        nargs="*",
        type=Path,
        metavar="ARCHIVE",
        help="archive folders, or their state.sqlite3: one collection (default: archive)",
    )
    selection_options(parser)
    parser.add_argument("--author", help="only Articles by this author (a name or part of one)")
    parser.add_argument("--category", help="only Articles of this category (the whole name)")
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="hits shown (default: 20)"
    )
    parser.add_argument("--json", action="store_true", help="the hits as one JSON object")
    parser.add_argument(
        "--format", choices=FORMATS, help="write every matching Article to -o FILE, as export"
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE")
    parser.add_argument(
        "--reindex", action="store_true", help="rebuild the search index of each ARCHIVE"
    )
    set_handler(parser, run)


def _archives(args: argparse.Namespace) -> list[Path]:
    given = [Path(args.query)] if args.reindex and args.query else []
    given += args.archives
    return distinct_folders(given or [Path(defaults.JAMBICRAWL_ARCHIVE_DIR)])


def _filters(args: argparse.Namespace) -> Filters:
    site = checked_site(args.site, registry_from(args))
    return Filters(site, date_window(args.since, args.until), args.author, args.category)


def _hit_json(rank: int, hit: Hit) -> dict[str, Any]:
    return {"rank": rank, **asdict(hit), "database": str(hit.database)}


def _print_hits(query: str, total: int, found: list[Hit]) -> None:
    shown = f" (the best {len(found)})" if len(found) < total else ""
    articles = "1 Article matches" if total == 1 else f"{total} Articles match"
    print(f"{articles} {query!r}{shown}")
    for rank, hit in enumerate(found, 1):
        day = (hit.date_published or "undated")[:10]
        print(f"\n{rank:>3}. {hit.title or '(no title)'}")
        print(f"     {hit.site} · {day}")
        print(textwrap.fill(hit.snippet, 96, initial_indent="     ", subsequent_indent="     "))
        print(f"     {hit.canonical_url}")


def _reindex(archives: list[Path]) -> int:
    for archive in archives:
        database = database_of(archive)
        error(f"search: {database}: {reindex(database)} Articles indexed")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    archives = _archives(args)
    if args.reindex:
        return _reindex(archives)
    if not args.query:
        raise CommandError("search: a QUERY is needed (or --reindex)")
    if args.limit < 1:
        raise CommandError(f"--limit: {args.limit} is not a positive number")
    if args.format and not args.output:
        raise CommandError("--format needs -o FILE")
    filters = _filters(args)
    with Collection(archives) as collection:
        databases = collection.databases
        if args.output:
            found = hits(databases, args.query, filters, snippets=False)
            rows = article_rows(databases, found)
            try:
                written = export_rows(rows, args.output, args.format or "jsonl")
            except ExportError as exc:
                raise CommandError(str(exc), EXIT_FAILURE) from None
            error(f"search: {written} Articles written to {args.output}")
            return EXIT_OK
        best, total = top_and_count(databases, args.query, filters, args.limit)
    if args.json:
        document = {
            "query": args.query,
            "total": total,
            "hits": [_hit_json(rank, hit) for rank, hit in enumerate(best, 1)],
        }
        print(json.dumps(document, ensure_ascii=False, indent=1))
    else:
        _print_hits(args.query, total, best)
    return EXIT_OK
