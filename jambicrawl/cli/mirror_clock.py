"""The options of ``jambicrawl mirror`` that make it live: ``--publish-every``,
``--clock``, ``--speed``, ``--seed``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.cli.common import CommandError
from jambicrawl.mirror.clock import MirrorClock, Publishing
from jambicrawl.normalize.dates import parse_date
from jambicrawl.normalize.window import parse_duration

if TYPE_CHECKING:
    import argparse

    from jambicrawl.mirror.server import MirrorServer


def living_options(args: argparse.Namespace) -> tuple[Publishing | None, MirrorClock | None]:
    """The publishing and the clock the options ask for; (None, None) without
    ``--publish-every``; :class:`CommandError` for a value that is not one."""
    if args.publish_every is None:
        given = [flag for flag, value in (("--clock", args.clock), ("--speed", args.speed != 1))
                 if value]  # fmt: skip
        if given:
            raise CommandError(f"{given[0]} needs --publish-every")
        return None, None
    every = parse_duration(args.publish_every)
    if every is None:
        raise CommandError(f"--publish-every: not a duration: {args.publish_every!r}")
    start = None
    if args.clock is not None:
        start = parse_date(args.clock)
        if start is None:
            raise CommandError(f"--clock: not a date: {args.clock!r}")
    if args.speed < 0:
        raise CommandError("--speed must be 0 or more")
    return Publishing(every, args.seed), MirrorClock(start, args.speed)


def publishing_note(server: MirrorServer, args: argparse.Namespace) -> str:
    """What the mirror's first line adds when it lives: the interval and the clock."""
    if server.living is None:
        return ""
    clock = server.living.clock
    start = clock.start.isoformat()
    return f"; publishing every {args.publish_every}, clock from {start} at x{clock.speed:g}"
