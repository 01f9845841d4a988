"""``jambicrawl mirror``: serve every registered site offline, from the page fixtures."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from jambicrawl.cli.common import (
    EXIT_FAILURE,
    CommandError,
    error,
    port_number,
    registry_from,
    registry_options,
    set_handler,
    wait_for_signal,
)
from jambicrawl.errors import JambicrawlError
from jambicrawl.mirror.redesign import CHANGED_LAYOUT, KINDS, RedesignError, parse_redesigns

if TYPE_CHECKING:
    from collections.abc import Sequence


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)"
    )
    parser.add_argument(
        "--articles-per-site",
        type=int,
        default=0,
        metavar="N",
        help="top every site up to N articles with generated ones (default: fixtures only)",
    )
    parser.add_argument(
        "--changed-layout",
        action="append",
        default=[],
        metavar="SITE",
        help="serve SITE's articles as if the site had been redesigned: no date or body where "
        f"the selectors look (to try the layout-change alarm; --redesign SITE={CHANGED_LAYOUT}); "
        "repeatable",
    )
    parser.add_argument(
        "--redesign",
        action="append",
        default=[],
        metavar="SITE=KIND",
        help=f"serve SITE's article pages rewritten as a relaunch would; KIND: {', '.join(KINDS)}; "
        "repeatable",
    )
    living = parser.add_argument_group("a mirror that lives (publishes and edits as time passes)")
    living.add_argument(
        "--publish-every",
        metavar="DURATION",
        help="every DURATION of the mirror's clock (10m, '2 hours'), each site publishes an "
        "article and edits an earlier one (default: the sites never change)",
    )
    living.add_argument(
        "--clock",
        metavar="DATE",
        help="what the mirror's clock reads when it starts (default: the real time)",
    )
    living.add_argument(
        "--speed",
        type=float,
        default=1.0,
        metavar="FACTOR",
        help="the clock runs FACTOR times as fast as real time; 0 stops it, and only "
        "POST BASE/_clock?advance=DURATION moves it (default: 1)",
    )
    living.add_argument(
        "--seed", type=int, default=0, help="which articles are edited, and how (default: 0)"
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "mirror",
        parents=[registry_options()],
        help="serve every registered site on 127.0.0.1 from the page fixtures",
        description="Serve an offline mirror of every registered site on 127.0.0.1. "
        "Prints its base URL; a site URL https://HOST/PATH is at BASE/HOST/PATH. "
        "Runs until interrupted: exit status 130 after Ctrl-C, 143 after SIGTERM.",
    )
    _add_arguments(parser)
    set_handler(parser, run)


def run(args: argparse.Namespace) -> int:
    if args.articles_per_site < 0:
        raise CommandError("--articles-per-site must be 0 or more")
    port_number(args.port)
    registry = registry_from(args)
    unknown = [site for site in args.changed_layout if site not in registry]
    if unknown:
        raise CommandError(f"--changed-layout: unknown site {', '.join(unknown)}")
    try:
        redesigns = parse_redesigns(args.redesign, {s.key for s in registry}, args.changed_layout)
    except RedesignError as exc:
        raise CommandError(f"--redesign: {exc}") from None
    # Imported here: the other commands, crawls among them, load only the redesign kinds
    # (for this command's help).
    from jambicrawl.cli.mirror_clock import living_options, publishing_note
    from jambicrawl.mirror import MirrorServer

    publishing, clock = living_options(args)
    server = MirrorServer(
        port=args.port,
        articles_per_site=args.articles_per_site,
        registry=registry,
        redesigns=redesigns,
        publishing=publishing,
        clock=clock,
    )
    try:
        url = server.start()
    except OSError as exc:
        raise CommandError(
            f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror}", EXIT_FAILURE
        ) from None
    try:
        for note in server.catalogue.notes:
            error(f"note: {note}")
        sites, articles = len(server.catalogue.sites), len(server.catalogue.articles)
        living = publishing_note(server, args)
        print(f"{url} ({sites} sites, {articles} articles{living})", flush=True)
        number = wait_for_signal()
    finally:
        server.stop()
    # As every command a signal stops: 130 after Ctrl-C, 143 after SIGTERM.
    return 128 + number


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m jambicrawl.cli.mirror``, the same command without the ``jambicrawl`` entry."""
    parser = argparse.ArgumentParser(prog="jambicrawl mirror", parents=[registry_options()])
    _add_arguments(parser)
    try:
        return run(parser.parse_args(argv))
    except JambicrawlError as exc:
        error(str(exc))
        return exc.status


if __name__ == "__main__":
    sys.exit(main())
