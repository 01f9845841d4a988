"""What each monitor checks, as plain functions of a run and the site's earlier runs.

Each returns None when the run is healthy (or there is too little history to judge), else
the alarm's one-line message. The Spidermon monitors (suites.py) only call these.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from statistics import median
from typing import TYPE_CHECKING

from jambicrawl import settings as defaults
from jambicrawl.state.causes import ended_well
from jambicrawl.state.jobs import COVERAGE_FIELDS, when

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jambicrawl.state.baseline import Baseline
    from jambicrawl.state.jobs import JobRecord


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The monitors' settings (``JAMBICRAWL_MONITOR_*``, see jambicrawl/settings.py)."""

    max_error_rate: float = defaults.JAMBICRAWL_MONITOR_MAX_ERROR_RATE
    min_pages_for_error_rate: int = defaults.JAMBICRAWL_MONITOR_MIN_PAGES_FOR_ERROR_RATE
    coverage_min_articles: int = defaults.JAMBICRAWL_MONITOR_COVERAGE_MIN_ARTICLES
    coverage_drop: float = defaults.JAMBICRAWL_MONITOR_COVERAGE_DROP
    layer_shift: float = defaults.JAMBICRAWL_MONITOR_LAYER_SHIFT
    body_length_factor: float = defaults.JAMBICRAWL_MONITOR_BODY_LENGTH_FACTOR
    shared_min: int = defaults.JAMBICRAWL_MONITOR_SHARED_MIN
    doubtful_share: float = defaults.JAMBICRAWL_MONITOR_DOUBTFUL_SHARE
    doubtful_min: int = defaults.JAMBICRAWL_MONITOR_DOUBTFUL_MIN
    held_min: int = defaults.JAMBICRAWL_MONITOR_HELD_MIN
    gap_factor: float = defaults.JAMBICRAWL_MONITOR_GAP_FACTOR
    gap_min_seconds: float = defaults.JAMBICRAWL_MONITOR_GAP_MIN_SECONDS
    gap_min_samples: int = defaults.JAMBICRAWL_MONITOR_GAP_MIN_SAMPLES


def finish_reason(run: JobRecord) -> str | None:
    return None if ended_well(run.finish_reason) else f"the crawl ended early: {run.finish_reason}"


def error_rate(run: JobRecord, limits: Thresholds) -> str | None:
    if run.pages < limits.min_pages_for_error_rate:
        return None
    rate = run.error_count / run.pages
    if rate <= limits.max_error_rate:
        return None
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(run.errors.items()))
    return (
        f"error rate {rate:.0%} of {run.pages} pages, above {limits.max_error_rate:.0%} ({kinds})"
    )


def warc_failures(run: JobRecord) -> str | None:
    failures = run.errors.get("warc_failures", 0)
    return f"{failures} responses were not archived (warc/failures)" if failures else None


def _judged(run: JobRecord, base: Baseline, limits: Thresholds) -> bool:
    """Whether the run and the site's stored articles are large enough to compare."""
    return (
        base.articles >= limits.coverage_min_articles
        and run.extracted >= limits.coverage_min_articles
    )


def coverage_drop(run: JobRecord, base: Baseline, limits: Thresholds) -> str | None:
    """A field found on far fewer of this run's articles than on the site's stored ones:
    the site's layout changed under its selectors."""
    if not _judged(run, base, limits):
        return None
    drops = []
    for name in COVERAGE_FIELDS:
        before = base.coverage.get(name, 0.0)
        now = run.found(name) / run.extracted
        if before - now >= limits.coverage_drop:
            drops.append(f"{name} {now:.0%} (was {before:.0%})")
    if not drops:
        return None
    return (
        f"field coverage dropped on {run.extracted} articles against the site's "
        f"{base.articles} stored ones: {', '.join(drops)}"
    )


#: What each layer is, in a person's words.
LAYER_WORDS = {
    "jsonld": "JSON-LD",
    "meta": "meta tags",
    "site": "the site's selectors",
    "generic": "the generic fallback",
    "url": "the URL",
    "discovery": "the sitemap or feed entry",
}


