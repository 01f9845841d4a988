"""What is due at a moment: the runs to start and the runs to record as skipped.

The run history is the scheduler's memory: a slot is served once a row names it, whatever
its status, so ``run-due`` from system cron and ``serve`` after a restart agree on what ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from jambicrawl.schedule.clock import from_utc_text, utc_text
from jambicrawl.schedule.timing import latest_slot, next_slot, slots_between

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence
    from zoneinfo import ZoneInfo

    from jambicrawl.schedule.auto import Interval, Rates
    from jambicrawl.schedule.model import Entry
    from jambicrawl.state.runs import RunHistory

#: A slot seen later than this after its time was missed (the scheduler was not running).
ON_TIME = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Decision:
    entry: Entry
    sites: tuple[str, ...]
    #: The time the run serves (UTC).
    slot: datetime
    action: Literal["run", "skip"]
    note: str = ""
    reason: str = ""

    @property
    def slot_text(self) -> str:
        return utc_text(self.slot)


@dataclass(frozen=True, slots=True)
class Upcoming:
    entry: Entry
    sites: tuple[str, ...]
    at: datetime
    interval: Interval | None = None

    @property
    def why(self) -> str:
        return self.interval.why if self.interval else self.entry.when()


def plan(
    entries: Sequence[Entry],
    history: RunHistory,
    rates: Rates,
    now: datetime,
    busy: Collection[str] = (),
) -> list[Decision]:
    """The decisions due at ``now``; entries named in ``busy`` (running or queued) wait."""
    decisions: list[Decision] = []
    for entry in entries:
        if not entry.enabled or entry.name in busy:
            continue
        if entry.auto is None:
            decisions += _cron_decisions(entry, history, now)
        else:
            decisions += _auto_decisions(entry, history, rates, now)
    return decisions


def _missed_text(count: int, first: datetime, last: datetime, zone: ZoneInfo) -> str:
    def local(moment: datetime) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    span = local(first) if count == 1 else f"{local(first)} to {local(last)}"
    return f"{count} run{'s' * (count != 1)} missed ({span}) while no scheduler ran"


def _cron_decisions(entry: Entry, history: RunHistory, now: datetime) -> list[Decision]:
    slot = latest_slot(entry, now)
    served = history.last_scheduled(entry.name)
    last = from_utc_text(served) if served else None
    if last is not None and last >= slot:
        return []
    on_time = now - slot <= ON_TIME
    if last is None:
        # Never run: no baseline to count missed runs from; wait for the next slot.
        return [Decision(entry, entry.sites, slot, "run")] if on_time else []
    earlier = slots_between(entry, last, slot)
    if on_time:
        note = ""
        if earlier:
            first = _first_after(entry, last)
            note = _missed_text(earlier, first, slot, entry.zone)
        return [Decision(entry, entry.sites, slot, "run", note=note)]
    missed = _missed_text(earlier + 1, _first_after(entry, last), slot, entry.zone)
    if entry.missed == "skip":
        return [Decision(entry, entry.sites, slot, "skip", reason=f'{missed}; missed = "skip"')]
    return [Decision(entry, entry.sites, slot, "run", note=f"catch-up: {missed}")]


def _first_after(entry: Entry, moment: datetime) -> datetime:
    return next_slot(entry, moment)


def _auto_decisions(
    entry: Entry, history: RunHistory, rates: Rates, now: datetime
) -> list[Decision]:
    assert entry.auto is not None
    run: list[str] = []
    skip: list[str] = []
    notes: list[str] = []
    for interval in rates.intervals(entry.auto, entry.sites, now):
        served = history.last_scheduled(entry.name, interval.site)
        if served is None:
            run.append(interval.site)
            continue
        due = from_utc_text(served) + interval.every
        if now < due:
            continue
        if now - due <= max(interval.every, ON_TIME):
            run.append(interval.site)
        elif entry.missed == "skip":
            skip.append(interval.site)
        else:
            run.append(interval.site)
            notes.append(f"{interval.site} catch-up (due {utc_text(due)})")
    slot = now.astimezone(UTC).replace(microsecond=0)
    decisions = []
    if run:
        decisions.append(Decision(entry, tuple(run), slot, "run", note="; ".join(notes)))
    if skip:
        reason = 'runs missed while no scheduler ran; missed = "skip"'
        decisions.append(Decision(entry, tuple(skip), slot, "skip", reason=reason))
    return decisions


def upcoming(
    entries: Sequence[Entry], history: RunHistory, rates: Rates, now: datetime
) -> list[Upcoming]:
    """The next run of each enabled entry (of each site of an auto entry), soonest first;
    a run due now is at ``now``."""
    due = {(d.entry.name, s) for d in plan(entries, history, rates, now) if d.action == "run"
           for s in d.sites}  # fmt: skip
    found: list[Upcoming] = []
    for entry in entries:
        if not entry.enabled:
            continue
        if entry.auto is None:
            at = now if (entry.name, entry.sites[0]) in due else next_slot(entry, now)
            found.append(Upcoming(entry, entry.sites, at))
            continue
        for interval in rates.intervals(entry.auto, entry.sites, now):
            served = history.last_scheduled(entry.name, interval.site)
            at = now
            if (entry.name, interval.site) not in due and served is not None:
                at = max(now, from_utc_text(served) + interval.every)
            found.append(Upcoming(entry, (interval.site,), at, interval))
    return sorted(found, key=lambda u: u.at)


def next_wake(
    entries: Sequence[Entry], history: RunHistory, rates: Rates, now: datetime
) -> datetime | None:
    """When something is next due (None: no enabled entry)."""
    times = [u.at for u in upcoming(entries, history, rates, now)]
    return min(times) if times else None
