"""What a site's stored articles look like: the baseline the monitors hold a run against.

The monitors compare a run's articles with the current versions the state database keeps of
the same site, not with earlier runs: a re-crawl whose known articles were answered
``304 Not Modified`` extracts nothing, yet the stored versions still say what the site's
pages gave (which fields, from which layer, how long a body, how many doubtful dates).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from statistics import median
from typing import TYPE_CHECKING

from jambicrawl.state.database import connect_read_only, table_columns
from jambicrawl.state.versions import current_versions_of_others

if TYPE_CHECKING:
    from pathlib import Path

#: Fields whose presence and layer the baseline keeps.
BASELINE_FIELDS = ("title", "date_published", "authors", "body", "category")
#: How many of the site's latest current versions make the baseline.
SAMPLE = 200


@dataclass(slots=True)
class Baseline:
    """Shares over a site's stored current versions."""

    articles: int = 0
    #: Share of the articles having each field.
    coverage: dict[str, float] = field(default_factory=dict)
    #: Per field, the share of the articles having it that got it from each layer.
    layers: dict[str, dict[str, float]] = field(default_factory=dict)
    #: Share of the articles carrying each flag.
    flags: dict[str, float] = field(default_factory=dict)
    median_words: float = 0.0


def site_baseline(database: Path, site: str, job: str = "") -> Baseline:
    """The baseline of ``site``: its latest current versions stored by jobs other than
    ``job`` (the run being judged). Empty when the database has none."""
    if not database.exists():
        return Baseline()
    try:
        conn = connect_read_only(database)
    except sqlite3.Error:
        return Baseline()
    try:
        if "current_version" not in table_columns(conn, "articles"):
            return Baseline()
        stored = current_versions_of_others(conn, site, job, SAMPLE)
    except sqlite3.Error:
        return Baseline()
    finally:
        conn.close()
    return baseline_of([json.loads(data) for data in stored])


def baseline_of(articles: list[dict[str, object]]) -> Baseline:
    """The baseline of Articles as :meth:`~jambicrawl.items.Article.to_dict` gives them."""
    if not articles:
        return Baseline()
    total = len(articles)
    base = Baseline(articles=total)
    for name in BASELINE_FIELDS:
        having = [a for a in articles if a.get(name)]
        base.coverage[name] = len(having) / total
        layers: dict[str, float] = {}
        for article in having:
            sources = article.get("sources")
            layer = str(sources.get(name, "unknown")) if isinstance(sources, dict) else "unknown"
            layers[layer] = layers.get(layer, 0) + 1 / len(having)
        base.layers[name] = layers
    for article in articles:
        flags = article.get("flags")
        for flag in flags if isinstance(flags, list) else []:
            base.flags[str(flag)] = base.flags.get(str(flag), 0) + 1 / total
    words = [int(str(a.get("word_count") or 0)) for a in articles if a.get("body")]
    base.median_words = float(median(words)) if words else 0.0
    return base
