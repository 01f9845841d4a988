"""The redesign battery (issue 21, item 7): after three normal crawls, one site's article
pages are served redesigned; the crawl refreshes the known articles and discovers new ones.

For the redesigned site, every Article's current version holds the data it holds when the
site is right (the control run), or an alarm for that site is raised (an ``ALARM SITE:``
line, exit status 4, the job history's run marked ``alarm``). No other site alarms or gets
a new version of a known Article, and the control run stays clean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from jambicrawl.errors import EXIT_ALARM, EXIT_OK
from tests.ops.battery.crawls import SITES

if TYPE_CHECKING:
    from tests.ops.battery.crawls import Outcome

#: Each kind of redesign (jambicrawl mirror --redesign) on one site; every family in turn.
VARIANTS = [
    ("jambiekspres", "client-rendered"),
    ("jambiekspres", "relative-dates"),
    ("tribunjambi", "no-article-time"),
    ("detailjambi", "us-dates"),
    ("jambiekspres", "comments-in-body"),
    ("detailjambi", "comments-beside-body"),
    ("tribunjambi", "premium-cut"),
    ("detailjambi", "soft-404"),
    ("jambiekspres", "consent-interstitial"),
    ("tribunjambi", "headline-h2"),
    ("detailjambi", "byline-changed"),
]
variants = pytest.mark.parametrize(
    "variant", VARIANTS, indirect=True, ids=[f"{s}={k}" for s, k in VARIANTS]
)
FIELDS = ("title", "date_published", "body")


def same(name: str, got: str | None, expected: str | None) -> bool:
    """A field holds the right data: the same value, or for the date the same one at a
    coarser precision (``2026-06-01`` for ``2026-06-01T09:00:00+07:00``: true, less known)."""
    if name == "date_published" and got and expected and len(got) < len(expected):
        return expected.startswith(got)
    return got == expected


def wrong_data(outcome: Outcome, control: Outcome, site: str) -> list[str]:
    """The current versions of ``site`` that differ from the control run's, in words."""
    wrong = []
    for url in outcome.site_urls(site):
        right = control.after.get(url)
        if right is None:
            wrong.append(f"{url}: an Article the site without the redesign does not have")
            continue
        now = outcome.after[url]
        for name, got, expected in zip(FIELDS, now.data(), right.data(), strict=True):
            if not same(name, got, expected):
                wrong.append(f"{url}: {name} {str(got)[:60]!r}, was {str(expected)[:60]!r}")
    return wrong


def test_control_run_stays_clean(control: Outcome) -> None:
    assert control.done.returncode == EXIT_OK, control.done.stderr[-3000:]
    assert not control.alarmed, control.done.stderr[-3000:]
    for site in SITES:
        assert control.runs[site].status == "ok", (site, control.runs[site].alarms)
        assert control.changed(site) == [], site
    # The variant runs discover articles the history did not have.
    assert len(control.after) > len(control.before)


@variants
def test_redesigned_site_keeps_right_data_or_alarms(
    variant: tuple[str, str, Outcome], control: Outcome
) -> None:
    site, kind, outcome = variant
    assert "Traceback" not in outcome.done.stderr, outcome.done.stderr[-3000:]
    wrong = wrong_data(outcome, control, site)
    if not wrong:
        return
    shown = "\n".join(wrong[:8])
    assert site in outcome.alarmed, f"{kind}: wrong data without an alarm:\n{shown}"
    assert outcome.done.returncode == EXIT_ALARM, outcome.done.stderr[-3000:]
    assert outcome.runs[site].status == "alarm", outcome.runs[site].alarms


@variants
def test_no_other_site_alarms_or_changes(variant: tuple[str, str, Outcome]) -> None:
    site, _, outcome = variant
    for other in SITES:
        if other == site:
            continue
        assert other not in outcome.alarmed, outcome.done.stderr[-3000:]
        assert outcome.runs[other].status == "ok", (other, outcome.runs[other].alarms)
        assert outcome.changed(other) == [], other
    assert outcome.done.returncode in (EXIT_OK, EXIT_ALARM), outcome.done.stderr[-3000:]
    if outcome.done.returncode == EXIT_ALARM:
        assert outcome.alarmed == {site}
