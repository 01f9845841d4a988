"""The HTML report, rendered in headless Chromium: every chart drew its marks, no console
error, nothing fetched but the file itself."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tests.ops.browser import Browser
from tests.ops.conftest import REDESIGNED
from tests.ops.processes import jambicrawl

if TYPE_CHECKING:
    from pathlib import Path

    from tests.ops.conftest import History

#: Charts of the page: its id, and the marks it needs at least.
CHARTS_JS = """JSON.stringify([...document.querySelectorAll('figure.chart')].map(f => ({
  id: f.id,
  marks: f.querySelectorAll('svg .mark').length,
  alarms: f.querySelectorAll('svg .mark.alarm').length,
  drawn: [...f.querySelectorAll('svg .mark')].filter(m => {
    const box = m.getBBox(); return box.width > 0 || box.height > 0; }).length,
  width: f.querySelector('svg') ? f.querySelector('svg').getBoundingClientRect().width : 0,
})))"""


#: The "held back" and "flagged articles" cells of a site's newest run in the runs table.
HELD_JS = """JSON.stringify((() => {
  const heads = [...document.querySelectorAll('thead th')].map(th => th.textContent);
  const row = [...document.querySelectorAll('tbody tr')]
    .find(tr => tr.children[1].textContent === '%s');
  return {held: row.children[heads.indexOf('held back')].textContent,
          flags: row.children[heads.indexOf('flagged articles')].textContent};
})())"""


def test_report_renders_every_chart_in_chromium(history: History, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    done = jambicrawl("report", str(history.archive), "-o", str(report))
    assert done.returncode == 0, done.stderr
    html = report.read_text("utf-8")
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )

    browser = Browser(tmp_path / "profile")
    try:
        session, page = browser.open(report.as_uri())
        charts = {c["id"]: c for c in json.loads(browser.evaluate(session, CHARTS_JS))}
        browser.screenshot(session, tmp_path / "report.png")
        rows = browser.evaluate(session, "document.querySelectorAll('tbody tr').length")
        # The redesigned site's last run: its versions held back, and why.
        held = json.loads(browser.evaluate(session, HELD_JS % REDESIGNED))
    finally:
        browser.close()

    assert page.console_errors == []
    assert page.requests == [report.as_uri()]  # no font, script or image from elsewhere
    sites = {"antarajambi", "detailjambi", "jambiekspres", "jambiindependent", "jambione",
             "jambiupdate", "tribunjambi"}  # fmt: skip
    expected = {"articles-by-period", "status-codes", "archive-growth", "run-history"}
    per_site = {f"{chart}-{site}" for chart in ("articles", "coverage") for site in sites}
    assert set(charts) == expected | per_site
    for chart in charts.values():
        assert chart["marks"] > 0 and chart["drawn"] == chart["marks"], chart
        assert chart["width"] > 300, chart
    # 7 sites x 4 runs in the history; the coverage alarm ringed on its site's chart only.
    assert charts["run-history"]["marks"] == 28
    assert charts[f"coverage-{REDESIGNED}"]["alarms"] > 0
    assert all(charts[f"coverage-{s}"]["alarms"] == 0 for s in sites - {REDESIGNED})
    assert rows == 28
    assert int(held["held"]) > 0 and "held_back" in held["flags"], held
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_report_of_a_folder_without_state_is_one_line(tmp_path: Path) -> None:
    done = jambicrawl("report", str(tmp_path), "-o", str(tmp_path / "r.html"))
    assert done.returncode == 2
    assert done.stderr.startswith("jambicrawl: ") and done.stderr.count("\n") == 1
    assert not (tmp_path / "r.html").exists()
