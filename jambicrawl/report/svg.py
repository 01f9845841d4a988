"""Inline SVG charts: no script, no network, drawn by any browser as the file opens.

Every drawn datum carries ``class="mark"`` (a test counts them in the rendered page) and a
``<title>`` the browser shows on hover. Every value axis is a ``<g class="y-axis">`` of tick
labels (``class="tick"``) at round numbers (1, 2 or 5 × 10ⁿ apart, or powers of ten on a log
scale, ``class="y-axis log"``), with its unit written above it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: Colour per series, in order (colour-blind safe: Okabe-Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")  # fmt: skip
#: Dash pattern per series, in order: lines that meet stay told apart without colour.
DASHES = ("", "7 4", "2 3", "9 3 2 3")
ALARM = "#C00000"
#: Ratio of the largest to the smallest bar above which a bar chart's scale is logarithmic.
LOG_RATIO = 20.0
BYTE_UNITS = ("B", "KB", "MB", "GB", "TB")

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 36, 24, 40


def count(value: float) -> str:
    return f"{value:,.0f}"


def nice_step(span: float, intervals: int) -> float:
    """The smallest step of 1, 2 or 5 × 10ⁿ that covers ``span`` in ``intervals`` steps."""
    raw = span / intervals
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))


def _linear_ticks(high: float, intervals: int, min_step: float = 0.0) -> tuple[float, ...]:
    step = max(nice_step(high, intervals) if high > 0 else 1.0, min_step)
    steps = max(math.ceil(high / step - 1e-9), 1)
    return tuple(round(step * i, 9) for i in range(steps + 1))


@dataclass(frozen=True, slots=True)
class Axis:
    """A value axis: its ticks (the first and last are its ends), unit and tick format."""

    ticks: tuple[float, ...]
    unit: str
    fmt: Callable[[float], str] = count
    log: bool = False

    def fraction(self, value: float) -> float:
        """Where ``value`` lies between the axis's ends: 0 at the bottom, 1 at the top."""
        low, high = self.ticks[0], self.ticks[-1]
        if self.log:
            value = max(value, low)
            return (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))
        return (value - low) / (high - low)


def count_axis(high: float, unit: str, intervals: int = 4) -> Axis:
    """From 0 past ``high`` in whole, round steps."""
    return Axis(_linear_ticks(high, intervals, min_step=1.0), unit)


def log_axis(low: float, high: float, unit: str) -> Axis:
    """Powers of ten from below ``low`` to above ``high``."""
    first = math.floor(math.log10(max(low, 1.0)))
    last = max(math.ceil(math.log10(max(high, 1.0))), first + 1)
    return Axis(tuple(10.0**n for n in range(first, last + 1)), f"{unit} (log scale)", log=True)


def bar_axis(values: Sequence[float], unit: str) -> Axis:
    """Linear, unless the largest bar is more than ``LOG_RATIO`` times the smallest: log."""
    shown = [v for v in values if v > 0]
    if shown and max(shown) > LOG_RATIO * min(shown):
        return log_axis(min(shown), max(shown), unit)
    return count_axis(max(shown, default=0), unit)


def percent_axis(unit: str, intervals: int = 1) -> Axis:
    return Axis(_linear_ticks(100, intervals), unit, lambda v: f"{v:g}%")


def size(n: float) -> str:
    """A byte count for people (``1.5 MB``)."""
    power = _byte_power(n)
    return f"{n / 1024**power:.{0 if power == 0 else 1}f} {BYTE_UNITS[power]}"


def _byte_power(n: float) -> int:
    return max((p for p in range(len(BYTE_UNITS)) if abs(n) >= 1024**p), default=0)


def bytes_axis(high: float, unit: str) -> Axis:
    """Round steps in the unit of ``high`` (0, 0.5 MB, 1 MB, 1.5 MB)."""
    power = _byte_power(high)
    scale = 1024**power
    ticks = _linear_ticks(high / scale, 4)
    return Axis(tuple(t * scale for t in ticks), unit,
                lambda v: f"{v / scale:g} {BYTE_UNITS[power]}")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Box:
    """A plot area inside an SVG, in its pixels, of ``slots`` equal columns."""

    left: float
    top: float
    width: float
    height: float
    slots: int

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def x(self, slot: float) -> float:
        """The centre of column ``slot``."""
        return self.left + self.width * (slot + 0.5) / max(self.slots, 1)

    def y(self, axis: Axis, value: float) -> float:
        return self.bottom - self.height * axis.fraction(value)


