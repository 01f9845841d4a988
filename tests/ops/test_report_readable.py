"""The HTML report read as a person reads it, in headless Chromium: a chart of its own for
every site, the oldest article drawn, round ticks with units, coverage fields that never hide
one another, and a log scale where one status code dwarfs the others. The page's screenshot
stays in the test's folder."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any

import pytest

from jambicrawl.report.data import DAYS
from jambicrawl.state.paths import STATE_FILE
from jambicrawl.state.versions import articles_per_day
from tests.ops.browser import Browser
from tests.ops.processes import jambicrawl

if TYPE_CHECKING:
    from pathlib import Path

    from tests.ops.conftest import History

SITES = ("antarajambi", "detailjambi", "jambiekspres", "jambiindependent", "jambione",
         "jambiupdate", "tribunjambi")  # fmt: skip

#: Per chart: its marks (shape, hover text, centre and size on screen, inside its drawing),
#: its value axes' tick labels, and the units written on it.
FIGURES_JS = """JSON.stringify([...document.querySelectorAll('figure.chart')].map(f => {
  const svg = f.querySelector('svg'), frame = svg.getBoundingClientRect();
  return {
    id: f.id,
    marks: [...f.querySelectorAll('svg .mark')].map(m => {
      const r = m.getBoundingClientRect(), t = m.querySelector('title');
      return {tag: m.tagName, cls: m.getAttribute('class'), title: t ? t.textContent : '',
              x: r.x + r.width / 2, y: r.y + r.height / 2, width: r.width, height: r.height,
              inside: r.left >= frame.left - 1 && r.right <= frame.right + 1
                      && r.top >= frame.top - 1 && r.bottom <= frame.bottom + 1};
    }),
    axes: [...f.querySelectorAll('svg g.y-axis')].map(g => ({
      log: g.classList.contains('log'),
      ticks: [...g.querySelectorAll('text.tick')].map(t => t.textContent)})),
    units: [...f.querySelectorAll('svg text.unit')].map(t => t.textContent),
  };
}))"""


@dataclass
class Seen:
    figures: dict[str, dict[str, Any]]
    screenshot: Path


@pytest.fixture(scope="module")
def seen(history: History, tmp_path_factory: pytest.TempPathFactory) -> Seen:
    folder = tmp_path_factory.mktemp("report")
    report = folder / "report.html"
    done = jambicrawl("report", str(history.archive), "-o", str(report))
    assert done.returncode == 0, done.stderr
    browser = Browser(folder / "profile")
    try:
        session, page = browser.open(report.as_uri())
        figures = json.loads(browser.evaluate(session, FIGURES_JS))
        browser.screenshot(session, folder / "report.png")
    finally:
        browser.close()
    assert page.console_errors == []
    return Seen({f["id"]: f for f in figures}, folder / "report.png")


def _drawn(mark: dict[str, Any]) -> bool:
    return bool(mark["inside"]) and (mark["width"] > 0 or mark["height"] > 0)


def _number(label: str) -> float:
    """A tick label's value in its unit: ``1,000`` 1000, ``1.5 MB`` 1.5, ``100%`` 100."""
    return float(re.sub(r"[^0-9.]", "", label))


def _one_two_five(value: float) -> bool:
    """1, 2 or 5 × 10ⁿ."""
    mantissa = value / 10 ** math.floor(math.log10(value))
    return any(math.isclose(mantissa, m) for m in (1, 2, 5))


def _round_ticks(labels: list[str], log: bool) -> bool:
    values = [_number(label) for label in labels]
    if log:
        return all(_one_two_five(v) for v in values)
    steps = {round(b - a, 9) for a, b in pairwise(values)}
    if len(steps) != 1 or not _one_two_five(step := steps.pop()):
        return False
    return all(math.isclose(v / step, round(v / step)) for v in values)


def test_every_site_has_its_own_articles_chart_on_one_scale(seen: Seen) -> None:
    charts = [seen.figures.get(f"articles-{site}") for site in SITES]
    assert all(charts), sorted(seen.figures)
    for chart in charts:
        assert chart and chart["marks"] and all(_drawn(m) for m in chart["marks"]), chart
    scales = {json.dumps(chart["axes"]) for chart in charts if chart}
    assert len(scales) == 1, scales  # the same scale: a glance compares sites
    assert seen.screenshot.stat().st_size > 10_000


def test_the_oldest_article_is_drawn(seen: Seen, history: History) -> None:
    """The mirror's oldest fixture article (antarajambi, September 2015) is years before the
    last DAYS days: it is drawn all the same."""
    days = [date.fromisoformat(day) for _, day, _ in articles_per_day(history.archive / STATE_FILE)]
    oldest, newest = min(days), max(days)
    assert oldest < newest - timedelta(days=DAYS)
    month = f"{oldest:%b %Y}"
    drawn = [
        m for f in seen.figures.values() for m in f["marks"] if month in m["title"] and _drawn(m)
    ]
    assert drawn, f"no mark of {month} drawn"


def test_every_value_axis_has_round_ticks_and_a_unit(seen: Seen) -> None:
    charted = {name: f for name, f in seen.figures.items() if name != "run-history"}
    for name, figure in charted.items():
        assert figure["axes"], f"{name}: no value axis"
        assert figure["units"] and all(u.strip() for u in figure["units"]), name
        for axis in figure["axes"]:
            assert len(axis["ticks"]) >= 2, (name, axis)
            assert _round_ticks(axis["ticks"], axis["log"]), (name, axis)


def test_coverage_fields_never_hide_one_another(seen: Seen) -> None:
    for site in SITES:
        dots = [m for m in seen.figures[f"coverage-{site}"]["marks"] if "dot" in m["cls"]]
        fields = {m["title"].split(",")[0] for m in dots}
        assert fields == {"title", "date_published", "authors", "body", "category"}
        for a, b in combinations(dots, 2):
            same_place = math.hypot(a["x"] - b["x"], a["y"] - b["y"]) < 4
            if same_place and a["title"].split(",")[0] != b["title"].split(",")[0]:
                assert a["tag"] != b["tag"], f"{site}: {a['title']} hides {b['title']}"


def test_status_codes_on_a_log_scale_when_one_dwarfs_another(seen: Seen) -> None:
    figure = seen.figures["status-codes"]
    counts = [_number(m["title"].split(":")[1].split()[0]) for m in figure["marks"]]
    dwarfed = max(counts) > 20 * min(counts)
    assert any("log" in unit for unit in figure["units"]) == dwarfed, (counts, figure["units"])
    assert [a["log"] for a in figure["axes"]] == [dwarfed], figure["axes"]
