"""The report's value axes: round ticks, and a log scale where one bar dwarfs another."""

from __future__ import annotations

from jambicrawl.report.svg import bar_axis, bytes_axis, count_axis, size


def test_bar_scale_is_log_past_twenty_times_and_linear_below() -> None:
    assert bar_axis([5000, 3], "responses").log
    assert bar_axis([5000, 3], "responses").ticks == (1, 10, 100, 1000, 10_000)
    assert not bar_axis([60, 3], "responses").log
    assert bar_axis([60, 3], "responses").ticks == (0, 20, 40, 60)


def test_count_ticks_are_round() -> None:
    """The ticks the issue saw (86, 172, 258 for 344 responses) are 100 apart now."""
    assert count_axis(344, "responses").ticks == (0, 100, 200, 300, 400)
    assert count_axis(166, "responses").ticks == (0, 50, 100, 150, 200)
    assert count_axis(3, "articles").ticks == (0, 1, 2, 3)
    assert count_axis(0, "articles").ticks == (0, 1)


def test_byte_ticks_are_round_in_their_unit() -> None:
    axis = bytes_axis(1.45 * 1024**2, "bytes")
    assert [axis.fmt(t) for t in axis.ticks] == ["0 MB", "0.5 MB", "1 MB", "1.5 MB"]
    assert size(1536) == "1.5 KB"
