"""One publication window for crawl, replay and export: ends inclusive, a date its whole day."""

from __future__ import annotations

import pytest

from jambicrawl.normalize.dates import parse_date
from jambicrawl.normalize.window import DateWindow, WindowError


@pytest.mark.parametrize(
    ("published", "kept"),
    [
        ("2026-03-24T23:59:59+07:00", False),
        ("2026-03-25T00:00:00+07:00", True),
        ("2026-03-25T23:59:59+07:00", True),  # the last second of the --until day
        ("2026-03-25T17:30:00+00:00", False),  # 00:30 on the 26th in WIB
        ("2026-03-26T00:00:00+07:00", False),
        (None, True),  # undated: nothing says it is outside
    ],
)
def test_a_date_without_a_time_is_the_whole_day(published: str | None, kept: bool) -> None:
    window = DateWindow.parse("2026-03-25", "2026-03-25")
    assert window.keeps(parse_date(published)) is kept


def test_a_time_is_an_exact_bound() -> None:
    window = DateWindow.parse(None, "2026-03-25T10:00:00+07:00")
    assert window.keeps(parse_date("2026-03-25T10:00:00+07:00"))
    assert not window.keeps(parse_date("2026-03-25T10:00:01+07:00"))


def test_printed_indonesian_dates_are_days_too() -> None:
    window = DateWindow.parse("25 Maret 2026", "25 Maret 2026")
    assert window.keeps(parse_date("2026-03-25T21:00:00+07:00"))


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2026-03-26", "2026-03-25", "--since 2026-03-26 is after --until 2026-03-25"),
        ("yesterday-ish", None, "--since: not a date: 'yesterday-ish'"),
        (None, "31/31/2026", "--until: not a date: '31/31/2026'"),
    ],
)
def test_bad_windows_are_one_line_errors(
    since: str | None, until: str | None, message: str
) -> None:
    with pytest.raises(WindowError) as raised:
        DateWindow.parse(since, until)
    assert str(raised.value) == message
