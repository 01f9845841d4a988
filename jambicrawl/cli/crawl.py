"""``jambicrawl crawl``: crawl registered sites into the archive."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tempfile
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl import settings as defaults
from jambicrawl.cli.common import (
    EXIT_FAILURE,
    CommandError,
    date_window,
    mirror_url,
    registry_from,
    registry_options,
    set_handler,
    window_texts,
)
from jambicrawl.crawling.overrides import checked_settings
from jambicrawl.crawling.run import CrawlOptions, exit_status, failures, run_crawl, summary_table
from jambicrawl.crawling.stopping import StopRequests, catching_signals
from jambicrawl.errors import did_you_mean
from jambicrawl.schedule.record import CrawlRecord

if TYPE_CHECKING:
    from collections.abc import Iterator


def _setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def writable_archive(archive: Path) -> Path:
    """The archive folder, created if missing; a one-line error when it cannot be written,
    before any crawler starts."""
    try:
        archive.mkdir(parents=True, exist_ok=True)
        probe = archive / ".jambicrawl-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        message = f"--archive: {archive}: cannot write there ({exc.strerror or exc})"
        raise CommandError(message) from None
    return archive


def archive_of_warcs(folder: Path) -> None:
    """``--from-archive``: a folder that holds WARC files; a one-line error otherwise."""
    from jambicrawl.collection.packaging import PackagingError, warc_files

    try:
        warc_files([folder])
    except PackagingError as exc:
        raise CommandError(f"--from-archive: {exc}") from None


def reachable_redis(url: str) -> None:
    """``--redis``: a one-line error (exit status 1) when Redis cannot be reached."""
    from jambicrawl.scale.connection import RedisUnavailableError, checked_client

    try:
        checked_client(url).close()
    except RedisUnavailableError as exc:
        raise CommandError(f"--redis: {exc}", EXIT_FAILURE) from None


def crawl_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``crawl`` and ``demo``."""
    parser.add_argument(
        "--archive",
        type=Path,
        default=Path(defaults.JAMBICRAWL_ARCHIVE_DIR),
        metavar="DIR",
        help="archive folder: WARC files, state.sqlite3, items/ (default: archive)",
    )
    parser.add_argument(
        "-s",
        dest="settings",
        action="append",
        type=_setting,
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy setting (repeatable)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show the whole log on stderr (default: warnings and errors; the whole log is "
        "in ARCHIVE/logs/)",
    )


def resume_command(args: argparse.Namespace, *words: str) -> str:
    """The command that continues a stopped ``crawl`` or ``demo``, ready to paste: its
    ``words`` (the command and its own options), the archive, ``-s`` and ``--resume``."""
    given = ["jambicrawl", *words, "--archive", str(args.archive)]
    for name, value in args.settings:
        given += ["-s", f"{name}={value}"]
    return shlex.join([*given, "--resume"])


def _crawl_words(args: argparse.Namespace) -> list[str]:
    """``crawl``'s sites and options as given (``--since``/``--until`` as dates)."""
    words = ["crawl", *args.sites]
    for flag, value in (("--mirror", args.mirror), ("--since", args.since),
                        ("--until", args.until), ("--from-archive", args.from_archive),
                        ("--redis", args.redis), ("--max-articles", args.max_articles),
                        ("--workers", args.workers)):  # fmt: skip
        if value:
            words += [flag, str(value)]
    for path in args.sites_file:
        words += ["--sites-file", path]
    return [*words, "--refresh"] if args.refresh else words


def crawl_settings(args: argparse.Namespace) -> dict[str, str | bool]:
    """The ``-s`` settings, and ``-v``'s."""
    settings: dict[str, str | bool] = dict(args.settings)
    if args.verbose:
        settings["JAMBICRAWL_VERBOSE"] = True
    return settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "crawl",
        parents=[registry_options()],
        help="crawl sites into the archive",
        description="Crawl SITE... (registry keys, or 'all'): discover articles from robots.txt, "
        "sitemaps, feeds and listings, fetch every page of each, archive every response, and "
        "store the Articles in the archive's state database and a JSON Lines file per job.",
    )
    parser.add_argument("sites", nargs="+", metavar="SITE")
    crawl_options(parser)
    parser.add_argument(
        "--mirror", default="", metavar="URL", help="crawl the offline mirror at URL"
    )
    parser.add_argument(
        "--since",
        default="",
        metavar="DATE",
        help="only articles published on or after DATE (a date, or a duration before now: "
        "'2 days', '15m', '1 week')",
    )
    parser.add_argument(
        "--until",
        default="",
        metavar="DATE",
        help="only articles published on or before DATE (a date, or a duration before now)",
    )
    parser.add_argument(
        "--max-articles", type=int, default=0, metavar="N", help="stop each site after N articles"
    )
    parser.add_argument("--refresh", action="store_true", help="fetch known articles again")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted crawl")
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes to share the sites among (default: one per core)",
    )
    parser.add_argument(
        "--from-archive",
        type=Path,
        metavar="ARCHIVE",
        help="serve responses from ARCHIVE's WARC files (through its CDXJ index) instead of the "
        "network; a URL the archive lacks is reported, never fetched",
    )
    parser.add_argument(
        "--metrics-port",
        type=int,
        metavar="PORT",
        help="serve Prometheus metrics of the crawl on PORT (0: any free port, printed on "
        "stderr) at /metrics while it runs",
    )
    parser.add_argument(
        "--metrics-host",
        default="127.0.0.1",
        metavar="ADDR",
        help="address the metrics are served on (default: 127.0.0.1)",
    )
    parser.add_argument(
        "--redis",
        default="",
        metavar="URL",
        help="a worker of a crawl shared through Redis at URL (redis://HOST:PORT/DB): one "
        "frontier, each page fetched once by one worker, one digest index (see README)",
    )
    set_handler(parser, run)


