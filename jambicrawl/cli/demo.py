"""``jambicrawl demo``: the offline mirror started in-process, every site crawled from it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.cli.common import CommandError, set_handler
from jambicrawl.cli.crawl import crawl_options, crawl_settings, resume_command, writable_archive
from jambicrawl.cli.overrides import checked_settings
from jambicrawl.crawling.run import CrawlOptions, exit_status, run_crawl, summary_table
from jambicrawl.registry import load_registry

if TYPE_CHECKING:
    import argparse
    from pathlib import Path


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
    set_handler(parser, run)


def run(args: argparse.Namespace) -> int:
    if args.articles_per_site < 0:
        raise CommandError("--articles-per-site: must be 0 or more")
    checked_settings(args.settings)
    archive: Path = writable_archive(args.archive)
    # Imported here: the other commands, crawls among them, load none of the mirror.
    from jambicrawl.mirror import MirrorServer

    mirror = MirrorServer(port=0, articles_per_site=args.articles_per_site)
    url = mirror.start()
    print(f"mirror: {url} (offline copies of every registered site)", flush=True)
    try:
        sites = [site.key for site in load_registry()]
        options = CrawlOptions(
            archive=archive, mirror=url, resume=args.resume, settings=crawl_settings(args)
        )
        results = run_crawl(sites, options)
    finally:
        mirror.stop()
    words = ["demo", "--articles-per-site", str(args.articles_per_site)]
    print(summary_table(results, resume_command(args, *words)))
    print("(the mirror links one page per site that is gone: one error per site is expected)")
    print(f"archive: {archive.resolve()}")
    return exit_status(results)
