"""Inline SVG charts: no script, no network, drawn by any browser as the file opens.

Every drawn datum carries ``class="mark"`` (a test counts them in the rendered page) and a
``<title>`` the browser shows on hover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: Colour per series, in order (colour-blind safe: Okabe-Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")  # fmt: skip
ALARM = "#C00000"

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 36, 12, 40


@dataclass(slots=True)
class Series:
    name: str
    #: ``(x, y)`` with x an index into the chart's ``x_labels``.
    points: list[tuple[int, float]]
    #: Indexes of points to ring in red (alarms), with their hover text.
    alarms: dict[int, str] = field(default_factory=dict)


def _ticks(top: float, count: int = 4) -> list[float]:
    return [top * i / count for i in range(count + 1)]


def _frame(
    x_labels: Sequence[str], y_max: float, y_format: Callable[[float], str], label: str
) -> tuple[list[str], Callable[[float], float], Callable[[float], float]]:
    span_x = max(len(x_labels) - 1, 1)

    def sx(i: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (i / span_x if len(x_labels) > 1 else 0.5)

    def sy(v: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (v / y_max if y_max else 0))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(label)}">'
    ]
    for v in _ticks(y_max):
        y = sy(v)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(y_format(v))}</text>"
        )
    step = max(1, -(-len(x_labels) // 8))  # at most about 8 labels
    for i in range(0, len(x_labels), step):
        parts.append(
            f'<text class="axis" x="{sx(i):.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{escape(x_labels[i])}</text>'
        )
    return parts, sx, sy


def line_chart(
    label: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    y_max: float | None = None,
    y_format: Callable[[float], str] = lambda v: f"{v:.0f}",
) -> str:
    """Lines over ``x_labels``, one per series, a dot per point."""
    top = y_max
    if top is None:
        # Four grid steps: a top that divides by 4 keeps counts' tick labels whole.
        highest = max((y for s in series for _, y in s.points), default=0)
        top = float(-(-highest // 4) * 4)
    parts, sx, sy = _frame(x_labels, top or 1, y_format, label)
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        coords = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in s.points)
        if len(s.points) > 1:
            parts.append(
                f'<polyline class="mark line" fill="none" stroke="{colour}" stroke-width="2" '
                f'points="{coords}"><title>{escape(s.name)}</title></polyline>'
            )
        for x, y in s.points:
            parts.append(
                f'<circle class="mark dot" cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" '
                f'fill="{colour}"><title>{escape(s.name)}, {escape(x_labels[x])}: '
                f"{escape(y_format(y))}</title></circle>"
            )
        for x, text in s.alarms.items():
            y = dict(s.points).get(x, 0.0)
            parts.append(
                f'<circle class="mark alarm" cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="8" '
                f'fill="none" stroke="{ALARM}" stroke-width="2.5"><title>alarm: '
                f"{escape(text)}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts) + legend([s.name for s in series])


def bar_chart(
    label: str,
    bars: Sequence[tuple[str, float, str]],
    *,
    y_format: Callable[[float], str] = lambda v: f"{v:.0f}",
) -> str:
    """One bar per ``(label, value, colour)``."""
    top = max((v for _, v, _ in bars), default=0) or 1
    parts, _, sy = _frame([], top, y_format, label)
    slot = (WIDTH - LEFT - RIGHT) / max(len(bars), 1)
    width = min(48.0, slot * 0.6)
    for i, (name, value, colour) in enumerate(bars):
        centre = LEFT + slot * (i + 0.5)
        y = sy(value)
        parts.append(
            f'<rect class="mark bar" x="{centre - width / 2:.1f}" y="{y:.1f}" '
            f'width="{width:.1f}" height="{sy(0) - y:.1f}" fill="{colour}"><title>'
            f"{escape(name)}: {escape(y_format(value))}</title></rect>"
            f'<text class="axis" x="{centre:.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def timeline(label: str, rows: Sequence[tuple[str, list[tuple[float, str, str]]]],
             start: float, end: float, colours: dict[str, str]) -> str:  # fmt: skip
    """One row per name, a square per ``(time, status, hover text)``, coloured by status."""
    row_height = 22
    height = TOP + row_height * len(rows) + BOTTOM
    span = (end - start) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(label)}">'
    ]
    left = 130
    for r, (name, events) in enumerate(rows):
        y = TOP + r * row_height
        parts.append(
            f'<text class="axis" x="{left - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(name)}</text>"
            f'<line class="grid" x1="{left}" x2="{WIDTH - RIGHT}" y1="{y + 11}" y2="{y + 11}"/>'
        )
        for when, status, text in events:
            x = left + (WIDTH - RIGHT - left - 12) * (when - start) / span
            parts.append(
                f'<rect class="mark run {escape(status)}" x="{x:.1f}" y="{y + 4}" width="12" '
                f'height="14" rx="2" fill="{colours.get(status, "#777")}"><title>'
                f"{escape(text)}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts) + legend(list(colours), list(colours.values()))


def legend(names: Sequence[str], colours: Sequence[str] | None = None) -> str:
    chosen = colours or [PALETTE[n % len(PALETTE)] for n in range(len(names))]
    items = "".join(
        f'<span class="key"><i style="background:{c}"></i>{escape(n)}</span>'
        for n, c in zip(names, chosen, strict=False)
    )
    return f'<div class="legend">{items}</div>'
