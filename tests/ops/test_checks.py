"""What each monitor judges, on made-up histories."""

from __future__ import annotations

from jambicrawl.monitors import checks
from jambicrawl.state.baseline import BASELINE_FIELDS, Baseline, baseline_of
from jambicrawl.state.jobs import MonitorOutcome
from tests.ops.jobs import covered, job

LIMITS = checks.Thresholds()


def stored(
    count: int, *, words: int = 300, flags: tuple[str, ...] = (), **missing: int
) -> Baseline:
    """The baseline of ``count`` stored Articles, every field from JSON-LD, ``missing[f]`` of
    them without field ``f``, each carrying ``flags``."""
    articles = [
        {
            **{name: (None if i < missing.get(name, 0) else "x") for name in BASELINE_FIELDS},
            "word_count": words,
            "sources": {name: "jsonld" for name in BASELINE_FIELDS},
            "flags": list(flags),
        }
        for i in range(count)
    ]
    return baseline_of(articles)


def test_coverage_drop_from_98_to_10_percent_is_an_alarm() -> None:
    now = job("s", 10, **covered(50, date_published=5))
    message = checks.coverage_drop(now, stored(50, date_published=1), LIMITS)
    assert message is not None
    assert "date_published 10% (was 98%)" in message
    assert "body" not in message


def test_coverage_noise_or_too_few_articles_is_no_alarm() -> None:
    base = stored(50, date_published=1)
    assert checks.coverage_drop(job("s", 10, **covered(50, date_published=40)), base,
                                LIMITS) is None  # fmt: skip
    dropped = job("s", 10, **covered(50, date_published=5))
    # Four stored articles, or four extracted ones, say little about a site.
    assert checks.coverage_drop(dropped, stored(4), LIMITS) is None
    assert checks.coverage_drop(job("s", 10, **covered(4, date_published=0)), base,
                                LIMITS) is None  # fmt: skip
    assert checks.coverage_drop(dropped, Baseline(), LIMITS) is None


def test_a_field_read_from_another_layer_is_an_alarm() -> None:
    now = job("s", 10, **covered(40))
    now.coverage["date_published"] = {"generic": 38, "jsonld": 2}
    message = checks.layer_shift(now, stored(50), LIMITS)
    assert message == ("date_published: 95% now from the generic fallback, was 100% from JSON-LD")
    assert checks.layer_shift(job("s", 10, **covered(40)), stored(50), LIMITS) is None


def test_median_body_four_times_longer_or_cut_to_a_quarter_is_an_alarm() -> None:
    base = stored(50, words=300)
    longer = checks.body_length(job("s", 1, median_words=1200, **covered(40)), base, LIMITS)
    assert longer is not None and "(4x)" in longer and "comments" in longer
    shorter = checks.body_length(job("s", 1, median_words=75, **covered(40)), base, LIMITS)
    assert shorter is not None and "cut short" in shorter
    assert checks.body_length(job("s", 1, median_words=420, **covered(40)), base, LIMITS) is None


def test_many_articles_with_one_body_is_an_alarm() -> None:
    run = job("s", 1, shared_body=40, shared_title=40, **covered(40))
    message = checks.shared_content(run, LIMITS)
    assert message is not None
    assert message.startswith("40 of 40 articles have the same body")
    assert message.endswith("an error or consent page?")
    # A series may share a title; two syndicated copies may share a body.
    assert checks.shared_content(job("s", 1, shared_body=2, shared_title=3, **covered(40)),
                                 LIMITS) is None  # fmt: skip


def test_doubtful_dates_and_pages_above_the_stored_share_are_an_alarm() -> None:
    run = job("s", 1, flags={"date_conflict": 40, "soft_404": 1}, **covered(40))
    message = checks.doubtful_values(run, stored(50), LIMITS)
    assert message == "40 of 40 articles have a date their URL or sitemap/feed entry contradicts"
    # A site that always printed relative dates is judged against itself.
    relative = job("s", 1, flags={"date_relative": 40}, **covered(40))
    assert checks.doubtful_values(relative, stored(50, flags=("date_relative",)), LIMITS) is None
    assert checks.doubtful_values(relative, stored(50), LIMITS) is not None


def test_versions_held_back_are_an_alarm() -> None:
    run = job("s", 1, held=12, flags={"body_shrank": 12, "held_back": 12}, **covered(40))
    assert checks.version_guard(run, LIMITS) == (
        "12 new versions held back as worse than the stored ones (body_shrank 12)"
    )
    assert checks.version_guard(job("s", 1, held=1, **covered(40)), LIMITS) is None


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