@contextmanager
def metrics_server(port: int, host: str) -> Iterator[None]:
    """Crawl counters of every worker process, served on ``host:port`` during the crawl."""
    # prometheus_client picks shared-file counters when first imported with this variable
    # set; the worker processes inherit it, and the parent serves the sum of their files.
    folder = tempfile.mkdtemp(prefix="jambicrawl-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    from jambicrawl.extensions.metrics import serve_crawl_metrics

    try:
        with serve_crawl_metrics(port, host) as bound:
            shown = f"[{host}]" if ":" in host else host
            print(f"metrics: http://{shown}:{bound}/metrics", file=sys.stderr, flush=True)
            yield
    except OSError as exc:
        message = f"--metrics-port: cannot listen on {host}:{port}: {exc.strerror or exc}"
        raise CommandError(message, EXIT_FAILURE) from None
    finally:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        shutil.rmtree(folder, ignore_errors=True)


def sites_of(args: argparse.Namespace) -> list[str]:
    registry = registry_from(args)
    if args.sites == ["all"]:
        return [site.key for site in registry]
    for site in args.sites:
        if site not in registry:
            known = [each.key for each in registry]
            hint = did_you_mean(site, known) or " (see 'jambicrawl sites')"
            raise CommandError(f"unknown site {site!r}{hint}")
    return list(dict.fromkeys(args.sites))


def run(args: argparse.Namespace) -> int:
    args.since, args.until = window_texts(args.since, args.until)
    date_window(args.since, args.until)
    if args.workers is not None and args.workers < 1:
        raise CommandError("--workers: must be 1 or more (default: one per core)")
    if args.max_articles < 0:
        raise CommandError("--max-articles: must be 0 or more")
    if args.metrics_port is not None and not 0 <= args.metrics_port <= 65535:
        raise CommandError("--metrics-port: must be 0 to 65535")
    if args.from_archive is not None:
        archive_of_warcs(args.from_archive)
    if args.mirror:
        mirror_url(args.mirror)
    checked_settings(args.settings)
    if args.redis:
        reachable_redis(args.redis)
    sites = sites_of(args)  # refused before the archive folder is made
    options = CrawlOptions(
        archive=writable_archive(args.archive),
        mirror=args.mirror.rstrip("/"),
        since=args.since,
        until=args.until,
        max_articles=args.max_articles,
        refresh=args.refresh,
        resume=args.resume,
        sites_files=args.sites_file,
        from_archive=args.from_archive,
        workers=args.workers or 0,
        settings=crawl_settings(args),
        redis=args.redis,
    )
    metrics: AbstractContextManager[None] = nullcontext()
    if args.metrics_port is not None:
        options.settings = {"JAMBICRAWL_METRICS": True, **dict(options.settings or {})}
        metrics = metrics_server(args.metrics_port, args.metrics_host)
    # Signals are caught from here: a stop before the crawl begins leaves every site to
    # --resume, and one after it ends cannot cut short the records of what it fetched.
    # Site locks and the run history: jambicrawl/schedule/record.py.
    with catching_signals(StopRequests()) as stops, CrawlRecord(options.archive, sites) as record:
        with metrics:
            results = run_crawl(sites, options, stops)
        print(summary_table(results, resume_command(args, *_crawl_words(args))))
        for failure in failures(results):  # one error line each, the run's reason last
            print(f"jambicrawl: {failure}", file=sys.stderr)
        status = exit_status(results)
        record.finish(results, status)
    return status
