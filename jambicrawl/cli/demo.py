"""``jambicrawl demo``: the offline mirror started in-process, every site crawled from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from jambicrawl.cli.common import CommandError, set_handler
from jambicrawl.cli.crawl import crawl_options, crawl_settings, resume_command, writable_archive
from jambicrawl.crawling.overrides import checked_settings
from jambicrawl.crawling.run import CrawlOptions, exit_status, run_crawl, summary_table
from jambicrawl.errors import EXIT_OK
from jambicrawl.registry import load_registry

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from pathlib import Path

    from jambicrawl.crawling.options import SiteResult

#: How far the mirror's clock moves between the demo's two crawls: one publishing step.
EDIT_STEP = timedelta(hours=1)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="crawl the built-in offline mirror of every site (no network needed)",
        description="Start the offline mirror on 127.0.0.1, crawl every registered site from "
        "it into the archive folder, and print a summary table.",
    )
    crawl_options(parser)
    parser.add_argument(
        "--articles-per-site",
        type=int,
        default=10,
        metavar="N",
        help="articles the mirror serves per site (default: 10)",
    )
    parser.add_argument("--resume", action="store_true", help="continue an interrupted demo")
    parser.add_argument(
        "--once",
        action="store_true",
        help="crawl once (default: the mirror then publishes and edits articles, and a second "
        "crawl stores the new articles and the edits as new versions)",
    )
    set_handler(parser, run)


def run(args: argparse.Namespace) -> int:
    if args.articles_per_site < 0:
        raise CommandError("--articles-per-site: must be 0 or more")
    checked_settings(args.settings)
    archive: Path = writable_archive(args.archive)
    # Imported here: the other commands, crawls among them, load none of the mirror.
    from jambicrawl.mirror import MirrorServer
    from jambicrawl.mirror.catalogue import EPOCH
    from jambicrawl.mirror.clock import MirrorClock, Publishing

    # The clock stands still: the second crawl sees the mirror one step later, however
    # long the first took; it starts the day after the newest article, so that a demo run
    # again publishes and edits the same.
    publishing = None if args.once else Publishing(EDIT_STEP)
    mirror = MirrorServer(
        port=0,
        articles_per_site=args.articles_per_site,
        publishing=publishing,
        clock=MirrorClock(EPOCH + timedelta(days=1), speed=0),
    )
    url = mirror.start()
    print(f"mirror: {url} (offline copies of every registered site)", flush=True)
    words = ["demo", "--articles-per-site", str(args.articles_per_site)]
    words += ["--once"] if args.once else []
    try:
        sites = [site.key for site in load_registry()]
        options = CrawlOptions(
            archive=archive, mirror=url, resume=args.resume, settings=crawl_settings(args)
        )
        results = run_crawl(sites, options)
        print(summary_table(results, resume_command(args, *words)))
        print("(the mirror links one page per site that is gone: one error per site is expected)")
        status = exit_status(results)
        if mirror.living is not None and status == EXIT_OK:
            mirror.living.clock.advance(EDIT_STEP)
            edits = sum(c.kind != "published" for c in mirror.living.changes())
            later = run_crawl(sites, replace(options, refresh=True, resume=False))
            print(second_crawl_line(later, edits))
            status = exit_status(later)
    finally:
        mirror.stop()
    print(f"archive: {archive.resolve()}")
    return status


def second_crawl_line(results: Sequence[SiteResult], edits: int) -> str:
    """What the second crawl stored, one hour later on the mirror's clock."""
    new, changed, held = (sum(r.value(f"state/{key}") for r in results)
                          for key in ("new", "changed", "held"))  # fmt: skip
    line = (
        f"an hour later (the mirror's clock), a second crawl (--refresh): {new} new articles; "
        f"{changed} articles edited since the first crawl: versions stored "
        f"(the mirror made {edits} edits"
    )
    return line + (f"; {held} versions held back as worse)" if held else ")")
