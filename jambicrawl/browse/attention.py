"""Attention over time: how many matching stories each site published per day, week or
month (one small bar chart per site, all on one scale), and the words most over-represented
in the matches against the rest of the collection.

The words are ranked by the log-odds ratio with an informative Dirichlet prior (Monroe,
Colaresi and Quinn, "Fightin' Words", 2008) over the stemmed words the index holds: the
matches' counts from their text (analysed as the index analyses it, up to
:data:`WORD_SAMPLE` of them), the collection's from the index's own vocabulary (FTS5's
``fts5vocab``), the rest being the collection less the matches. A word's z-score says how
sure the difference is, so that a rare word seen twice does not top the list.
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
from jambicrawl.state.search import TEXT_COLUMNS, shards

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jambicrawl.browse.matches import Match
    from jambicrawl.research.collection import Database

#: Matches whose words are counted (the first, best ones): enough for a stable ranking.
WORD_SAMPLE = 300
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


def _day(match: Match) -> date | None:
    published = match.hit.date_published or ""
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Attention:
    interval: str
    #: The label of every bar, first to last, none left out.
    labels: tuple[str, ...]
    #: Per site, stories per bar.
    counts: dict[str, list[int]]
    undated: int


def attention(found: Sequence[Match], interval: str = "") -> Attention:
    dated = [(match.hit.site, day) for match in found if (day := _day(match))]
    interval = interval or interval_for([day for _, day in dated])
    if not dated:
        return Attention(interval, (), {}, len(found))
    starts = [_bucket(day, interval) for _, day in dated]
    slots, at = [], min(starts)
    while at <= max(starts):
        slots.append(at)
        at = _next(at, interval)
    index = {start: n for n, start in enumerate(slots)}
    counts: dict[str, list[int]] = {}
    for (site, _), start in zip(dated, starts, strict=True):
        counts.setdefault(site, [0] * len(slots))[index[start]] += 1
    labels = tuple(_label(start, interval) for start in slots)
    return Attention(interval, labels, dict(sorted(counts.items())), len(found) - len(dated))


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


def _match_words(databases: Sequence[Database], found: Sequence[Match]) -> Counter[str]:
    by_path = {db.path: db.conn for db in databases}
    fields = ", ".join(f"json_extract(article_json, '$.{c}')" for c in TEXT_COLUMNS)
    counted: Counter[str] = Counter()
    for match in found[:WORD_SAMPLE]:
        row = (
            by_path[match.hit.database]
            .execute(
                f"SELECT {fields} FROM article_versions WHERE canonical_url = ? AND version = ?",
                (match.hit.canonical_url, match.hit.version),
            )
            .fetchone()
        )
        for value in row or ():
            text = " ".join(value) if isinstance(value, list) else value
            counted.update(words(str(text or "")))
    return Counter({word: n for word, n in counted.items() if _counted(word)})


def _collection_words(databases: Sequence[Database]) -> Counter[str]:
    """Occurrences of each stem in the text columns of every database's index."""
    counted: Counter[str] = Counter()
    for db in databases:
        for shard in shards(db.conn):  # the index is one FTS5 table per year
            vocabulary = f"temp.browse_vocab_{shard.table}"
            db.conn.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocabulary} "
                f"USING fts5vocab(main, {shard.table}, col)"
            )
            rows = db.conn.execute(f"SELECT term, sum(cnt) FROM {vocabulary} GROUP BY term")
            counted.update({term: int(n) for term, n in rows})
    return Counter({word: n for word, n in counted.items() if _counted(word)})


def over_represented(
    databases: Sequence[Database], found: Sequence[Match], query: str
) -> list[Word]:
    """The words most over-represented in ``found`` (the query's own words left out)."""
    if not found:
        return []
    ours = _match_words(databases, found)
    everything = _collection_words(databases)
    scale = len(found) / min(len(found), WORD_SAMPLE)
    asked = set(words(query))
    rest = {w: max(n - round(ours.get(w, 0) * scale), 0) for w, n in everything.items()}
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
