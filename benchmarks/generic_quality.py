"""Extraction quality on real pages of sites nobody registered, against trafilatura.

    python -m benchmarks.generic_quality [--data DIR] [--every N] [--misses]

Reads the development set (``../shared/dev-data`` beside the repository, or
``$JAMBICRAWL_DEV_DATA``, or ``--data``; its README says what it holds): ``fundus-sample``
(title, publication time and body expected per page) and ``news-dates`` (publication day).
Every page goes through the generic path (``extract_article`` with no site), and through
``trafilatura.bare_extraction`` with its metadata. Printed side by side, per metric:

- title: exact match (whitespace folded) of the expected headline;
- day: publication day, in the zone the expected value is given in;
- minute: publication time to the minute, where the expected value has one;
- body F1: over 4-token shingles, per body language (Indonesian, English, other);

then ours / trafilatura's as a ratio. ``--every N`` takes every N-th page of each set.

Beside it, the same metrics on the Indonesian layout set of the test suite
(``tests/quality/indonesian/``): hand-written pages of unregistered Indonesian layouts, whose
expected time is a day alone where the page prints only a day (then only the day counts).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import mean

from jambicrawl import extract_article
from jambicrawl.normalize.text import collapse
from tests.quality.idlayouts import load_cases
from tests.quality.metrics import shingle_f1

ENV_VAR = "JAMBICRAWL_DEV_DATA"
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "dev-data"

_WORD = re.compile(r"\w+")
_STOPWORDS = {
    "id": frozenset("yang dan di dengan untuk dari ini itu pada dalam tidak akan juga".split()),  # noqa: SIM905
    "en": frozenset("the of and to in is that for on with was as by it".split()),  # noqa: SIM905
}


def data_dir(option: str | None = None) -> Path:
    """The development set's folder: the option, the environment, or the default."""
    return Path(option or os.environ.get(ENV_VAR) or DEFAULT_DATA)


@dataclass(frozen=True)
class Page:
    """One page of the development set and what is expected of it (None: not given)."""

    id: str
    url: str
    html: bytes
    captured_at: datetime | None
    title: str | None = None
    published: str | None = None
    body: str | None = None

    @property
    def language(self) -> str:
        """The body's language by its commonest words: "id", "en" or "other"."""
        words = _WORD.findall((self.body or "").lower())
        for language, common in _STOPWORDS.items():
            if words and sum(w in common for w in words) / len(words) > 0.04:
                return language
        return "other"


@dataclass(frozen=True)
class Extracted:
    title: str | None
    published: str | None
    body: str | None


def _rows(index: Path) -> Iterator[dict[str, object]]:
    with index.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _fundus_body(expected: dict[str, object]) -> str:
    body = expected.get("body")
    if not isinstance(body, dict):
        return ""
    parts = list(body.get("summary", []))
    for section in body.get("sections", []):
        parts += [*section.get("headline", []), *section.get("paragraphs", [])]
    return "\n\n".join(parts)


def load_pages(root: Path, every: int = 1) -> list[Page]:
    """The pages of the development set in ``root`` (every ``every``-th of each part)."""
    pages: list[Page] = []
    fundus = root / "fundus-sample"
    for row in list(_rows(fundus / "index.jsonl"))[::every]:
        expected = row["expected"]
        assert isinstance(expected, dict)
        html_file = fundus / str(row["html"])
        pages.append(
            Page(
                id=html_file.name.removesuffix(".html.gz"),
                url=str(row["url"]),
                html=gzip.decompress(html_file.read_bytes()),
                captured_at=datetime.fromisoformat(str(row["crawl_date"])).astimezone(),
                title=expected.get("title"),
                published=expected.get("publishing_date"),
                body=_fundus_body(expected),
            )
        )
    dates = root / "news-dates"
    # A few pages of this set have no known day ("nan"): nothing to measure on them.
    dated = [row for row in _rows(dates / "index.jsonl") if _when(str(row["date"]))]
    for row in dated[::every]:
        html_file = dates / str(row["html"])
        pages.append(
            Page(
                id=html_file.name.removesuffix(".html.gz"),
                url=str(row["url"]),
                html=gzip.decompress(html_file.read_bytes()),
                captured_at=None,
                published=str(row["date"]),
            )
        )
    return pages


def layout_pages() -> list[Page]:
    """The Indonesian layout set as pages of this benchmark."""
    return [
        Page(
            id=case.id,
            url=case.url,
            html=case.html,
            captured_at=case.captured_at,
            title=case.title,
            published=case.published,
            # An empty expected body (a page with no article text) scores no F1 here; the
            # gate holds it.
            body=case.body or None,
        )
        for case in load_cases()
    ]


# --- the two extractors -------------------------------------------------------------------


def ours(page: Page) -> Extracted:
    article = extract_article(page.html, page.url, captured_at=page.captured_at)
    return Extracted(article.title, article.date_published, article.body)


