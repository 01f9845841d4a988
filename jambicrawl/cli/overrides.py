"""``-s NAME=VALUE`` overrides checked before any crawler starts.

Scrapy converts a setting's text when a component reads it, deep inside a running crawl, so
``-s CONCURRENT_REQUESTS_PER_DOMAIN=abc`` would end in a traceback. A setting whose default
(jambicrawl's, else Scrapy's) is a number or a boolean must be one here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.settings import default_settings

from jambicrawl import settings as project_settings
from jambicrawl.cli.common import CommandError

if TYPE_CHECKING:
    from collections.abc import Iterable

#: What Scrapy's ``getbool`` accepts besides whole numbers.
_BOOLEAN_WORDS = ("True", "true", "False", "false")
#: Settings with a whole-number default that Scrapy reads as a float (``getfloat``).
_READ_AS_FLOAT = frozenset({"DNS_TIMEOUT", "DOWNLOAD_DELAY", "DOWNLOAD_TIMEOUT"})


def _defaults() -> dict[str, object]:
    values = {k: v for k, v in vars(default_settings).items() if k.isupper()}
    values.update({k: v for k, v in vars(project_settings).items() if k.isupper()})
    return values


def _number(value: str, kind: type[int] | type[float]) -> bool:
    try:
        kind(value)
    except ValueError:
        return False
    return True


def _problem(name: str, value: str, default: object) -> str | None:
    """What is wrong with ``value`` for a setting of that default; None when it will do."""
    if isinstance(default, bool):
        if value in _BOOLEAN_WORDS or _number(value, int):
            return None
        return "expected true or false (or 1 or 0)"
    if isinstance(default, int) and name not in _READ_AS_FLOAT:
        return None if _number(value, int) else "expected a whole number"
    if isinstance(default, int | float):
        return None if _number(value, float) else "expected a number"
    return None


def checked_settings(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The overrides as a dict; a one-line :class:`CommandError` for a value of the wrong
    kind."""
    defaults = _defaults()
    checked = {}
    for name, value in pairs:
        problem = _problem(name, value, defaults.get(name))
        if problem:
            raise CommandError(f"-s {name}={value}: {problem}")
        checked[name] = value
    return checked
