"""The report page: charts of the archive's crawl history in one self-contained HTML file."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import TYPE_CHECKING

from jambicrawl.report.svg import Series, bar_chart, line_chart, timeline
from jambicrawl.state.jobs import COVERAGE_FIELDS, when

if TYPE_CHECKING:
    from jambicrawl.report.data import ReportData
    from jambicrawl.state.jobs import JobRecord

STATUS_COLOURS = {"ok": "#009E73", "alarm": "#C00000", "failed": "#E69F00",
                  "interrupted": "#777777"}  # fmt: skip
CODE_COLOURS = {"2": "#009E73", "3": "#56B4E9", "4": "#E69F00", "5": "#C00000"}
#: Runs listed in the history table, newest first.
TABLE_RUNS = 40

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#222;
padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#555}.grid{stroke:#e3e3e3}.axis{font-size:11px;fill:#555}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:16px}
figure{margin:0;border:1px solid #ddd;border-radius:6px;padding:10px 12px}
figcaption{font-weight:600;margin-bottom:6px}svg{width:100%;height:auto;display:block}
.legend{font-size:12px;margin-top:4px}.key{margin-right:12px;white-space:nowrap}
.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:4px 8px;border-bottom:1px solid #eee;text-align:right}
th.text,td.text{text-align:left}td:first-child{white-space:nowrap}
td.alarm{color:#C00000}.empty{color:#777;font-style:italic}
.figures{display:flex;gap:28px;flex-wrap:wrap;margin:12px 0}
.figures b{display:block;font-size:20px}
"""


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _figure(chart_id: str, title: str, body: str) -> str:
    return (
        f'<figure class="chart" id="{chart_id}"><figcaption>{escape(title)}</figcaption>'
        f"{body}</figure>"
    )


def _run_label(job: JobRecord) -> str:
    return job.started_at[5:16].replace("T", " ")


def _articles_per_day(data: ReportData) -> str:
    labels = [d.strftime("%d %b") for d in data.days]
    series = [
        Series(site, [(i, float(data.per_day.get(site, {}).get(d, 0)))
                      for i, d in enumerate(data.days)])
        for site in sorted(data.per_day)
    ]  # fmt: skip
    return _figure(
        "articles-per-day",
        "Articles per day per site (by publication date)",
        line_chart("articles per day", labels, series),
    )


def _status_codes(data: ReportData) -> str:
    codes = data.status_codes()
    bars = [
        (code, float(n), CODE_COLOURS.get(code[:1], "#777")) for code, n in sorted(codes.items())
    ]
    return _figure("status-codes", "Responses by HTTP status code (all runs)",
                   bar_chart("status codes", bars))  # fmt: skip


def _coverage(data: ReportData, site: str) -> str:
    runs = [j for j in data.jobs if j.site == site and j.extracted]
    labels = [_run_label(j) for j in runs]
    series = []
    for name in COVERAGE_FIELDS:
        points = [(i, 100 * (j.share(name) or 0.0)) for i, j in enumerate(runs)]
        alarms = {
            i: m.message
            for i, j in enumerate(runs)
            for m in j.alarms
            if m.name == "field_coverage" and name in m.message
        }
        series.append(Series(name, points, alarms))
    chart = line_chart(
        f"field coverage of {site}", labels, series, y_max=100, y_format=lambda v: f"{v:.0f}%"
    )
    return _figure(f"coverage-{site}", f"Field coverage over time: {site} (alarms ringed)", chart)


def _growth(data: ReportData) -> str:
    runs = sorted(data.jobs, key=lambda j: j.finished_at)
    written = saved = 0.0
    grown, spared = [], []
    for i, job in enumerate(runs):
        written += job.bytes_warc
        saved += job.bytes_saved_by_revisits
        grown.append((i, written))
        spared.append((i, saved))
    chart = line_chart(
        "archive growth",
        [_run_label(j) for j in runs],
        [Series("WARC bytes written (cumulative)", grown),
         Series("payload bytes saved by revisits (cumulative)", spared)],
        y_format=_size,
    )  # fmt: skip
    return _figure("archive-growth", "Archive growth and revisit savings", chart)


def _history(data: ReportData) -> str:
    if not data.jobs:
        return _figure("run-history", "Run history", '<p class="empty">No runs yet.</p>')
    times = [when(j.started_at).timestamp() for j in data.jobs]
    rows = []
    for site in data.sites:
        events = [
            (when(j.started_at).timestamp(), j.status,
             f"{j.started_at} {j.status}: {j.pages} pages, {j.articles_new} new"
             + "".join(f"; {m.name}: {m.message}" for m in j.alarms))
            for j in data.jobs if j.site == site
        ]  # fmt: skip
        rows.append((site, events))
    chart = timeline("run history", rows, min(times), max(times), STATUS_COLOURS)
    return _figure("run-history", "Run history (one square per run, by status)", chart)


def _table(data: ReportData) -> str:
    head = ("started", "site", "status", "pages", "new", "updated", "unchanged", "held back",
            "failed", "errors", "WARC", "duration", "flagged articles", "alarms")  # fmt: skip
    text = {"flagged articles", "alarms"}
    rows = []
    for j in sorted(data.jobs, key=lambda j: j.started_at, reverse=True)[:TABLE_RUNS]:
        alarms = "; ".join(f"{m.name}: {m.message}" for m in j.alarms)
        flags = ", ".join(f"{flag} {n}" for flag, n in sorted(j.flags.items()))
        cells = (j.started_at, j.site, j.status, j.pages, j.articles_new, j.articles_updated,
                 j.articles_unchanged, j.held, j.articles_failed, j.error_count,
                 _size(j.bytes_warc), f"{j.duration_seconds:.0f} s")  # fmt: skip
        tds = "".join(
            f'<td class="text">{escape(str(c))}</td>' if i < 3 else f"<td>{escape(str(c))}</td>"
            for i, c in enumerate(cells)
        )
        rows.append(
            f'<tr>{tds}<td class="text">{escape(flags)}</td>'
            f'<td class="text alarm">{escape(alarms)}</td></tr>'
        )
    ths = "".join(
        f'<th class="text">{escape(h)}</th>' if i < 3 or h in text else f"<th>{escape(h)}</th>"
        for i, h in enumerate(head)
    )
    return f"<table><thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render(data: ReportData) -> str:
    """The whole page."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    alarms = sum(1 for j in data.jobs if j.alarms)
    figures = (
        ("runs", str(len(data.jobs))),
        ("sites", str(len(data.sites))),
        ("runs with alarms", str(alarms)),
        ("WARC files on disk", _size(data.warc_bytes_on_disk)),
        ("saved by revisits", _size(sum(j.bytes_saved_by_revisits for j in data.jobs))),
    )
    boxes = "".join(f"<div><b>{escape(v)}</b>{escape(k)}</div>" for k, v in figures)
    coverage = "".join(_coverage(data, site) for site in data.sites)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>jambicrawl report: {escape(str(data.archive))}</title>
<style>{_CSS}</style></head>
<body>
<h1>jambicrawl crawl report</h1>
<p class="meta">Archive {escape(str(data.archive))}, made {now}.</p>
<div class="figures">{boxes}</div>
<h2>Articles and responses</h2>
<div class="charts">{_articles_per_day(data)}{_status_codes(data)}</div>
<h2>Field coverage</h2>
<div class="charts">{coverage}</div>
<h2>Archive</h2>
<div class="charts">{_growth(data)}{_history(data)}</div>
<h2>Runs</h2>
{_table(data)}
</body></html>
"""
