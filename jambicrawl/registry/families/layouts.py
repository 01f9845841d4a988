"""Layouts of a CMS family, versioned by date as sites redesign.

A family keeps every layout it ever had: ``V1`` valid until the redesign, ``V2`` after it.
The capture date of a page picks the version, so pages archived years ago still parse
after the site has changed (the way Fundus versions its parsers).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping


Selectors = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    """CSS selectors of one layout; every value is tried in order, first match wins."""

    name: str
    #: The first capture date at which this layout is no longer valid; None: still current.
    valid_until: date | None = None
    title: Selectors = ()
    subtitle: Selectors = ()
    date: Selectors = ()
    #: Elements whose text holds role-prefixed names ("Reporter : X", "Editor: Y").
    byline: Selectors = ()
    authors: Selectors = ()
    editors: Selectors = ()
    body: Selectors = ()
    #: Elements inside the body that are not article text (ads, inserts, pagers).
    body_drop: Selectors = ()
    category: Selectors = ()
    tags: Selectors = ()
    #: Caption elements, looked for near each image (a few levels up from it).
    caption: Selectors = ("figcaption", "[class*=caption]", "[class*=keterangan]")

    def overridden(self, selectors: Mapping[str, Selectors]) -> Template:
        """This template with a site's own selectors in place of the family's."""
        known = {f.name for f in fields(self)} - {"name", "valid_until"}
        changes: dict[str, Any] = {k: v for k, v in selectors.items() if k in known}
        return replace(self, **changes)


def dated_layout(layouts: tuple[Template, ...], captured_at: datetime | None) -> Template:
    """The layout of ``layouts`` (oldest first) valid at ``captured_at`` (the current one
    when unknown)."""
    if captured_at is None:
        return layouts[-1]
    day = captured_at.astimezone(UTC).date()
    for version in layouts:
        if version.valid_until is None or day < version.valid_until:
            return version
    return layouts[-1]
