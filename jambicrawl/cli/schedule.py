"""``jambicrawl schedule``: recurring crawls from a schedule file, and their history."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jambicrawl import settings as defaults
from jambicrawl.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    CommandError,
    error,
    registry_from,
    registry_options,
    set_handler,
)
from jambicrawl.cli.crawl import writable_archive
from jambicrawl.schedule.auto import Rates
from jambicrawl.schedule.clock import SystemClock
from jambicrawl.schedule.loader import ScheduleError, load_schedules
from jambicrawl.schedule.model import short_duration
from jambicrawl.schedule.planner import upcoming
from jambicrawl.schedule.serve import STOP_TIMEOUT
from jambicrawl.state.paths import STATE_FILE
from jambicrawl.state.runs import RunHistory

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from jambicrawl.schedule.model import Entry
    from jambicrawl.schedule.planner import Upcoming
    from jambicrawl.schedule.runner import Launcher

DEFAULT_FILE = Path("schedules.toml")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "schedule",
        help="recurring crawls: check, show and run a schedule file; the run history",
        description="Run crawls on a timetable from a schedule file (TOML, default "
        "schedules.toml): validate it, list its entries and next runs, start what is due "
        "(run-due, for system cron), or run as the scheduler (serve); history shows past runs.",
    )
    commands = parser.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False, parents=[registry_options()])
    common.add_argument(
        "--archive", type=Path, default=Path(defaults.JAMBICRAWL_ARCHIVE_DIR), metavar="DIR",
        help="archive folder, with the run history in its state.sqlite3 (default: archive)",
    )  # fmt: skip
    # Tests and dry runs: the scheduler's clock starts at this time (ISO 8601).
    common.add_argument("--now", help=argparse.SUPPRESS)
    with_file = argparse.ArgumentParser(add_help=False, parents=[common])
    with_file.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE, metavar="FILE")
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="one JSON object per line")
    runs = argparse.ArgumentParser(add_help=False)
    runs.add_argument(
        "--max-parallel", type=int, default=2, metavar="N",
        help="crawls running at once, at most (default: 2)",
    )  # fmt: skip
    runs.add_argument(
        "--stop-timeout", type=float, default=STOP_TIMEOUT, metavar="SECONDS",
        help="when stopped: seconds a running crawl has to stop gracefully before it is "
        "stopped at once, and as many again before it is killed (default: %(default)g; a "
        "second signal stops the crawls at once)",
    )  # fmt: skip
    runs.add_argument(
        "--scrapyd", metavar="URL",
        help="start the crawls through the scrapyd at URL (credentials from "
        "JAMBICRAWL_SCRAPYD_USERNAME and JAMBICRAWL_SCRAPYD_PASSWORD)",
    )  # fmt: skip

    actions: list[tuple[str, str, list[argparse.ArgumentParser], Any]] = [
        ("validate", "check the schedule file; each error on a line", [with_file], validate),
        ("list", "the entries and their next runs", [with_file, as_json], list_entries),
        ("next", "the next runs, soonest first (auto: the interval and why)",
         [with_file, as_json], next_runs),
        ("run-due", "start what is due now, wait for it, record it (for system cron)",
         [with_file, runs], run_due),
        ("serve", "run as the scheduler in the foreground until SIGTERM or Ctrl-C",
         [with_file, runs], serve),
        ("history", "past runs, scheduled and by hand", [common, as_json], history),
    ]  # fmt: skip
    for name, summary, parents, handler in actions:
        sub = commands.add_parser(name, parents=parents, help=summary, description=summary)
        if name == "history":
            sub.add_argument("--entry", help="only the runs of this entry ('manual': by hand)")
            sub.add_argument("--limit", type=int, default=50, metavar="N",
                             help="the last N runs (default: 50; 0: all)")  # fmt: skip
        if name == "serve":
            sub.add_argument(
                "--metrics-port", type=int, metavar="PORT",
                help="serve Prometheus metrics of the state database (last run per site, its "
                "figures, field coverage, runs by status) on PORT (0: any free port)",
            )  # fmt: skip
            sub.add_argument("--metrics-host", default="127.0.0.1", metavar="ADDR",
                             help="address of the metrics (default: 127.0.0.1)")  # fmt: skip
        set_handler(sub, handler)


def entries_of(args: argparse.Namespace) -> list[Entry]:
    try:
        return load_schedules(args.file, registry_from(args))
    except ScheduleError as exc:
        for line in exc.errors[:-1]:
            error(line)
        raise CommandError(exc.errors[-1]) from None


def clock_of(args: argparse.Namespace) -> SystemClock:
    if not args.now:
        return SystemClock()
    from datetime import datetime

    try:
        start = datetime.fromisoformat(args.now)
    except ValueError:
        raise CommandError(f"--now: not an ISO 8601 time: {args.now!r}") from None
    if start.tzinfo is None:
        raise CommandError("--now: needs a zone offset")
    return SystemClock(start)


def validate(args: argparse.Namespace) -> int:
    entries = entries_of(args)
    enabled = sum(e.enabled for e in entries)
    print(f"{args.file}: {len(entries)} entries ({enabled} enabled), no errors")
    return EXIT_OK


def _local(entry: Entry, moment: datetime) -> str:
    return moment.astimezone(entry.zone).strftime("%Y-%m-%d %H:%M %Z")


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def _options(entry: Entry) -> str:
    parts = [f"since {entry.since}" if entry.since else "",
             f"max {entry.max_articles}" if entry.max_articles else "",
             "refresh" if entry.refresh else "",
             f"after {'+'.join(entry.after)}" if entry.after else "",
             f"missed={entry.missed}"]  # fmt: skip
    return ", ".join(p for p in parts if p)


@contextmanager
def _history_to_read(archive: Path) -> Iterator[RunHistory]:
    """The archive's run history; an empty one when nothing has run there (a command that
    only reads makes no folder and no database, also for a mistyped ``--archive``)."""
    if (archive / STATE_FILE).exists():
        with RunHistory(archive) as runs:
            yield runs
        return
    with (
        tempfile.TemporaryDirectory(prefix="jambicrawl-") as empty,
        RunHistory(Path(empty)) as runs,
    ):
        yield runs


def _upcoming(args: argparse.Namespace, entries: list[Entry]) -> list[Upcoming]:
    with _history_to_read(args.archive) as runs:
        return upcoming(entries, runs, Rates(args.archive), clock_of(args).now())


def list_entries(args: argparse.Namespace) -> int:
    entries = entries_of(args)
    soonest: dict[str, Upcoming] = {}
    for item in _upcoming(args, entries):
        soonest.setdefault(item.entry.name, item)
    if args.json:
        for entry in entries:
            found = soonest.get(entry.name)
            print(json.dumps({
                "name": entry.name, "sites": list(entry.sites), "cron": entry.cron,
                "every": "auto" if entry.auto else None, "timezone": entry.timezone,
                "since": entry.since, "max_articles": entry.max_articles,
                "refresh": entry.refresh, "after": list(entry.after),
                "enabled": entry.enabled, "missed": entry.missed,
                "next": found.at.astimezone(entry.zone).isoformat() if found else None,
            }, ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    rows = [["ENTRY", "SITES", "WHEN", "OPTIONS", "NEXT"]]
    for entry in entries:
        found = soonest.get(entry.name)
        when = _local(entry, found.at) if found else "disabled"
        rows.append([entry.name, ",".join(entry.sites), entry.when(), _options(entry), when])
    print(_table(rows))
    return EXIT_OK


def next_runs(args: argparse.Namespace) -> int:
    entries = entries_of(args)
    items = _upcoming(args, entries)
    if args.json:
        for item in items:
            interval = item.interval
            print(json.dumps({
                "entry": item.entry.name, "sites": list(item.sites),
                "at": item.at.astimezone(item.entry.zone).isoformat(timespec="seconds"),
                "interval": short_duration(interval.every) if interval else None,
                "interval_seconds": int(interval.every.total_seconds()) if interval else None,
                "rate_per_hour": round(interval.rate, 4) if interval else None,
                "why": item.why,
            }, ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    rows = [["NEXT", "ENTRY", "SITES", "EVERY", "WHY"]]
    for item in items:
        every = short_duration(item.interval.every) if item.interval else "cron"
        rows.append([_local(item.entry, item.at), item.entry.name, ",".join(item.sites),
                     every, item.why])  # fmt: skip
    print(_table(rows))
    return EXIT_OK


def _scheduler(args: argparse.Namespace, once: bool) -> int:
    from jambicrawl.schedule.serve import Scheduler

    if args.max_parallel < 1:
        raise CommandError("--max-parallel: must be 1 or more")
    if not args.stop_timeout >= 0:  # NaN too
        raise CommandError("--stop-timeout: must be 0 or more")
    entries = entries_of(args)
    archive = writable_archive(args.archive).resolve()
    wake = threading.Event()
    with RunHistory(archive) as runs:
        launcher: Launcher
        if args.scrapyd:
            from jambicrawl.schedule.scrapyd import ScrapydClient, ScrapydError, ScrapydLauncher

            client = ScrapydClient(args.scrapyd)
            try:
                client.check()
            except ScrapydError as exc:
                status = EXIT_FAILURE if "cannot reach" in str(exc) else 2
                raise CommandError(str(exc), status) from None
            launcher = ScrapydLauncher(client, archive, runs)
        else:
            from jambicrawl.schedule.runner import LocalLauncher

            launcher = LocalLauncher(archive, runs, wake, args.sites_file)
        scheduler = Scheduler(entries, archive, runs, clock_of(args), launcher, wake,
                              args.max_parallel, polled=bool(args.scrapyd),
                              stop_timeout=args.stop_timeout)  # fmt: skip
        return scheduler.run(once=once)


def run_due(args: argparse.Namespace) -> int:
    return _scheduler(args, once=True)


def serve(args: argparse.Namespace) -> int:
    if args.metrics_port is None:
        return _scheduler(args, once=False)
    if not 0 <= args.metrics_port <= 65535:
        raise CommandError("--metrics-port: must be 0 to 65535")
    from prometheus_client import start_http_server

    from jambicrawl.extensions.metrics import state_registry

    archive = writable_archive(args.archive)
    registry = state_registry(archive / "state.sqlite3")
    try:
        server, thread = start_http_server(
            args.metrics_port, addr=args.metrics_host, registry=registry
        )
    except OSError as exc:
        where = f"{args.metrics_host}:{args.metrics_port}"
        message = f"--metrics-port: cannot listen on {where}: {exc.strerror or exc}"
        raise CommandError(message, EXIT_FAILURE) from None
    host = f"[{args.metrics_host}]" if ":" in args.metrics_host else args.metrics_host
    print(f"metrics: http://{host}:{server.server_port}/metrics", file=sys.stderr, flush=True)
    try:
        return _scheduler(args, once=False)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def history(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CommandError("--limit: must be 1 or more")
    if not (args.archive / "state.sqlite3").exists():
        raise CommandError(f"--archive: {args.archive}: no state database (nothing has run)")
    with RunHistory(args.archive) as runs:
        found = runs.runs(args.entry, args.limit)
    if args.json:
        for run in found:
            print(json.dumps(run.to_dict(), ensure_ascii=False))
        return EXIT_OK
    rows = [["RUN", "ENTRY", "SITES", "START", "END", "STATUS", "NEW", "UPDATED", "PAGES",
             "BYTES", "WARCS", "REASON"]]  # fmt: skip
    for run in found:
        f = run.figures
        reason = "; ".join(x for x in (run.reason, run.note) if x)
        rows.append([str(run.id), run.entry, ",".join(run.sites), run.started, run.ended or "-",
                     run.status, str(f.articles_new), str(f.articles_updated), str(f.pages),
                     str(f.bytes_archived), str(f.warc_files), reason])  # fmt: skip
    print(_table(rows))
    return EXIT_OK
