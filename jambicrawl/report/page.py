"""The report page: charts of the archive's crawl history in one self-contained HTML file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial
from html import escape
from typing import TYPE_CHECKING

from jambicrawl.report.svg import (
    PALETTE,
    Bar,
    Row,
    Series,
    bar_axis,
    bar_chart,
    bars,
    bytes_axis,
    count_axis,
    line,
    line_chart,
    percent_axis,
    rows_chart,
    size,
    spaced,
    timeline,
)
from jambicrawl.state.jobs import COVERAGE_FIELDS, when

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jambicrawl.report.data import ReportData
    from jambicrawl.report.svg import Axis, Box
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
.charts.small{grid-template-columns:repeat(auto-fill,minmax(340px,1fr))}
.charts.wide{grid-template-columns:1fr;margin-top:16px}.scroll,.wide figure{overflow-x:auto}
.wide svg{min-width:940px}.small svg{max-width:520px}
td.alarm{min-width:260px}td.num{white-space:nowrap}
.unit{font-style:italic}.value{fill:#222}.row-name{font-size:13px;fill:#222}
.note{fill:#222}
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


def _figure(chart_id: str, title: str, body: str, cls: str = "chart") -> str:
    return (
        f'<figure class="{cls}" id="{chart_id}"><figcaption>{escape(title)}</figcaption>'
        f"{body}</figure>"
    )


def _run_label(job: JobRecord) -> str:
    return job.started_at[5:16].replace("T", " ")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _articles_recent(data: ReportData) -> str:
    """A small chart per site of its last ``DAYS`` days, all on the same scale."""
    window = {site: [data.per_day[site].get(d, 0) for d in data.days] for site in data.per_day}
    axis = count_axis(max((max(v) for v in window.values()), default=0), "articles a day")
    marks = spaced([d.strftime("%d %b") for d in data.days], 4)
    figures = []
    for site, counts in sorted(window.items()):
        shown = [
            Bar(i, n, PALETTE[0], f"{site}, {d.isoformat()}: {_plural(n, 'article')}")
            for i, (d, n) in enumerate(zip(data.days, counts, strict=True))
        ]
        chart = bar_chart(
            f"articles per day of {site}",
            shown,
            axis,
            marks,
            slots=len(data.days),
            width=360,
            height=170,
        )
        title = (
            f"{site}: {sum(counts)} in these {len(data.days)} days, "
            f"{sum(data.per_day[site].values())} in all"
        )
        figures.append(_figure(f"articles-{site}", title, chart, "chart small"))
    return "".join(figures)


def _period_marks(periods: Sequence[date], yearly: bool) -> list[tuple[int, str]]:
    """Years along the whole-range chart: each January (every few, when there are many)."""
    starts = [(i, str(p.year)) for i, p in enumerate(periods) if yearly or p.month == 1]
    if not starts and periods:
        starts = [(0, f"{periods[0]:%b %Y}")]
    every = max(1, -(-len(starts) // 12))
    return starts[::every]


def _articles_by_period(data: ReportData) -> str:
    """A row per site over the whole range of publication dates, by month (or year)."""
    periods, yearly = data.periods(), data.yearly
    slot = {p: i for i, p in enumerate(periods)}
    counts = {site: data.per_period(site) for site in sorted(data.per_day)}
    unit = "articles a year" if yearly else "articles a month"
    axis = count_axis(max((max(c.values()) for c in counts.values()), default=0), unit, 1)
    shape = "%Y" if yearly else "%b %Y"
    rows = [
        Row(
            site,
            axis,
            partial(
                bars,
                shown=[
                    Bar(
                        slot[p],
                        n,
                        PALETTE[0],
                        f"{site}, {p.strftime(shape)}: {_plural(n, 'article')}",
                    )
                    for p, n in sorted(c.items())
                ],
            ),
            _plural(c.total(), "article"),
        )
        for site, c in counts.items()
    ]
    chart = rows_chart(
        "articles over the whole range",
        rows,
        _period_marks(periods, yearly),
        slots=len(periods),
        width=1120,
        row_height=30,
    )
    first, last = (periods[0], periods[-1]) if periods else (None, None)
    span = f"{first:%b %Y} to {last:%b %Y}" if first and last else "no dated article"
    return _figure(
        "articles-by-period",
        f"All articles, {span}, by {'year' if yearly else 'month'} of publication",
        chart,
    )


def _status_codes(data: ReportData) -> str:
    codes = sorted(data.status_codes().items())
    shown = [
        Bar(i, n, CODE_COLOURS.get(code[:1], "#777"), f"{code}: {_plural(n, 'response')}")
        for i, (code, n) in enumerate(codes)
    ]
    axis = bar_axis([n for _, n in codes], "responses")
    chart = bar_chart(
        "status codes",
        shown,
        axis,
        [(i, c) for i, (c, _) in enumerate(codes)],
        slots=len(codes),
        values=True,
    )
    return _figure("status-codes", "Responses by HTTP status code (all runs)", chart)


def _field_series(runs: Sequence[JobRecord], name: str) -> Series:
    points = [(i, 100 * (j.share(name) or 0.0)) for i, j in enumerate(runs)]
    alarms = {
        i: m.message
        for i, j in enumerate(runs)
        for m in j.alarms
        if m.name == "field_coverage" and name in m.message
    }
    return Series(name, points, alarms)


def _coverage(data: ReportData, site: str) -> str:
    """A row per field (so that fields at the same share never hide each other)."""
    runs = [j for j in data.jobs if j.site == site and j.extracted]
    labels = [_run_label(j) for j in runs]
    axis = percent_axis("% of the run's articles")
    rows = []
    for n, name in enumerate(COVERAGE_FIELDS):
        series = _field_series(runs, name)
        latest = f"last {series.points[-1][1]:.0f}%" if series.points else ""
        rows.append(Row(name, axis, partial(_field_line, series, n, labels), latest))
    chart = rows_chart(f"field coverage of {site}", rows, spaced(labels, 6), slots=len(runs))
    return _figure(f"coverage-{site}", f"Field coverage by run: {site} (alarms ringed)", chart)


def _field_line(series: Series, style: int, labels: Sequence[str], box: Box, axis: Axis) -> str:
    return line(box, axis, series, style, labels)


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
        bytes_axis(max(written, saved), "bytes"),
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
                 size(j.bytes_warc), f"{j.duration_seconds:.0f} s")  # fmt: skip
        tds = "".join(
            f'<td class="text">{escape(str(c))}</td>'
            if i < 3
            else f'<td class="num">{escape(str(c))}</td>'
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
    table = f"<table><thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _recent_note(data: ReportData) -> str:
    if not data.days:
        return "No article with a publication date yet."
    return escape(
        f"The last {len(data.days)} days to {data.days[-1]:%d %b %Y}, one chart per site on "
        "the same scale; every article since the oldest in the chart after them."
    )


def render(data: ReportData) -> str:
    """The whole page."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    alarms = sum(1 for j in data.jobs if j.alarms)
    figures = (
        ("runs", str(len(data.jobs))),
        ("sites", str(len(data.sites))),
        ("runs with alarms", str(alarms)),
        ("WARC files on disk", size(data.warc_bytes_on_disk)),
        ("saved by revisits", size(sum(j.bytes_saved_by_revisits for j in data.jobs))),
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
<h2>Articles published</h2>
<p class="meta">{_recent_note(data)}</p>
<div class="charts small">{_articles_recent(data)}</div>
<div class="charts wide">{_articles_by_period(data)}</div>
<h2>Responses</h2>
<div class="charts">{_status_codes(data)}</div>
<h2>Field coverage</h2>
<div class="charts">{coverage}</div>
<h2>Archive</h2>
<div class="charts">{_growth(data)}{_history(data)}</div>
<h2>Runs</h2>
{_table(data)}
</body></html>
"""
