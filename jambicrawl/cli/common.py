"""What every command shares: exit statuses, the registry options, one-line errors."""

from __future__ import annotations

import argparse
import signal
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jambicrawl.errors import (
    EXIT_ALARM,
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_STATUS_HELP,
    CommandError,
    error,
)
from jambicrawl.normalize.window import DateWindow, before
from jambicrawl.registry import GENERIC_SITE, Registry, load_registry
from jambicrawl.state.paths import distinct_folders

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

# Re-exported: every command takes them from here.
__all__ = [
    "EXIT_ALARM",
    "EXIT_BAD_INPUT",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "EXIT_STATUS_HELP",
    "CommandError",
    "error",
]


def registry_options() -> argparse.ArgumentParser:
    """A parent parser with ``--sites-file``, for commands that use the registry."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--sites-file",
        action="append",
        default=[],
        metavar="TOML",
        help="extra site entries (TOML, same format as the built-in sites.toml); repeatable",
    )
    return parent


def registry_from(args: argparse.Namespace) -> Registry:
    return load_registry(args.sites_file)


def set_handler(
    parser: argparse.ArgumentParser, handler: Callable[[argparse.Namespace], int]
) -> None:
    parser.set_defaults(handler=handler)


class _DistinctFolders(argparse.Action):
    """Stores the folders given, each once (see :func:`distinct_folders`)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        given = [Path(v) for v in values or ()] or list(self.default or ())
        setattr(namespace, self.dest, distinct_folders(given))


def archives_argument(
    parser: argparse.ArgumentParser, what: str, default: Path | None = None
) -> None:
    """``ARCHIVE...``: one or more archive folders, read as one collection (the workers of a
    shared crawl keep one folder each), each once however often it is named; with a
    ``default``, none given means that one."""
    parser.add_argument(
        "archives",
        nargs="*" if default else "+",
        default=[default] if default else None,
        type=Path,
        metavar="ARCHIVE",
        action=_DistinctFolders,
        help=what,
    )


def selection_options(parser: argparse.ArgumentParser) -> None:
    """``--site``, ``--since`` and ``--until``, as replay and export take them."""
    parser.add_argument("--site", help="only this site (registry key; 'generic': unregistered)")
    parser.add_argument("--since", metavar="DATE", help="only articles published on or after")
    parser.add_argument(
        "--until",
        metavar="DATE",
        help="only articles published on or before (undated articles are kept, as in crawl)",
    )


def checked_site(site: str | None, registry: Registry) -> str | None:
    """``--site``: a registered site, or 'generic'; a one-line error otherwise."""
    if site and site != GENERIC_SITE.key and site not in registry:
        raise CommandError(f"unknown site {site!r} (see 'jambicrawl sites')")
    return site


def window_texts(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """``--since``/``--until`` as dates: a duration (``"2 days"``, ``"15m"``, as schedule files
    take it) is the time that long ago."""
    now = datetime.now().astimezone()
    return (before(since, now) if since else since, before(until, now) if until else until)


def date_window(since: str | None, until: str | None) -> DateWindow:
    """``--since``/``--until`` (dates or durations) as one window; a one-line error when they
    name no date or ``--since`` comes after ``--until``."""
    return DateWindow.parse(*window_texts(since, until))


def mirror_url(value: str) -> str:
    """``--mirror URL``: an http(s) URL with a host (and a valid port); a one-line error
    otherwise."""
    split = urlsplit(value)
    try:
        split.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        raise CommandError(f"--mirror: {value!r}: bad port") from None
    if split.scheme not in ("http", "https") or not split.hostname:
        raise CommandError(
            f"--mirror: {value!r} is not an http:// URL (e.g. http://127.0.0.1:8765)"
        )
    return value.rstrip("/")


def port_number(value: int, flag: str = "--port") -> int:
    if not 0 <= value <= 65535:
        raise CommandError(f"{flag}: {value} is not a port number (0 to 65535; 0: any free port)")
    return value


def wait_for_signal() -> int:
    """Blocks until SIGINT or SIGTERM (the normal ways to stop a server a command runs);
    returns the signal's number."""
    came: list[int] = []
    stop = threading.Event()

    def stopped(number: int, _frame: object) -> None:
        came.append(number)
        stop.set()

    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, stopped) for sig in signals}
    try:
        while not stop.wait(1.0):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return came[0]
