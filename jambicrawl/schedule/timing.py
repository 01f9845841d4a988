"""Cron slots of an entry (croniter), in the entry's time zone."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from croniter import croniter

if TYPE_CHECKING:
    from jambicrawl.schedule.model import Entry

#: Missed runs counted at most (a scheduler down for years still starts quickly).
MAX_COUNTED = 10_000


def latest_slot(entry: Entry, now: datetime) -> datetime:
    """The latest time at or before ``now`` that the entry's cron names."""
    assert entry.cron is not None
    local = now.astimezone(entry.zone)
    before: datetime = croniter(entry.cron, local).get_prev(datetime)
    after: datetime = croniter(entry.cron, before).get_next(datetime)
    return after if after <= local else before


def next_slot(entry: Entry, now: datetime) -> datetime:
    """The first time after ``now`` that the entry's cron names."""
    assert entry.cron is not None
    slot: datetime = croniter(entry.cron, now.astimezone(entry.zone)).get_next(datetime)
    return slot


def slots_between(entry: Entry, start: datetime, end: datetime) -> int:
    """How many slots fall strictly between ``start`` and ``end`` (at most MAX_COUNTED)."""
    assert entry.cron is not None
    it = croniter(entry.cron, start.astimezone(entry.zone))
    count = 0
    while count < MAX_COUNTED and it.get_next(datetime) < end:
        count += 1
    return count
