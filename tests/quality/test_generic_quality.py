"""The development-set gate: extraction on real pages of unregistered sites (title, day,
minute, body F1 per language) never falls below its floors in generic_floors.json.

It reads the development set beside the repository (``../shared/dev-data``, or
``$JAMBICRAWL_DEV_DATA``) through ``benchmarks.generic_quality`` on a subset, and skips
when the set is absent. Raise the floors after an improvement with
``python -m tests.quality.raise_floors``; lower one only with a reason under ``"lowered"``.
"""

from __future__ import annotations

import json
import warnings
from functools import cache
from pathlib import Path

import pytest

from benchmarks.generic_quality import data_dir, load_pages, ours, score
from tests.quality.floorfile import lowered_without_reason

FLOORS_FILE = Path(__file__).with_name("generic_floors.json")
#: Every EVERY-th page of each part of the set: about 70 pages, a few seconds.
EVERY = 4


@cache
def measured() -> dict[str, float]:
    root = data_dir()
    if not (root / "fundus-sample" / "index.jsonl").is_file():
        pytest.skip(f"no development set at {root} (set $JAMBICRAWL_DEV_DATA)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lxml and charset warnings of real pages
        return score(load_pages(root, EVERY), ours).summary()


FLOORS: dict[str, float] = json.loads(FLOORS_FILE.read_text("utf-8"))["floors"]


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_metric_meets_floor(metric: str) -> None:
    assert measured().get(metric, 0.0) >= FLOORS[metric]


def test_every_metric_has_a_floor() -> None:
    assert set(measured()) <= set(FLOORS), "run python -m tests.quality.raise_floors"


@pytest.mark.parametrize(("newer_rev", "older_rev"), [(None, "HEAD"), ("HEAD", "HEAD~1")])
def test_floors_never_lowered_silently(newer_rev: str | None, older_rev: str) -> None:
    lowered = lowered_without_reason(FLOORS_FILE, newer_rev, older_rev)
    if lowered is None:
        pytest.skip(f"no committed floors at {older_rev}")
    assert not lowered, f"floors lowered without a reason in 'lowered': {lowered}"
