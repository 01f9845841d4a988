"""Next runs from an injected clock: a day of cron slots, missed runs, ``every = "auto"``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from jambicrawl.items import Article
from jambicrawl.schedule.auto import Rates
from jambicrawl.schedule.planner import Decision, plan, upcoming
from jambicrawl.state.articles import STATE_FILE, ArticleStore
from jambicrawl.state.runs import RunHistory
from tests.schedule.helpers import FakeClock, cli, entries, write

if TYPE_CHECKING:
    from pathlib import Path

WIB = ZoneInfo("Asia/Jakarta")
MIDNIGHT = datetime(2026, 3, 2, 0, 0, tzinfo=WIB)

DAY = """
[schedules.often]
sites = ["tribunjambi", "antarajambi"]
cron = "*/30 * * * *"

[schedules.daily]
sites = ["jambione"]
cron = "0 3 * * *"

[schedules.off]
sites = ["detailjambi"]
cron = "* * * * *"
enabled = false
"""


def record(history: RunHistory, decision: Decision) -> None:
    """What a launcher does with a decision, minus the crawl: a finished row."""
    status = "skipped" if decision.action == "skip" else "running"
    run_id = history.start(decision.entry.name, decision.sites, scheduled=decision.slot_text,
                           status=status, reason=decision.reason, note=decision.note)  # fmt: skip
    if status == "running":
        history.finish(run_id, "ok", 0)


def test_a_day_of_cron_slots(tmp_path: Path) -> None:
    schedule = entries(write(tmp_path, DAY))
    clock = FakeClock(MIDNIGHT)
    started: list[tuple[str, datetime, datetime]] = []
    rates = Rates(tmp_path)
    with RunHistory(tmp_path) as history:
        # The scheduler looks every 20 seconds of fake time, for 24 hours.
        while clock.now() < MIDNIGHT + timedelta(days=1):
            for decision in plan(schedule, history, rates, clock.now()):
                assert decision.action == "run"
                record(history, decision)
                started.append((decision.entry.name, decision.slot, clock.now()))
            clock.advance(timedelta(seconds=20))
    often = [slot for name, slot, _ in started if name == "often"]
    assert len(often) == 48
    assert often[0] == MIDNIGHT and often[-1] == MIDNIGHT + timedelta(hours=23, minutes=30)
    assert [(s.astimezone(WIB).hour, s.minute) for n, s, _ in started if n == "daily"] == [(3, 0)]
    # Each run starts within one look of its slot.
    assert all(timedelta(0) <= seen - slot < timedelta(seconds=20) for _, slot, seen in started)


def test_runs_missed_while_down_are_caught_up_once(tmp_path: Path) -> None:
    schedule = entries(write(tmp_path, DAY))
    daily = [e for e in schedule if e.name == "daily"]
    rates = Rates(tmp_path)
    with RunHistory(tmp_path) as history:
        for decision in plan(daily, history, rates, MIDNIGHT + timedelta(hours=3, seconds=5)):
            record(history, decision)
        # Down for three days: the slots of the 3rd, 4th and 5th went by.
        back = MIDNIGHT + timedelta(days=3, hours=10)
        (catch_up,) = plan(daily, history, rates, back)
        assert catch_up.action == "run"
        assert catch_up.slot == MIDNIGHT + timedelta(days=3, hours=3)
        assert "catch-up: 3 runs missed (2026-03-03 03:00 to 2026-03-05 03:00)" in catch_up.note
        record(history, catch_up)
        assert plan(daily, history, rates, back + timedelta(minutes=1)) == []
        (following,) = plan(daily, history, rates, MIDNIGHT + timedelta(days=4, hours=3))
        assert following.action == "run" and not following.note


def test_runs_missed_are_skipped_with_missed_skip(tmp_path: Path) -> None:
    text = DAY.replace('cron = "0 3 * * *"', 'cron = "0 3 * * *"\nmissed = "skip"')
    daily = [e for e in entries(write(tmp_path, text)) if e.name == "daily"]
    rates = Rates(tmp_path)
    with RunHistory(tmp_path) as history:
        for decision in plan(daily, history, rates, MIDNIGHT + timedelta(hours=3)):
            record(history, decision)
        (skipped,) = plan(daily, history, rates, MIDNIGHT + timedelta(days=2, hours=9))
        assert skipped.action == "skip"
        assert skipped.reason.startswith("2 runs missed") and 'missed = "skip"' in skipped.reason
        record(history, skipped)
        assert [r.status for r in history.runs("daily")] == ["ok", "skipped"]
        assert plan(daily, history, rates, MIDNIGHT + timedelta(days=2, hours=9, minutes=1)) == []


def test_a_first_start_waits_for_the_next_slot(tmp_path: Path) -> None:
    daily = [e for e in entries(write(tmp_path, DAY)) if e.name == "daily"]
    rates = Rates(tmp_path)
    with RunHistory(tmp_path) as history:
        assert plan(daily, history, rates, MIDNIGHT + timedelta(hours=9)) == []
        (item,) = upcoming(daily, history, rates, MIDNIGHT + timedelta(hours=9))
    assert item.at == MIDNIGHT + timedelta(days=1, hours=3)


def _seed(archive: Path, site: str, count: int, now: datetime, span: timedelta) -> None:
    """``count`` articles of ``site`` published evenly over ``span`` before ``now``."""
    store = ArticleStore(archive / STATE_FILE)
    try:
        for i in range(count):
            published = (now - span * (i + 0.5) / count).isoformat(timespec="seconds")
            url = f"https://{site}.example/{i}"
            article = Article(url=url, canonical_url=url, site=site, title=f"{site} {i}",
                              date_published=published, body="isi")  # fmt: skip
            store.record(article, "seed")
    finally:
        store.close()


AUTO = """
[schedules.auto]
sites = ["tribunjambi", "antarajambi", "jambione", "detailjambi"]
every = "auto"
min_interval = "15m"
max_interval = "1d"
per_visit = 5
"""


def test_auto_intervals_follow_publishing_rates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
    # Published evenly over the two weeks before now and the day after (the day the test
    # runs through), so that each rate stays the same all day.
    span, end = timedelta(days=15), now + timedelta(days=1)
    _seed(tmp_path, "tribunjambi", 15 * 24 * 10, end, span)  # 10 an hour
    _seed(tmp_path, "antarajambi", 15 * 24, end, span)  # 1 an hour
    _seed(tmp_path, "jambione", 15 * 2, end, span)  # 2 a day
    # A backfill of old articles does not make a site look busy.
    _seed(tmp_path, "detailjambi", 500, now - timedelta(days=400), span)
    path = write(tmp_path, AUTO)
    status, out, err = cli(capsys, "schedule", "next", str(path), "--archive", str(tmp_path),
                           "--json", "--now", now.isoformat())  # fmt: skip
    assert status == 0, err
    rows = {row["sites"][0]: row for row in map(json.loads, out.splitlines())}
    every = {site: row["interval_seconds"] for site, row in rows.items()}
    assert every == {"tribunjambi": 30 * 60, "antarajambi": 5 * 3600,
                     "jambione": 24 * 3600, "detailjambi": 24 * 3600}  # fmt: skip
    assert rows["tribunjambi"]["rate_per_hour"] == 10
    assert "10.00 new articles/hour over 14 days" in rows["tribunjambi"]["why"]
    assert "kept within 15m..1d" in rows["jambione"]["why"]  # 2.5 days wanted
    assert "the longest interval" in rows["detailjambi"]["why"]
    # Never run: every site is due now.
    assert {row["at"] for row in rows.values()} == {now.astimezone(WIB).isoformat()}

    schedule = entries(path)
    rates = Rates(tmp_path)
    with RunHistory(tmp_path) as history:
        (first,) = plan(schedule, history, rates, now)
        assert set(first.sites) == set(rows)
        record(history, first)
        # Over the next day each site comes back at its own interval.
        clock, visits = FakeClock(now), dict.fromkeys(rows, 0)
        while clock.now() < now + timedelta(days=1):
            clock.advance(timedelta(minutes=1))
            for decision in plan(schedule, history, rates, clock.now()):
                record(history, decision)
                for site in decision.sites:
                    visits[site] += 1
    assert visits == {"tribunjambi": 48, "antarajambi": 4, "jambione": 1, "detailjambi": 1}


def test_list_json_shows_next_runs_from_the_given_clock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, DAY)
    now = MIDNIGHT + timedelta(hours=2, minutes=40)
    status, out, _ = cli(capsys, "schedule", "list", str(path), "--archive", str(tmp_path),
                         "--json", "--now", now.isoformat())  # fmt: skip
    assert status == 0
    rows = {row["name"]: row for row in map(json.loads, out.splitlines())}
    assert rows["often"]["next"] == "2026-03-02T03:00:00+07:00"
    assert rows["daily"]["next"] == "2026-03-02T03:00:00+07:00"
    assert rows["off"]["enabled"] is False and rows["off"]["next"] is None
    status, out, _ = cli(capsys, "schedule", "next", str(path), "--archive", str(tmp_path),
                         "--now", now.isoformat())  # fmt: skip
    lines = out.splitlines()
    assert lines[0].split() == ["NEXT", "ENTRY", "SITES", "EVERY", "WHY"]
    assert [line.split()[3] for line in lines[1:]] == ["often", "daily"]
