"""What each monitor judges, on made-up histories."""

from __future__ import annotations

from jambicrawl.monitors import checks
from jambicrawl.state.jobs import MonitorOutcome
from tests.ops.jobs import covered, job

LIMITS = checks.Thresholds()


def test_coverage_drop_from_98_to_10_percent_is_an_alarm() -> None:
    earlier = [job("s", h, **covered(50, date_published=49)) for h in range(10)]
    now = job("s", 10, **covered(50, date_published=5))
    message = checks.coverage_drop(now, earlier, LIMITS)
    assert message is not None
    assert "date_published 10% (was 98%)" in message
    assert "body" not in message


def test_coverage_noise_or_too_little_history_is_no_alarm() -> None:
    earlier = [job("s", h, **covered(50, date_published=49)) for h in range(10)]
    assert checks.coverage_drop(job("s", 10, **covered(50, date_published=40)), earlier,
                                LIMITS) is None  # fmt: skip
    dropped = job("s", 10, **covered(50, date_published=5))
    assert checks.coverage_drop(dropped, earlier[:2], LIMITS) is None
    # Four articles say little about a site.
    assert checks.coverage_drop(job("s", 10, **covered(4, date_published=0)), earlier,
                                LIMITS) is None  # fmt: skip
    # Runs that ended early are no baseline.
    broken = [job("s", h, finish_reason="shutdown", **covered(50)) for h in range(10)]
    assert checks.coverage_drop(dropped, broken, LIMITS) is None


def test_coverage_baseline_is_the_last_n_runs() -> None:
    old = [job("s", h, **covered(50, body=0)) for h in range(20)]
    recent = [job("s", 20 + h, **covered(50)) for h in range(10)]
    now = job("s", 30, **covered(50, body=0))
    assert checks.coverage_drop(now, old + recent, LIMITS) is not None
    assert checks.coverage_drop(now, old, LIMITS) is None


def test_no_new_articles_for_longer_than_the_usual_gap() -> None:
    # A new article every 24 h for a week, then quiet runs.
    earlier = [job("s", 24 * d) for d in range(7)]
    quiet = {"articles_new": 0}
    assert checks.new_articles_gap(job("s", 24 * 6 + 48, **quiet), earlier, LIMITS) is None
    message = checks.new_articles_gap(job("s", 24 * 6 + 80, **quiet), earlier, LIMITS)
    assert message is not None and "usually one every 24.0 h" in message
    assert checks.new_articles_gap(job("s", 24 * 6 + 80), earlier, LIMITS) is None
    # Two runs with new articles are too few to know the site's rhythm.
    assert checks.new_articles_gap(job("s", 24 * 60, **quiet), earlier[:2], LIMITS) is None


def test_error_rate_warc_failures_and_finish_reason() -> None:
    assert checks.error_rate(job("s", 0, errors={"article_errors": 5}), LIMITS) is None
    message = checks.error_rate(job("s", 0, errors={"article_errors": 30}), LIMITS)
    assert message is not None and "30%" in message and "article_errors 30" in message
    assert checks.error_rate(job("s", 0, pages=5, errors={"log_errors": 5}), LIMITS) is None
    assert checks.warc_failures(job("s", 0)) is None
    assert checks.warc_failures(job("s", 0, errors={"warc_failures": 2})) is not None
    assert checks.finish_reason(job("s", 0)) is None
    assert checks.finish_reason(job("s", 0, finish_reason="closespider_itemcount")) is None
    assert checks.finish_reason(job("s", 0, finish_reason="warc_failed")) is not None


def test_run_status() -> None:
    assert job("s", 0).status == "ok"
    assert job("s", 0, monitors=[MonitorOutcome("error_rate", "FAIL", "x")]).status == "alarm"
    assert job("s", 0, finish_reason="shutdown").status == "interrupted"
    assert job("s", 0, finish_reason="warc_failed").status == "failed"
