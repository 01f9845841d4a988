"""Attention over time: how many matching stories each site published per day, week or
month (one small bar chart per site, all on one scale), and the words most over-represented
in the matches against the rest of the collection.

The words are ranked by the log-odds ratio with an informative Dirichlet prior (Monroe,
Colaresi and Quinn, "Fightin' Words", 2008) over the stemmed words of titles (analysed as
the index analyses them): those of up to :data:`WORD_SAMPLE` matches, spread evenly over
them in publication order, against those of up to :data:`REST_SAMPLE` Articles that do not
match, spread over the collection's publication time
(:meth:`~jambicrawl.research.facets.Matches.sample_rest`). Samples of titles keep the cost
bounded whatever the size of the collection or of the matches: counting the collection's
words from the index's vocabulary (``fts5vocab``) read every posting of the index, 1.8 s at
100,000 Articles, and the stems of whole bodies cost the stemmer most. A word's z-score
says how sure the difference is, so that a rare word seen twice does not top the list.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from jambicrawl.browse.render import esc
from jambicrawl.normalize.stemming import words
from jambicrawl.report import svg

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jambicrawl.browse.matches import Facets
    from jambicrawl.research.facets import Matches

#: Titles whose words are counted: of matches, and of the rest of the collection.
WORD_SAMPLE = 500
REST_SAMPLE = 2000
TOP_WORDS = 20
#: Size of one site's chart, in its SVG's pixels.
CHART_WIDTH, CHART_HEIGHT = 330, 170


@dataclass(frozen=True, slots=True)
class Word:
    word: str
    #: How often it occurs in the matches counted, and in the rest of the collection.
    in_matches: int
    in_rest: int
    z: float


def interval_for(days: Sequence[date]) -> str:
    """The bar width that keeps a chart readable: days up to two months, weeks up to two
    years, months beyond."""
    if not days:
        return "month"
    span = (max(days) - min(days)).days
    return "day" if span <= 62 else "week" if span <= 731 else "month"


def _bucket(day: date, interval: str) -> date:
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(start: date, interval: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(weeks=1)
    return (start + timedelta(days=32)).replace(day=1)


def _label(start: date, interval: str) -> str:
    return start.strftime("%Y-%m") if interval == "month" else start.isoformat()


@dataclass(frozen=True, slots=True)
class Attention:
    interval: str
    #: The label of every bar, first to last, none left out.
    labels: tuple[str, ...]
    #: Per site, stories per bar.
    counts: dict[str, list[int]]
    undated: int


def attention(counted: Facets, interval: str = "") -> Attention:
    """The chart's bars: the matches per site and day of publication (counted by SQLite
    with the facets) put in bars of ``interval`` (by default the one :func:`interval_for`
    the days)."""
    per_day = counted.days
    interval = interval or interval_for([day for _, day in per_day])
    undated = counted.total - sum(per_day.values())
    if not per_day:
        return Attention(interval, (), {}, undated)
    starts = {key: _bucket(key[1], interval) for key in per_day}
    slots, at = [], min(starts.values())
    while at <= max(starts.values()):
        slots.append(at)
        at = _next(at, interval)
    index = {start: n for n, start in enumerate(slots)}
    counts: dict[str, list[int]] = {}
    for (site, day), n in per_day.items():
        counts.setdefault(site, [0] * len(slots))[index[starts[site, day]]] += n
    labels = tuple(_label(start, interval) for start in slots)
    return Attention(interval, labels, dict(sorted(counts.items())), undated)


def charts(shown: Attention) -> str:
    """One ``<figure class="chart">`` per site, all on one scale."""
    axis = svg.count_axis(max((max(c) for c in shown.counts.values()), default=0), "stories")
    marks = svg.spaced(shown.labels, 4)
    figures = []
    for n, (site, counts) in enumerate(shown.counts.items()):
        colour = svg.PALETTE[n % len(svg.PALETTE)]
        bars = [svg.Bar(slot, value, colour, f"{site}, {shown.labels[slot]}: {value} stories")
                for slot, value in enumerate(counts)]  # fmt: skip
        drawing = svg.bar_chart(f"{site}: matching stories per {shown.interval}", bars, axis,
                                marks, slots=len(counts), width=CHART_WIDTH,
                                height=CHART_HEIGHT)  # fmt: skip
        figures.append(
            f'<figure class="chart" id="site-{esc(site)}"><figcaption>'
            f"{esc(site)} · {sum(counts)} stories</figcaption>{drawing}</figure>"
        )
    return f'<div class="charts">{"".join(figures)}</div>'


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


def _counted(word: str) -> bool:
    return len(word) > 2 and not word.isdigit() and word not in _stop_words()


@dataclass(frozen=True, slots=True)
class Words:
    #: The most over-represented first.
    words: list[Word]
    #: How many titles were counted: of matches, of the rest of the collection.
    matches: int
    rest: int


def _title_words(titles: Sequence[str | None]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for title in titles:
        counted.update(words(title))
    return Counter({word: n for word, n in counted.items() if _counted(word)})


def over_represented(found: Matches, query: str) -> Words:
    """The words most over-represented in the titles of ``found`` against those of the rest
    of the collection (the query's own words left out)."""
    ours = found.sample("title", WORD_SAMPLE)
    if not ours:  # nothing matches: no sample of the rest to draw
        return Words([], 0, 0)
    theirs = found.sample_rest("title", REST_SAMPLE)
    ranked = _log_odds(_title_words(ours), _title_words(theirs), set(words(query)))
    return Words(ranked, len(ours), len(theirs))


def _log_odds(ours: Counter[str], rest: Counter[str], asked: set[str]) -> list[Word]:
    n_ours, n_rest = sum(ours.values()), sum(rest.values())
    total = n_ours + n_rest
    prior = 1000.0  # the prior's strength, in words
    ranked = []
    for word, y in ours.items():
        if y < 2 or word in asked:
            continue
        b = rest.get(word, 0)
        alpha = prior * (y + b) / total
        delta = math.log((y + alpha) / (n_ours + prior - y - alpha)) - math.log(
            (b + alpha) / (n_rest + prior - b - alpha)
        )
        z = delta / math.sqrt(1 / (y + alpha) + 1 / (b + alpha))
        ranked.append(Word(word, y, b, z))
    ranked.sort(key=lambda w: (-w.z, w.word))
    return [w for w in ranked[:TOP_WORDS] if w.z > 0]
