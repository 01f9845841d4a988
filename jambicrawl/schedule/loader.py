"""Reading and checking a schedule file: every error named with its entry and line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from jambicrawl.crawling.overrides import setting_problem
from jambicrawl.errors import JambicrawlError
from jambicrawl.normalize.window import parse_duration
from jambicrawl.schedule.model import (
    DEFAULT_TIMEZONE,
    FOLLOW_UPS,
    Auto,
    Entry,
    Missed,
    valid_since,
)

if TYPE_CHECKING:
    from pathlib import Path

    from jambicrawl.registry import Registry

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: The header of an entry's table: ``[schedules.NAME]`` (not its sub-tables).
_HEADER = re.compile(r'^\s*\[\s*schedules\s*\.\s*("?)([^\]".]+)\1\s*\]\s*(#.*)?$')
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")

_KEYS = {
    "sites", "cron", "every", "min_interval", "max_interval", "per_visit", "timezone",
    "since", "max_articles", "refresh", "workers", "mirror", "settings", "after",
    "enabled", "missed",
}  # fmt: skip


class ScheduleError(JambicrawlError, ValueError):
    """A schedule file that cannot be used; one line per error."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def load_schedules(path: Path, registry: Registry) -> list[Entry]:
    """The entries of ``path``, in file order; :class:`ScheduleError` lists every error."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ScheduleError([f"{path}: cannot read the schedule file ({reason})"]) from None
    errors: list[str] = []
    text, lines = _headers(path, text, errors)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        where = f"{path}:{found.group(1)}" if found else str(path)
        message = _TOML_LINE.sub("", str(exc)).strip()
        raise ScheduleError([*errors, f"{where}: not valid TOML: {message}"]) from None
    unknown = sorted(set(data) - {"schedules"})
    if unknown:
        errors.append(
            f"{path}: unknown top-level keys {', '.join(unknown)} "
            "(expected [schedules.NAME] tables)"
        )
    tables = data.get("schedules", {})
    if not isinstance(tables, dict):
        errors.append(f"{path}: 'schedules' must be tables: [schedules.NAME]")
        tables = {}
    entries = []
    for name, table in tables.items():
        if name.startswith(_DUPLICATE):
            continue
        where = f"{path}:{lines.get(name, 0) or '?'}: [schedules.{name}]"
        entry = _entry(name, table, where, registry, errors)
        if entry is not None:
            entries.append(replace(entry, line=lines.get(name, 0)))
    if errors:
        raise ScheduleError(sorted(errors, key=_line_of))
    return entries


def _line_of(message: str) -> int:
    found = re.match(r"[^:]*:(\d+):", message)
    return int(found.group(1)) if found else 0


_DUPLICATE = "__duplicate_line_"


def _headers(path: Path, text: str, errors: list[str]) -> tuple[str, dict[str, int]]:
    """Each entry's line; a repeated entry is reported (tomllib would stop at the first
    with no name) and renamed so that the rest of the file is still checked."""
    lines: dict[str, int] = {}
    out = text.splitlines(keepends=True)
    for number, line in enumerate(out, start=1):
        found = _HEADER.match(line)
        if not found:
            continue
        name = found.group(2).strip()
        if name in lines:
            errors.append(
                f"{path}:{number}: [schedules.{name}]: duplicate name "
                f"(first defined at line {lines[name]})"
            )
            out[number - 1] = f"[schedules.{_DUPLICATE}{number}]\n"
        else:
            lines[name] = number
    return "".join(out), lines


def _entry(
    name: str, table: Any, where: str, registry: Registry, errors: list[str]
) -> Entry | None:
    count = len(errors)

    def bad(message: str) -> None:
        errors.append(f"{where}: {message}")

    if not _NAME.match(name):
        bad("name must be lowercase letters, digits and hyphens")
    if not isinstance(table, dict):
        bad("must be a table")
        return None
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        bad(f"unknown keys {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})")

    sites = _sites(table.get("sites"), registry, bad)
    cron, auto = _when(table, bad)
    timezone = table.get("timezone", DEFAULT_TIMEZONE)
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        bad(f"unknown timezone {timezone!r} (an IANA name such as Asia/Jakarta)")
    since = table.get("since", "")
    if not isinstance(since, str) or (since and not valid_since(since)):
        bad(f'since: bad window {since!r} (a duration such as "2 days", or a date)')
    numbers = {k: table.get(k, 0) for k in ("max_articles", "workers")}
    for key, value in numbers.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            bad(f"{key}: must be a whole number, 0 or more")
    flags = {k: table.get(k, default) for k, default in (("refresh", False), ("enabled", True))}
    for key, value in flags.items():
        if not isinstance(value, bool):
            bad(f"{key}: must be true or false")
    mirror = table.get("mirror", "")
    if not isinstance(mirror, str):
        bad("mirror: must be a URL")
    settings = table.get("settings", {})
    if not isinstance(settings, dict) or any(isinstance(v, dict | list) for v in settings.values()):
        bad("settings: must be a table of NAME = value")
        settings = {}
    for setting, value in settings.items():
        # What `crawl -s` would refuse, told now rather than at the first run.
        problem = setting_problem(str(setting), str(value))
        if problem:
            bad(f"settings: {problem}")
    after = table.get("after", [])
    if not isinstance(after, list) or any(a not in FOLLOW_UPS for a in after):
        bad(f"after: a list of {' and '.join(repr(f) for f in FOLLOW_UPS)}, got {after!r}")
    missed = table.get("missed", "once")
    if missed not in ("once", "skip"):
        bad(f'missed: "once" or "skip", got {missed!r}')
    if len(errors) > count:
        return None
    return Entry(
        name=name, sites=sites, cron=cron, auto=auto, timezone=str(timezone), since=since,
        max_articles=numbers["max_articles"], refresh=flags["refresh"],
        workers=numbers["workers"], mirror=mirror.rstrip("/"),
        settings={str(k): str(v) for k, v in settings.items()}, after=tuple(after),
        enabled=flags["enabled"], missed=cast("Missed", missed),
    )  # fmt: skip


def _sites(value: Any, registry: Registry, bad: Any) -> tuple[str, ...]:
    if value == "all":
        value = ["all"]
    if not isinstance(value, list) or not value or not all(isinstance(s, str) for s in value):
        bad('sites: a list of site keys, or ["all"]')
        return ()
    if "all" in value:
        return tuple(site.key for site in registry)
    unknown = [s for s in value if s not in registry]
    if unknown:
        bad(f"unknown site {', '.join(unknown)} (see 'jambicrawl sites')")
    return tuple(dict.fromkeys(value))


def _when(table: dict[str, Any], bad: Any) -> tuple[str | None, Auto | None]:
    cron, every = table.get("cron"), table.get("every")
    if (cron is None) == (every is None):
        bad('needs one of cron = "MIN HOUR DAY MONTH WEEKDAY" or every = "auto"')
        return None, None
    if cron is not None:
        if not isinstance(cron, str) or len(cron.split()) != 5 or not croniter.is_valid(cron):
            bad(f"bad cron expression {cron!r} (five fields: minute hour day month weekday)")
        for key in ("min_interval", "max_interval", "per_visit"):
            if key in table:
                bad(f'{key}: only with every = "auto"')
        return str(cron), None
    if every != "auto":
        bad(f'every: only "auto" is known, got {every!r} (use cron for fixed times)')
        return None, None
    default = Auto()
    bounds = []
    for key, fallback in (
        ("min_interval", default.min_interval),
        ("max_interval", default.max_interval),
    ):
        raw = table.get(key)
        window = fallback if raw is None else parse_duration(raw) if isinstance(raw, str) else None
        if window is None:
            bad(f'{key}: bad window {raw!r} (a duration such as "15m" or "1d")')
            window = fallback
        bounds.append(window)
    if bounds[0] > bounds[1]:
        bad("min_interval is longer than max_interval")
    per_visit = table.get("per_visit", default.per_visit)
    if isinstance(per_visit, bool) or not isinstance(per_visit, int | float) or per_visit <= 0:
        bad("per_visit: must be a number above 0")
        per_visit = default.per_visit
    return None, Auto(bounds[0], bounds[1], float(per_visit))
