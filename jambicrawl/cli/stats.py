"""``jambicrawl stats``: each site's last crawl run, its figures and its trend."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jambicrawl import settings as defaults
from jambicrawl.cli.common import (
    EXIT_OK,
    CommandError,
    archives_argument,
    registry_from,
    registry_options,
    set_handler,
)
from jambicrawl.cli.report import state_database
from jambicrawl.export.collection import articles_by_site
from jambicrawl.export.rows import database_of
from jambicrawl.state.jobs import COVERAGE_FIELDS, JobStore, by_crawl

if TYPE_CHECKING:
    import argparse

    from jambicrawl.state.jobs import JobRecord

_BLOCKS = "▁▂▃▄▅▆▇█"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stats",
        parents=[registry_options()],
        help="each site's last crawl run, its figures and trend",
        description="A table per site: the last run, its figures, the trend of new articles "
        "over the last runs, the articles stored, and the alarms of failed monitors. With "
        "several archives, the runs of all of them, and each article counted once. --json "
        "lists every site.",
    )
    archives_argument(
        parser,
        "archive folders (the workers of a shared crawl): their runs together, each article "
        "once (default: archive)",
        default=Path(defaults.JAMBICRAWL_ARCHIVE_DIR),
    )
    parser.add_argument("--site", help="only this site")
    parser.add_argument("--json", action="store_true", help="JSON: one object per site")
    parser.add_argument(
        "--runs", type=int, default=10, metavar="N", help="runs in the trend (default: 10)"
    )
    set_handler(parser, run)


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if not top:
        return _BLOCKS[0] * len(values)
    return "".join(_BLOCKS[round(v / top * (len(_BLOCKS) - 1))] for v in values)


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


@dataclass(frozen=True, slots=True)
class SiteFigures:
    """A site's runs, oldest first, and its stored articles and versions, each once."""

    site: str
    runs: list[JobRecord]
    articles: int = 0
    versions: int = 0


def site_summary(figures: SiteFigures) -> dict[str, Any]:
    """What ``--json`` prints for a site: its last run in full, the trend, the articles
    stored, the alarms."""
    site, runs = figures.site, figures.runs
    last = runs[-1] if runs else None
    return {
        "site": site,
        "runs": len(runs),
        "articles": figures.articles,
        "versions": figures.versions,
        "last_run": last.to_dict() if last else None,
        "trend": [
            {
                "started_at": r.started_at,
                "status": r.status,
                "pages": r.pages,
                "articles_new": r.articles_new,
                "extracted": r.extracted,
                "errors": r.error_count,
                "held": r.held,
                "flags": r.flags,
                "coverage_share": {f: r.share(f) for f in COVERAGE_FIELDS},
            }
            for r in runs
        ],
        "monitor_failures": [
            {"job_id": r.job_id, "monitor": m.name, "message": m.message}
            for r in runs
            for m in r.alarms
        ],
    }


def _table(summaries: list[SiteFigures]) -> str:
    header = ("SITE", "LAST RUN", "STATUS", "PAGES", "NEW", "UPD", "SAME", "HELD", "FAILED",
              "ERRORS", "DATE", "BODY", "ARTICLES", "NEW/RUN")  # fmt: skip
    rows: list[tuple[str, ...]] = [header]
    notes: list[str] = []
    #: The flags of each site's last run (jambicrawl/items.py FLAGS).
    flagged: list[str] = []
    for summary in summaries:
        site, runs, articles = summary.site, summary.runs, str(summary.articles)
        if not runs:
            rows.append((site, "never", *["-"] * (len(header) - 4), articles, ""))
            continue
        r = runs[-1]
        figures = (r.pages, r.articles_new, r.articles_updated, r.articles_unchanged, r.held,
                   r.articles_failed, r.error_count)  # fmt: skip
        coverage = (_percent(r.share("date_published")), _percent(r.share("body")))
        trend = sparkline([x.articles_new for x in runs])
        rows.append((site, r.started_at, r.status, *map(str, figures), *coverage, articles,
                     trend))  # fmt: skip
        failed = [(x, m) for x in runs for m in x.alarms]
        notes += [f"{site}: {x.started_at}: {m.name}: {m.message}" for x, m in failed]
        if r.flags:
            counted = ", ".join(f"{flag} {n}" for flag, n in sorted(r.flags.items()))
            flagged.append(f"{site}: {r.started_at}: {counted}")
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) if i in (0, 1, 2, len(header) - 1) else c.rjust(w)
                  for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()
        for row in rows
    ]  # fmt: skip
    if notes:
        lines += ["", "monitor failures:"] + [f"  {n}" for n in notes]
    if flagged:
        lines += ["", "flagged articles in the last run:"] + [f"  {n}" for n in flagged]
    return "\n".join(lines)


def _figures(archives: list[Path], runs: int) -> dict[str, SiteFigures]:
    """Each site's last ``runs`` runs over every archive, and its articles across them."""
    databases = [state_database(archive) for archive in archives]
    articles, versions = articles_by_site([database_of(db) for db in databases])
    history: dict[str, list[JobRecord]] = {}
    for db in databases:
        with JobStore(db) as store:
            for site in store.sites():
                history.setdefault(site, []).extend(store.history(site, limit=runs))
    return {
        site: SiteFigures(
            site,
            by_crawl(history.get(site, []))[-runs:],
            articles[site],
            versions[site],
        )
        for site in set(history) | set(articles)
    }


def run(args: argparse.Namespace) -> int:
    if args.runs < 1:
        raise CommandError("--runs: must be 1 or more")
    figures = _figures(args.archives, args.runs)
    registered = [site.key for site in registry_from(args)]
    sites = registered + sorted(set(figures) - set(registered))
    if args.site is not None:
        if args.site not in sites:
            raise CommandError(f"--site: unknown site {args.site} (see 'jambicrawl sites')")
        sites = [args.site]
    summaries = [figures.get(site, SiteFigures(site, [])) for site in sites]
    if args.json:
        print(json.dumps([site_summary(s) for s in summaries], ensure_ascii=False, indent=1))
    else:
        print(_table(summaries))
    return EXIT_OK