def layer_shift(run: JobRecord, base: Baseline, limits: Thresholds) -> str | None:
    """A field that most stored articles got from one layer now comes from another: the
    value is there, but read from elsewhere (a sidebar's date, the page's furniture)."""
    if not _judged(run, base, limits):
        return None
    shifts = []
    for name in COVERAGE_FIELDS:
        found, before = run.coverage.get(name, {}), base.layers.get(name, {})
        total = sum(found.values())
        if total < limits.coverage_min_articles or not before:
            continue
        usual, usual_share = max(before.items(), key=lambda item: item[1])
        now_share = found.get(usual, 0) / total
        if usual_share - now_share >= limits.layer_shift:
            layer, count = max(found.items(), key=lambda item: item[1])
            shifts.append(
                f"{name}: {count / total:.0%} now from {LAYER_WORDS.get(layer, layer)}, "
                f"was {usual_share:.0%} from {LAYER_WORDS.get(usual, usual)}"
            )
    return "; ".join(shifts) or None


def body_length(run: JobRecord, base: Baseline, limits: Thresholds) -> str | None:
    """The run's median body far longer or shorter than the stored articles' median."""
    if not _judged(run, base, limits) or not run.median_words or not base.median_words:
        return None
    ratio = run.median_words / base.median_words
    was = f"median body {run.median_words} words, was {base.median_words:.0f} ({ratio:.2g}x)"
    if ratio >= limits.body_length_factor:
        return f"{was}: comments or other text taken into the body?"
    if ratio <= 1 / limits.body_length_factor:
        return f"{was}: bodies cut short (a paywall, a teaser page)?"
    return None


def shared_content(run: JobRecord, limits: Thresholds) -> str | None:
    """Many articles of the run with one body or one title: an error, consent or paywall
    page served at every article URL."""
    found = []
    if run.shared_body >= limits.shared_min:
        found.append(f"{run.shared_body} of {run.extracted} articles have the same body")
    if run.shared_title >= limits.shared_min and run.shared_title * 2 >= run.extracted:
        found.append(f"{run.shared_title} of {run.extracted} articles have the same title")
    return f"{'; '.join(found)}: an error or consent page?" if found else None


#: Flags whose share of a run's articles, above the stored articles' share, is an alarm.
DOUBTS = {
    "date_conflict": "have a date their URL or sitemap/feed entry contradicts",
    "date_relative": 'print a relative date ("2 jam lalu") instead of one',
    "soft_404": 'are a "not found" page served with 200',
    "interstitial": "are a consent or bot-check page",
    "paywall_suspected": "stop at a subscription notice",
}


def doubtful_values(run: JobRecord, base: Baseline, limits: Thresholds) -> str | None:
    """Values present but doubtful on many more of the run's articles than on the stored
    ones: dates contradicted or relative, error and consent pages, paywalls."""
    if not run.extracted:
        return None
    found = []
    for flag, words in DOUBTS.items():
        count = run.flags.get(flag, 0)
        share = count / run.extracted
        if (
            count >= limits.doubtful_min
            and share - base.flags.get(flag, 0.0) >= limits.doubtful_share
        ):
            found.append(f"{count} of {run.extracted} articles {words}")
    return "; ".join(found) or None


def version_guard(run: JobRecord, limits: Thresholds) -> str | None:
    """New versions held back as worse than the stored ones (jambicrawl/pipelines/guard.py)."""
    if run.held < limits.held_min:
        return None
    reasons = sorted(
        ((n, f) for f, n in run.flags.items() if f not in {"held_back", "layer_changed"}),
        reverse=True,
    )
    why = ", ".join(f"{flag} {n}" for n, flag in reasons[:4])
    return f"{run.held} new versions held back as worse than the stored ones ({why})"


def new_articles_gap(
    run: JobRecord, earlier: Sequence[JobRecord], limits: Thresholds
) -> str | None:
    """No new article for much longer than the site's usual gap between runs that found
    new ones."""
    if run.articles_new or not run.finished_at:
        return None
    found = [when(r.started_at) for r in earlier if r.articles_new]
    if len(found) < limits.gap_min_samples + 1:
        return None
    recent = found[-(limits.gap_min_samples * 4 + 1) :]
    usual = median((b - a).total_seconds() for a, b in pairwise(recent))
    allowed = max(usual * limits.gap_factor, limits.gap_min_seconds)
    since = (when(run.finished_at) - found[-1]).total_seconds()
    if since <= allowed:
        return None
    return (
        f"no new article for {since / 3600:.1f} h; usually one every {usual / 3600:.1f} h "
        f"(alarm after {allowed / 3600:.1f} h)"
    )