@dataclass(slots=True)
class Series:
    name: str
    #: ``(x, y)`` with x a column of the chart.
    points: list[tuple[int, float]]
    #: Columns of points to ring in red (alarms), with their hover text.
    alarms: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Bar:
    slot: int
    value: float
    colour: str
    #: Hover text.
    title: str


@dataclass(frozen=True, slots=True)
class Row:
    """One panel of a :func:`rows_chart`: its name on the left, a note on the right."""

    name: str
    axis: Axis
    draw: Callable[[Box, Axis], str]
    note: str = ""


def _svg(label: str, width: float, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-label="{escape(label)}">'
    )


def y_axis(box: Box, axis: Axis, *, unit: bool = True) -> str:
    """Grid lines and tick labels at the axis's ticks, its unit above them."""
    cls = "y-axis log" if axis.log else "y-axis"
    parts = [f'<g class="{cls}">']
    for value in axis.ticks:
        y = box.y(axis, value)
        parts.append(
            f'<line class="grid" x1="{box.left:.1f}" x2="{box.left + box.width:.1f}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/><text class="axis tick" x="{box.left - 6:.1f}" '
            f'y="{y + 4:.1f}" text-anchor="end">{escape(axis.fmt(value))}</text>'
        )
    if unit:
        parts.append(
            f'<text class="axis unit" x="{box.left - 6:.1f}" y="{box.top - 10:.1f}">'
            f"{escape(axis.unit)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


def x_labels(box: Box, marks: Sequence[tuple[int, str]]) -> str:
    return "".join(
        f'<text class="axis" x="{box.x(slot):.1f}" y="{box.bottom + 16:.1f}" '
        f'text-anchor="middle">{escape(text)}</text>'
        for slot, text in marks
    )


def spaced(labels: Sequence[str], most: int) -> list[tuple[int, str]]:
    """At most ``most`` of ``labels``, evenly spaced, the last always among them."""
    step = max(1, -(-len(labels) // most))
    last = len(labels) - 1
    return [(i, labels[i]) for i in range(last % step, len(labels), step)]


def bars(box: Box, axis: Axis, shown: Sequence[Bar], *, values: bool = False) -> str:
    """A bar per non-zero :class:`Bar` (at least 2 px tall), its value above it if told."""
    width = min(48.0, max(box.width / max(box.slots, 1) * 0.7, 1.5))
    parts = []
    for bar in shown:
        if bar.value <= 0:
            continue
        top = min(box.y(axis, bar.value), box.bottom - 2)
        centre = box.x(bar.slot)
        parts.append(
            f'<rect class="mark bar" x="{centre - width / 2:.1f}" y="{top:.1f}" '
            f'width="{width:.1f}" height="{box.bottom - top:.1f}" fill="{bar.colour}">'
            f"<title>{escape(bar.title)}</title></rect>"
        )
        if values:
            parts.append(
                f'<text class="axis value" x="{centre:.1f}" y="{top - 4:.1f}" '
                f'text-anchor="middle">{escape(axis.fmt(bar.value))}</text>'
            )
    return "".join(parts)


def line(box: Box, axis: Axis, series: Series, style: int, x_titles: Sequence[str]) -> str:
    """``series`` as a line in colour and dash ``style``, a dot per point, alarms ringed."""
    colour, dash = PALETTE[style % len(PALETTE)], DASHES[style % len(DASHES)]
    at = {x: (box.x(x), box.y(axis, y)) for x, y in series.points}
    parts = []
    if len(series.points) > 1:
        coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in at.values())
        parts.append(
            f'<polyline class="mark line" fill="none" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="{dash}" points="{coords}"><title>{escape(series.name)}'
            "</title></polyline>"
        )
    for x, y in series.points:
        parts.append(
            f'<circle class="mark dot" cx="{at[x][0]:.1f}" cy="{at[x][1]:.1f}" r="3" '
            f'fill="{colour}"><title>{escape(series.name)}, {escape(x_titles[x])}: '
            f"{escape(axis.fmt(y))}</title></circle>"
        )
    for x, text in series.alarms.items():
        parts.append(
            f'<circle class="mark alarm" cx="{at[x][0]:.1f}" cy="{at[x][1]:.1f}" r="7" '
            f'fill="none" stroke="{ALARM}" stroke-width="2.5"><title>alarm: '
            f"{escape(text)}</title></circle>"
        )
    return "".join(parts)


def bar_chart(
    label: str,
    shown: Sequence[Bar],
    axis: Axis,
    marks: Sequence[tuple[int, str]],
    *,
    slots: int,
    width: int = WIDTH,
    height: int = HEIGHT,
    values: bool = False,
) -> str:
    """Bars in ``slots`` columns, ``marks`` labelling some columns below them."""
    left, right = (LEFT, RIGHT) if width >= WIDTH else (44, 24)
    box = Box(left, TOP, width - left - right, height - TOP - BOTTOM, slots)
    return (
        _svg(label, width, height)
        + y_axis(box, axis)
        + bars(box, axis, shown, values=values)
        + x_labels(box, marks)
        + "</svg>"
    )


def line_chart(label: str, x_titles: Sequence[str], series: Sequence[Series], axis: Axis) -> str:
    """Lines over ``x_titles``, one per series (each its colour and dash), a dot per point."""
    box = Box(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM, len(x_titles))
    drawn = "".join(line(box, axis, s, n, x_titles) for n, s in enumerate(series))
    return (
        _svg(label, WIDTH, HEIGHT)
        + y_axis(box, axis)
        + drawn
        + x_labels(box, spaced(x_titles, 8))
        + "</svg>"
        + legend([s.name for s in series], dashed=True)
    )


def rows_chart(
    label: str,
    rows: Sequence[Row],
    marks: Sequence[tuple[int, str]],
    *,
    slots: int,
    width: int = WIDTH,
    row_height: int = 36,
    name_width: int = 150,
) -> str:
    """One panel per :class:`Row`, stacked, sharing the columns (small multiples)."""
    gap, note_width = 18, 84
    height = TOP + len(rows) * (row_height + gap) + BOTTOM - gap
    parts = [_svg(label, width, height)]
    for n, row in enumerate(rows):
        box = Box(name_width, TOP + n * (row_height + gap),
                  width - name_width - note_width, row_height, slots)  # fmt: skip
        middle = box.top + row_height / 2 + 4
        parts.append(
            f'<text class="row-name" x="4" y="{middle:.1f}">{escape(row.name)}</text>'
            + y_axis(box, row.axis, unit=n == 0)
            + row.draw(box, row.axis)
            + f'<text class="axis note" x="{width - note_width + 10}" y="{middle:.1f}">'
            f"{escape(row.note)}</text>"
        )
        if n == len(rows) - 1:
            parts.append(x_labels(box, marks))
    parts.append("</svg>")
    return "".join(parts)


def timeline(label: str, rows: Sequence[tuple[str, list[tuple[float, str, str]]]],
             start: float, end: float, colours: dict[str, str]) -> str:  # fmt: skip
    """One row per name, a square per ``(time, status, hover text)``, coloured by status."""
    row_height = 22
    height = 12 + row_height * len(rows) + BOTTOM
    span = (end - start) or 1.0
    parts = [_svg(label, WIDTH, height)]
    left = 130
    for r, (name, events) in enumerate(rows):
        y = 12 + r * row_height
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


def legend(
    names: Sequence[str], colours: Sequence[str] | None = None, *, dashed: bool = False
) -> str:
    chosen = colours or [PALETTE[n % len(PALETTE)] for n in range(len(names))]
    items = []
    for n, (name, colour) in enumerate(zip(names, chosen, strict=False)):
        style = f"background:{colour}"
        if dashed and DASHES[n % len(DASHES)]:
            style = f"border-top:3px dotted {colour};height:0;background:none"
        items.append(f'<span class="key"><i style="{style}"></i>{escape(name)}</span>')
    return f'<div class="legend">{"".join(items)}</div>'
