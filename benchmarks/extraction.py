"""Extraction speed and quality against trafilatura, on the fixture pages, in one run.

    python -m benchmarks.extraction [--rounds N]

Prints, per group of pages, pages per CPU-second of jambicrawl and of ``trafilatura.extract``
on the same pages, their ratio, and the body-text token F1 of both against the expected
bodies. Targets: registered >= 5x, generic >= 1x and a higher F1. The groups:

- ``registered``: the Jambi sites' cases, written by hand (about 40 KB a page);
- ``registered-real``: the real Tribun and Antara network pages of the generic cases, read by
  the entries of the Jambi sites that share their templates (tests/fixturecases.py,
  ``FAMILY_PAGES``): registered pages at their real size (49 and 126 KB);
- ``generic``: the generic cases, by the generic path.

Both are timed in turns, page by page, in CPU time of this process: on a shared machine
other processes slow the wall clock of both, unevenly.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from statistics import mean

from jambicrawl import extract_pages
from jambicrawl.pages import PageResponse
from tests.fixturecases import Case, all_cases, family_pages
from tests.quality.metrics import token_f1


def _seconds(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


Group = list[tuple[Case, str | None]]


def measure(cases: Group, rounds: int) -> tuple[float, float, float, float]:
    """Pages a second of ours and trafilatura's, and their mean F1, on ``cases`` (each with
    the site key that reads it, None for the generic path)."""
    import trafilatura

    inputs = []
    for case, site in cases:
        first = case.responses()[0]
        page = [PageResponse(first.url, first.body, first.headers, captured_at=first.captured_at)]
        inputs.append((page, site, first.body, first.url))
    ours_s = theirs_s = 0.0
    for round_ in range(rounds + 1):  # round 0 warms caches (compiled selectors, imports)
        for page, site, body, url in inputs:
            ours = _seconds(lambda p=page, s=site: extract_pages(p, s))  # type: ignore[misc]
            theirs = _seconds(lambda b=body, u=url: trafilatura.extract(b, url=u))  # type: ignore[misc]
            if round_:
                ours_s, theirs_s = ours_s + ours, theirs_s + theirs
    ours_f1: list[float] = []
    theirs_f1: list[float] = []
    for (case, _), (page, site, body, url) in zip(cases, inputs, strict=True):
        if case.expected["page_count"] == 1:
            ours_f1.append(token_f1(extract_pages(page, site).body, case.expected["body"]))
            theirs_f1.append(token_f1(trafilatura.extract(body, url=url), case.expected["body"]))
    pages = len(cases) * rounds
    return pages / ours_s, pages / theirs_s, mean(ours_f1), mean(theirs_f1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    cases = all_cases()
    groups: dict[str, Group] = {
        "registered": [(c, c.site) for c in cases if c.site != "generic"],
        "registered-real": [(c, site) for c, site in family_pages()],
        "generic": [(c, None) for c in cases if c.site == "generic"],
    }
    print(f"{'pages of':15s} {'pages':>5s} {'ours p/s':>9s} {'trafilatura p/s':>15s} {'ratio':>6s} "
          f"{'F1 ours':>8s} {'F1 traf.':>8s}")  # fmt: skip
    for name, group in groups.items():
        ours, theirs, f1_ours, f1_theirs = measure(group, args.rounds)
        print(f"{name:15s} {len(group):5d} {ours:9.1f} {theirs:15.1f} {ours / theirs:6.2f} "
              f"{f1_ours:8.3f} {f1_theirs:8.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
