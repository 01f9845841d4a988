"""A search as the application's pages ask for it: the query and its filters read from the
page's parameters, the facets' counts over every matching Article (made by SQLite,
:mod:`jambicrawl.research.facets`), and one page of hits with their snippets
(:mod:`jambicrawl.research.search` does the searching)."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING

from jambicrawl.errors import JambicrawlError
from jambicrawl.normalize.window import DateWindow
from jambicrawl.research.search import Filters, hits

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from jambicrawl.research.collection import Database
    from jambicrawl.research.facets import Matches
    from jambicrawl.research.search import Hit

PAGE_SIZE = 20
#: The bars of the attention chart: one per day, ISO week or month.
INTERVALS = ("day", "week", "month")
#: Values shown per facet, the most frequent first.
FACET_VALUES = 12
_WHEN = re.compile(r"(\d{4})(?:-(\d{2}))?")


class BadRequestError(JambicrawlError):
    """A parameter the application cannot read: the message says which, in one line."""


@dataclass(frozen=True, slots=True)
class Request:
    """What the search page asks: the query, its filters and the page shown."""

    query: str = ""
    site: str = ""
    #: A year (``2019``) or a month (``2019-09``) of publication.
    when: str = ""
    category: str = ""
    author: str = ""
    page: int = 1
    interval: str = ""

    @classmethod
    def read(cls, params: Mapping[str, str]) -> Request:
        page = params.get("page", "1")
        if not page.isdigit() or int(page) < 1:
            raise BadRequestError(f"page: {page!r} is not a page number")
        interval = params.get("per", "")
        if interval and interval not in INTERVALS:
            raise BadRequestError(f"per: {interval!r} is not one of {', '.join(INTERVALS)}")
        when = params.get("when", "")
        if when and not _WHEN.fullmatch(when):
            raise BadRequestError(f"when: {when!r} is neither a year (2019) nor a month (2019-09)")
        return cls(
            query=params.get("q", "").strip(),
            site=params.get("site", ""),
            when=when,
            category=params.get("category", ""),
            author=params.get("author", ""),
            page=int(page),
            interval=interval,
        )

    def params(self, **changed: object) -> dict[str, object]:
        """The page's parameters, some changed (a facet chosen, another page)."""
        current: dict[str, object] = {
            "q": self.query, "site": self.site, "when": self.when, "category": self.category,
            "author": self.author, "per": self.interval, "page": self.page,
        }  # fmt: skip
        current.update(changed)
        if current.get("page") == 1:
            current["page"] = ""
        return current

    def filters(self) -> Filters:
        return Filters(self.site or None, self.window(), self.author or None,
                       self.category or None)  # fmt: skip

    def window(self) -> DateWindow:
        match = _WHEN.fullmatch(self.when)
        if not match:
            return DateWindow()
        year, month = int(match.group(1)), int(match.group(2) or 0)
        if month and not 1 <= month <= 12:
            raise BadRequestError(f"when: {self.when!r}: no such month")
        first, last = (month, month) if month else (1, 12)
        end = calendar.monthrange(year, last)[1]
        return DateWindow.parse(f"{year:04d}-{first:02d}-01", f"{year:04d}-{last:02d}-{end:02d}")


@dataclass(slots=True)
class Facets:
    """How many matching Articles have each value of a facet, and how many match."""

    total: int = 0
    site: Counter[str] = field(default_factory=Counter)
    year: Counter[str] = field(default_factory=Counter)
    month: Counter[str] = field(default_factory=Counter)
    category: Counter[str] = field(default_factory=Counter)
    author: Counter[str] = field(default_factory=Counter)
    #: Per site and day of publication (the attention chart's).
    days: Counter[tuple[str, date]] = field(default_factory=Counter)


def facets(found: Matches) -> Facets:
    """The facets' counts: ``GROUP BY`` queries of SQLite over the matches, the site and
    the times in one (per site and day as written; its groups, a few per site and day,
    read here as the page always read a date)."""
    counted = Facets()
    for (site, published), n in found.counts("d.site", "substr(d.date_published, 1, 10)").items():
        counted.total += n
        counted.site[site] += n
        _dated(counted, site, published or "", n)
    for (category,), n in found.counts("nullif(d.category, '')").items():
        if category is not None:
            counted.category[category] += n
    for (author,), n in found.counts("a.value", source=_AUTHORS).items():
        if author:
            counted.author[str(author)] += n
    return counted


def _dated(counted: Facets, site: str, published: str, n: int) -> None:
    """``n`` matches of ``site`` published on ``published`` counted by year, month, day."""
    if published[:4].isdigit():
        counted.year[published[:4]] += n
        counted.month[published[:7]] += n
    with suppress(ValueError):  # no day in it (a month, a year), or no date
        counted.days[site, date.fromisoformat(published)] += n


#: Each name of an Article's authors (``search_docs.authors``, a JSON list), one row each.
_AUTHORS = ", json_each(d.authors) a"


def page_of_hits(databases: Sequence[Database], request: Request) -> list[Hit]:
    """The hits of the page asked for, with their snippets (only the best up to that page
    ranked in each database)."""
    start = (request.page - 1) * PAGE_SIZE
    found = hits(databases, request.query, request.filters(), page=start + PAGE_SIZE)
    return list(islice(found, start, start + PAGE_SIZE))
