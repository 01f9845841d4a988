"""``schedule validate``: every error on a line of its own, with its entry and line; exit 2."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.schedule.helpers import cli, write

if TYPE_CHECKING:
    from pathlib import Path

GOOD = """
[schedules.often]
sites = ["tribunjambi"]
cron = "*/30 * * * *"
since = "2 days"
"""


def errors_of(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    status, out, err = cli(capsys, "schedule", "validate", str(path))
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert all(line.startswith(f"jambicrawl: {path}:") for line in lines), lines
    assert "Traceback" not in err
    return [line.removeprefix(f"jambicrawl: {path}:") for line in lines]


def test_the_repository_schedule_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "schedule", "validate", "schedules.toml")
    assert status == 0
    assert "no errors" in out


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('cron = "61 * * * *"', "bad cron expression '61 * * * *'"),
        ('cron = "* * * *"', "bad cron expression '* * * *'"),
        ('cron = "0 3 * * *"\nsites = ["kompas"]', "unknown site kompas"),
        ('cron = "0 3 * * *"\ncolour = "red"', "unknown keys colour"),
        ('cron = "0 3 * * *"\nsince = "kemarin"', "since: bad window 'kemarin'"),
        ('every = "auto"\nmin_interval = "soon"', "min_interval: bad window 'soon'"),
        ('every = "auto"\nmin_interval = "2d"\nmax_interval = "1d"', "min_interval is longer"),
        ("", "needs one of cron"),
        ('cron = "0 3 * * *"\ntimezone = "Mars/Olympus"', "unknown timezone 'Mars/Olympus'"),
        ('cron = "0 3 * * *"\nafter = ["zip"]', "after: a list of 'index' and 'wacz'"),
        ('cron = "0 3 * * *"\nsettings = { CONCURENT_REQUESTS = 4 }',
         "settings: CONCURENT_REQUESTS: unknown setting (did you mean 'CONCURRENT_REQUESTS'?)"),
        ('cron = "0 3 * * *"\nsettings = { WARC_MAX_SIZE = "lots" }',
         "settings: WARC_MAX_SIZE=lots: expected a whole number"),
    ],
)  # fmt: skip
def test_each_error_is_one_line_with_entry_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, expected: str
) -> None:
    if "sites =" not in table:
        table += '\nsites = ["tribunjambi"]'
    path = write(tmp_path, GOOD + "\n[schedules.broken]\n" + table + "\n")
    (line,) = errors_of(capsys, path)
    assert line.startswith("7: [schedules.broken]: "), line
    assert expected in line


def test_duplicate_names_are_named_and_the_rest_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # tomllib stops at a repeated table without saying which entry: the loader finds it.
    text = GOOD + '\n[schedules.often]\nsites = ["antarajambi"]\ncron = "0 3 * * *"\n'
    text += '\n[schedules.later]\nsites = ["nowhere"]\ncron = "0 3 * * *"\n'
    lines = errors_of(capsys, write(tmp_path, text))
    assert lines == [
        "7: [schedules.often]: duplicate name (first defined at line 2)",
        "11: [schedules.later]: unknown site nowhere (see 'jambicrawl sites')",
    ]


def test_toml_syntax_error_gives_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD + '\n[schedules.x]\nsites = ["tribunjambi"]\ncron = 0 3 * * *\n')
    (line,) = errors_of(capsys, path)
    assert line.startswith("9: not valid TOML: ")


def test_every_error_of_a_file_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD + '\n[schedules.a]\nsites = ["kompas"]\ncron = "bad"\n'
    text += '[schedules.b]\nsites = ["all"]\nevery = "hourly"\n'
    lines = errors_of(capsys, write(tmp_path, text))
    assert [line.split(":")[0] for line in lines] == ["7", "7", "10"]


def test_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = cli(capsys, "schedule", "list", str(tmp_path / "none.toml"))
    assert status == 2
    assert err.count("\n") == 1 and "cannot read the schedule file" in err
