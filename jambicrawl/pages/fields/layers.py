"""Layers and fields: which layer each field is read from, and how a field says where its
value came from.

A field group (headline, people, body, media, taxonomy) is a class whose Article fields are
methods marked :class:`field`, as web-poet's page objects mark theirs; :func:`fields_of`
lists them and the article page object assembles the Article from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from jambicrawl.normalize.text import unique

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from jambicrawl.items import Layer

T = TypeVar("T")

#: For each field, the layers tried in order; a layer a field does not list is never asked.
#: Body and tags put the page's own markup first: JSON-LD ``articleBody`` is often cut short
#: and ``keywords`` are stuffed for search engines, while the visible tags are what readers
#: (and researchers) see. For images the order picks the lead image; the body's follow it.
#: A date the page does not give comes from the entry that led to the article, else from
#: the URL path (the day alone); both also check the page's date (pages/fields/dating.py).
LAYER_ORDER: dict[str, tuple[Layer, ...]] = {
    "title": ("jsonld", "meta", "site", "generic"),
    "subtitle": ("site",),
    "date_published": ("jsonld", "meta", "site", "generic", "discovery", "url"),
    "date_modified": ("jsonld", "meta"),
    "authors": ("jsonld", "site", "meta", "generic"),
    "editors": ("jsonld", "site", "generic"),
    "category": ("jsonld", "site", "meta", "generic"),
    "tags": ("site", "jsonld", "meta", "generic"),
    "body": ("site", "generic", "jsonld"),
    "images": ("jsonld", "meta", "site", "generic"),
    "language": ("jsonld", "meta", "generic"),
}


@dataclass(slots=True)
class Found(Generic[T]):
    """A field value and the layer it came from."""

    value: T
    layer: Layer


def pick(name: str, candidates: Mapping[Layer, Callable[[], Found[T] | None]]) -> Found[T] | None:
    """The value of field ``name`` from the first layer of ``LAYER_ORDER[name]`` that has
    one; a layer the field does not list is never asked."""
    for layer in LAYER_ORDER[name]:
        candidate = candidates.get(layer)
        found = candidate() if candidate is not None else None
        if found is not None:
            return found
    return None


def names(values: list[str], layer: Layer) -> Found[list[str]] | None:
    """``values`` in order, each once; None when there are none."""
    found = unique(values)
    return Found(found, layer) if found else None


def first(*candidates: Callable[[], Found[T] | None]) -> Found[T] | None:
    """The first candidate that finds a value."""
    for candidate in candidates:
        found = candidate()
        if found is not None:
            return found
    return None


class field(cached_property[T]):  # noqa: N801 - a decorator, named as web-poet's
    """An Article field of a field group: computed once, a :class:`Found` or None; the
    Article attribute of the same name takes its value, ``Article.sources`` its layer."""


def fields_of(group: type) -> tuple[str, ...]:
    """The names of the :class:`field` methods of a field group class."""
    return tuple(
        name
        for klass in reversed(group.__mro__)
        for name, value in vars(klass).items()
        if isinstance(value, field)
    )


def found_field(group: Any, name: str) -> Found[Any] | None:
    """The value of field ``name`` of ``group`` (a :class:`Found` or None)."""
    value = getattr(group, name)
    return value if isinstance(value, Found) else None