def trafilatura_extract(page: Page) -> Extracted:
    import trafilatura

    # Its best settings for dates: the original (not updated) date, with the time of day.
    doc = trafilatura.bare_extraction(
        page.html,
        url=page.url,
        with_metadata=True,
        date_extraction_params={
            "original_date": True,
            "extensive_search": True,
            "outputformat": "%Y-%m-%dT%H:%M:%S",
        },
    )
    if doc is None:
        return Extracted(None, None, None)
    return Extracted(doc.title, doc.date, doc.text)


# --- scoring ------------------------------------------------------------------------------


def _when(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def _wall_clock(got: str | None, want: str) -> tuple[datetime, datetime] | None:
    """Both times as wall clocks of the expected value's zone (as printed when either
    has none), or None when ``got`` is no time."""
    g, w = _when(got), _when(want)
    if g is None or w is None:
        return None
    if g.tzinfo is not None and w.tzinfo is not None:
        g = g.astimezone(w.tzinfo)
    return g.replace(tzinfo=None), w.replace(tzinfo=None)


def _has_time(value: str) -> bool:
    when = _when(value)
    return when is not None and len(value) > 10 and (when.hour, when.minute) != (0, 0)


def same_day(got: str | None, want: str) -> bool:
    clocks = _wall_clock(got, want)
    return clocks is not None and clocks[0].date() == clocks[1].date()


def same_minute(got: str | None, want: str) -> bool:
    clocks = _wall_clock(got, want)
    if clocks is None:
        return False
    mine, theirs = (clock.replace(second=0, microsecond=0) for clock in clocks)
    return mine == theirs


@dataclass
class Scores:
    """Counts of correct answers, and body F1 per language."""

    title: list[bool] = field(default_factory=list)
    day: list[bool] = field(default_factory=list)
    minute: list[bool] = field(default_factory=list)
    body: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    misses: list[str] = field(default_factory=list)

    def add(self, page: Page, got: Extracted) -> None:
        if page.title:
            self.title.append(collapse(got.title) == collapse(page.title))
            if not self.title[-1]:
                self.misses.append(f"title  {page.id}: {got.title!r} != {page.title!r}")
        if page.published:
            self.day.append(same_day(got.published, page.published))
            if _has_time(page.published):
                self.minute.append(same_minute(got.published, page.published))
                if not self.minute[-1]:
                    self.misses.append(f"minute {page.id}: {got.published} != {page.published}")
            elif not self.day[-1]:
                self.misses.append(f"day    {page.id}: {got.published} != {page.published}")
        if page.body:
            self.body[page.language].append(shingle_f1(got.body, page.body))

    def summary(self) -> dict[str, float]:
        """Every metric as a number: rates of exact answers, mean F1 per language."""
        out = {
            "title": mean(self.title) if self.title else 0.0,
            "day": mean(self.day) if self.day else 0.0,
            "minute": mean(self.minute) if self.minute else 0.0,
        }
        for language, values in sorted(self.body.items()):
            out[f"body_f1_{language}"] = mean(values)
        return out


def score(pages: list[Page], extract: Callable[[Page], Extracted]) -> Scores:
    scores = Scores()
    for page in pages:
        scores.add(page, extract(page))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", help=f"the set's folder (default: ${ENV_VAR}, ../shared/dev-data)"
    )
    parser.add_argument("--every", type=int, default=1, help="every N-th page of each set")
    parser.add_argument("--misses", action="store_true", help="list our wrong titles and dates")
    args = parser.parse_args(argv)
    root = data_dir(args.data)
    if not (root / "fundus-sample" / "index.jsonl").is_file():
        message = f"no development set at {root} (give --data or set ${ENV_VAR})"
        print(f"generic_quality: {message}", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    for name, pages in (
        (f"development set ({root})", load_pages(root, args.every)),
        ("Indonesian layout set (tests/quality/indonesian)", layout_pages()),
    ):
        report(name, pages, misses=args.misses)
    return 0


def report(name: str, pages: list[Page], *, misses: bool) -> None:
    """One set's table: ours, trafilatura's and the ratio per metric."""
    mine, theirs = score(pages, ours), score(pages, trafilatura_extract)
    counts = {"title": len(mine.title), "day": len(mine.day), "minute": len(mine.minute)}
    counts |= {f"body_f1_{k}": len(v) for k, v in mine.body.items()}
    print(f"\n{len(pages)} pages: {name}")
    print(f"{'metric':14s} {'pages':>5s} {'ours':>7s} {'trafilatura':>11s} {'ratio':>6s}")
    a, b = mine.summary(), theirs.summary()
    for metric, value in a.items():
        other = b.get(metric, 0.0)
        ratio = f"{value / other:6.2f}" if other else "     -"
        print(f"{metric:14s} {counts[metric]:5d} {value:7.3f} {other:11.3f} {ratio}")
    if misses:
        print("\n".join(mine.misses))


if __name__ == "__main__":
    sys.exit(main())
