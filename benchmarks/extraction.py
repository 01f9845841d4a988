"""Extraction speed and quality against trafilatura, on the fixture pages, in one run.

    python -m benchmarks.extraction [--rounds N]

Prints, per group of pages, pages per CPU-second of jambicrawl and of ``trafilatura.extract``
on the same pages, their ratio, and the body-text token F1 of both against the expected
bodies. Targets: registered >= 5x, generic >= 1x and a higher F1. The groups:

- ``registered``: the Jambi sites' cases, written by hand (about 40 KB a page);
- ``registered-real``: real network pages read by the entries of the Jambi sites that share
  their templates: the Tribun and Antara pages of the generic cases (tests/fixturecases.py,
  ``FAMILY_PAGES``) and four more Antara pages (tests/real_pages/): registered pages at their
  real size (35 to 126 KB);
- ``generic``: the generic cases, by the generic path.

Both are timed in turns, page by page, in CPU time of this process: on a shared machine
other processes slow the wall clock of both, unevenly.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from statistics import mean

from jambicrawl import extract_pages
from jambicrawl.pages import PageResponse
from tests.fixturecases import Case, all_cases, family_pages, real_pages
from tests.quality.metrics import token_f1


def _seconds(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


@dataclass(frozen=True)
class Measured:
    """A page to time: page 1, the site key that reads it (None: the generic path) and the
    body expected of it (None: not a single-page article)."""

    page: PageResponse
    site: str | None
    body: str | None


def of_case(case: Case, site: str | None) -> Measured:
    single = case.expected["page_count"] == 1
    return Measured(case.responses()[0], site, case.expected["body"] if single else None)


def measure(group: list[Measured], rounds: int) -> tuple[float, float, float, float]:
    """Pages a second of ours and trafilatura's, and their mean F1, on ``group``."""
    import trafilatura

    ours_s = theirs_s = 0.0
    for round_ in range(rounds + 1):  # round 0 warms caches (compiled selectors, imports)
        for m in group:
            page = [m.page]
            ours = _seconds(lambda p=page, s=m.site: extract_pages(p, s))  # type: ignore[misc]
            theirs = _seconds(
                lambda b=m.page.body, u=m.page.url: trafilatura.extract(b, url=u)  # type: ignore[misc]
            )
            if round_:
                ours_s, theirs_s = ours_s + ours, theirs_s + theirs
    ours_f1: list[float] = []
    theirs_f1: list[float] = []
    for m in group:
        if m.body is not None:
            ours_f1.append(token_f1(extract_pages([m.page], m.site).body, m.body))
            theirs_f1.append(token_f1(trafilatura.extract(m.page.body, url=m.page.url), m.body))
    pages = len(group) * rounds
    return pages / ours_s, pages / theirs_s, mean(ours_f1), mean(theirs_f1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    cases = all_cases()
    groups: dict[str, list[Measured]] = {
        "registered": [of_case(c, c.site) for c in cases if c.site != "generic"],
        "registered-real": [of_case(c, site) for c, site in family_pages()]
        + [Measured(p.response(), p.site, p.body) for p in real_pages()],
        "generic": [of_case(c, None) for c in cases if c.site == "generic"],
    }
    print(f"{'pages of':15s} {'pages':>5s} {'ours p/s':>9s} {'trafilatura p/s':>15s} {'ratio':>6s} "
          f"{'F1 ours':>8s} {'F1 traf.':>8s}")  # fmt: skip
    for name, group in groups.items():
        ours, theirs, f1_ours, f1_theirs = measure(group, args.rounds)
        print(f"{name:15s} {len(group):5d} {ours:9.1f} {theirs:15.1f} {ours / theirs:6.2f} "
              f"{f1_ours:8.3f} {f1_theirs:8.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
