"""Article URLs of a site's shape, made from one of its fixture URLs.

A fixture URL is cut into literal text and the parts that identify the article: the slug,
a numeric id (``/read/652187/...``, ``/ekonomi-bisnis/2051294/...``) and a date path
(``/2022/09/05/``, WordPress ``/2026/05/``). A generated article keeps the literal text and gets
its own slug, id and date, so ``/artikel-{slug}.html`` stays ``/artikel-...html``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jambicrawl.errors import JambicrawlError
from jambicrawl.mirror.words import slugify

if TYPE_CHECKING:
    from datetime import datetime

_SLUG_RUN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_DATE_PATH = re.compile(r"/((?:19|20)\d{2})/(\d{2})/(?:(\d{2})/)?")
_ID = re.compile(r"(?<=/)\d{5,}(?=/|$)")


class ShapeError(JambicrawlError, ValueError):
    """A fixture URL in which no slug can be found."""


def _old_slug(path: str, title: str) -> tuple[int, int]:
    """Where the slug sits in ``path``: the title's slug when the path holds it (so that
    ``artikel-`` and ``.html`` around it stay), else the longest hyphenated run."""
    for candidate in (slugify(title), slugify(title.replace(".", "").replace(",", ""))):
        at = path.find(candidate) if candidate else -1
        if at >= 0:
            return at, at + len(candidate)
    runs = list(_SLUG_RUN.finditer(path))
    if not runs:
        raise ShapeError(f"no slug in {path!r}")
    longest = max(runs, key=lambda m: len(m[0]))
    return longest.start(), longest.end()


@dataclass(frozen=True, slots=True)
class UrlShape:
    """The URL of a fixture article with its identifying parts marked."""

    origin: str  # "https://host"
    #: The path as literal text and fields: "slug", "id", "Y", "m", "d".
    parts: tuple[tuple[str, str], ...]
    old_slug: str
    old_id: str | None
    old_path: str

    @classmethod
    def from_url(cls, url: str, title: str) -> UrlShape:
        split = urlsplit(url)
        path = split.path
        spans: list[tuple[int, int, str]] = []
        start, end = _old_slug(path, title)
        spans.append((start, end, "slug"))

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e, _ in spans)

        if (date := _DATE_PATH.search(path)) and free(date.start(), date.end()):
            for group, field in zip((1, 2, 3), "Ymd", strict=True):
                if date[group] is not None:
                    spans.append((date.start(group), date.end(group), field))
        old_id = None
        for found in _ID.finditer(path):
            if free(found.start(), found.end()):
                spans.append((found.start(), found.end(), "id"))
                old_id = found[0]
                break
        parts: list[tuple[str, str]] = []
        at = 0
        for s, e, field in sorted(spans):
            parts += [("", path[at:s]), (field, path[s:e])]
            at = e
        parts.append(("", path[at:]))
        return cls(f"{split.scheme}://{split.netloc}", tuple(parts), path[start:end], old_id, path)

    def id_width(self) -> int:
        return len(self.old_id) if self.old_id else 0

    def path_for(self, slug: str, article_id: int, when: datetime) -> str:
        """The path of another article of this shape."""
        values = {
            "slug": slug,
            "id": f"{article_id:0{self.id_width()}d}",
            "Y": f"{when.year:04d}",
            "m": f"{when.month:02d}",
            "d": f"{when.day:02d}",
        }
        return "".join(values[field] if field else text for field, text in self.parts)

    def url_for(self, slug: str, article_id: int, when: datetime) -> str:
        return self.origin + self.path_for(slug, article_id, when)
