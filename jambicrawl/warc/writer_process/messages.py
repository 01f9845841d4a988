"""The messages between a crawl process and its WARC writer process.

Commands, in order on one queue, crawl process to writer process: :class:`Open`, then
:class:`Write` and at last :class:`Close` for each crawler's sink (named by ``key``), and one
:class:`Stop` for the process. Replies, on another queue: :class:`Written` batches,
:class:`Fatal` once a sink has stopped for good, :class:`Closed` once a sink is closed.
``counts`` are stats increments since the last reply, by stats key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from jambicrawl.warc.exchange import Exchange
    from jambicrawl.warc.writer import SinkSpec


@dataclass(frozen=True, slots=True)
class Open:
    """Open a crawler's sink: its files, its digest index."""

    key: str
    spec: SinkSpec


@dataclass(frozen=True, slots=True)
class Write:
    """Write an exchange's records; ``cited``: an Article waits for the file's name."""

    key: str
    exchange: Exchange
    cited: bool


@dataclass(frozen=True, slots=True)
class Close:
    """Write what came before, close the sink's file, reply :class:`Closed`."""

    key: str


@dataclass(frozen=True, slots=True)
class Stop:
    """Close every sink still open and end the process."""


Command = Open | Write | Close | Stop


class Cited(NamedTuple):
    """The file a cited exchange's records went to ("" when they were not written)."""

    key: str
    record_id: str
    warc_file: str


@dataclass(frozen=True, slots=True)
class Written:
    """Cited exchanges written, and every sink's stats, since the last reply."""

    cited: tuple[Cited, ...]
    counts: dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True)
class Fatal:
    """A sink stopped writing for good, and why (the crawl stops)."""

    key: str
    reason: str


@dataclass(frozen=True, slots=True)
class Closed:
    """A sink is closed; its last stats."""

    key: str
    counts: dict[str, int]


Reply = Written | Fatal | Closed
