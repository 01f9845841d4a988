"""A search as the application's pages ask for it: the query and its filters read from the
page's parameters, every matching Article with what the facets count, and one page of hits
with their snippets (:mod:`jambicrawl.research.search` does the searching)."""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from jambicrawl.errors import JambicrawlError
from jambicrawl.normalize.window import DateWindow
from jambicrawl.research.search import Filters, hits

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from jambicrawl.research.collection import Database
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


@dataclass(frozen=True, slots=True)
class Match:
    """A matching Article, with what the facets and the chart count."""

    hit: Hit
    category: str | None
    authors: tuple[str, ...]


@dataclass(slots=True)
class Facets:
    site: Counter[str] = field(default_factory=Counter)
    year: Counter[str] = field(default_factory=Counter)
    month: Counter[str] = field(default_factory=Counter)
    category: Counter[str] = field(default_factory=Counter)
    author: Counter[str] = field(default_factory=Counter)

    def add(self, match: Match) -> None:
        published = match.hit.date_published or ""
        self.site[match.hit.site] += 1
        if published[:4].isdigit():
            self.year[published[:4]] += 1
            self.month[published[:7]] += 1
        if match.category:
            self.category[match.category] += 1
        self.author.update(match.authors)


def _match(conn: Database, hit: Hit) -> Match:
    row = conn.conn.execute(
        "SELECT json_extract(article_json, '$.category'), json_extract(article_json, '$.authors') "
        "FROM article_versions WHERE canonical_url = ? AND version = ?",
        (hit.canonical_url, hit.version),
    ).fetchone()
    category, authors = row or (None, None)
    names = json.loads(authors) if authors else []
    return Match(hit, category, tuple(str(name) for name in names if name))


def matches(databases: Sequence[Database], request: Request) -> list[Match]:
    """Every Article matching ``request``, best first. Raises
    :class:`~jambicrawl.research.query.QueryError`."""
    by_path = {db.path: db for db in databases}
    found = hits(databases, request.query, request.filters(), snippets=False)
    return [_match(by_path[hit.database], hit) for hit in found]


def facets(found: Sequence[Match]) -> Facets:
    counted = Facets()
    for match in found:
        counted.add(match)
    return counted


def page_of_hits(databases: Sequence[Database], request: Request) -> list[Hit]:
    """The hits of the page asked for, with their snippets."""
    start = (request.page - 1) * PAGE_SIZE
    found = hits(databases, request.query, request.filters())
    return list(islice(found, start, start + PAGE_SIZE))
