"""``-s NAME=VALUE`` overrides checked before any crawler starts.

Scrapy converts a setting's text when a component reads it, deep inside a running crawl, so
``-s CONCURRENT_REQUESTS_PER_DOMAIN=abc`` would end in a traceback. A setting whose default
(jambicrawl's, else Scrapy's) is a number or a boolean must be one here. And Scrapy takes any
name, so ``-s CONCURENT_REQUESTS=4`` would change nothing without a word: a name must be one
of Scrapy's default settings, of ``jambicrawl/settings.py``, or Spidermon's (``SPIDERMON_*``).
"""

from __future__ import annotations

import ast
import importlib.util
import operator
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl import settings as project_settings
from jambicrawl.errors import CommandError, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Iterable

#: What Scrapy's ``getbool`` accepts besides whole numbers.
_BOOLEAN_WORDS = ("True", "true", "False", "false")
#: Settings with a whole-number default that Scrapy reads as a float (``getfloat``).
_READ_AS_FLOAT = frozenset({"DNS_TIMEOUT", "DOWNLOAD_DELAY", "DOWNLOAD_TIMEOUT"})
#: Settings of add-ons that declare no defaults of their own in a module we could read.
_KNOWN_PREFIXES = ("SPIDERMON_",)
#: The default of a setting whose value is not a literal (a class, a path): no type to check.
_ANY = object()


def _scrapy_defaults() -> dict[str, object]:
    """Scrapy's default settings (``_ANY`` for those that are no plain value), read from its
    ``default_settings.py`` as source: importing that module imports the ``scrapy`` package
    (its ``USER_AGENT`` names Scrapy's version), Twisted and 40 MB with them, in a process (a
    crawl's main process, which checks ``-s`` and waits for its workers) that needs none of
    them."""
    spec = importlib.util.find_spec("scrapy")
    assert spec is not None and spec.origin is not None, "Scrapy is a dependency"
    path = Path(spec.origin).parent / "settings" / "default_settings.py"
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text("utf-8")).body:
        target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and target.id.isupper() and value is not None:
            values[target.id] = _ANY  # anything but a literal: no type to check
            with suppress(ValueError, TypeError, SyntaxError, RecursionError):
                values[target.id] = _constant(value)
    return values


#: The arithmetic Scrapy's sizes are written with (``1024 * 1024 * 1024``).
_ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}


def _constant(node: ast.expr) -> object:
    """A literal, or whole-number arithmetic of literals; ValueError for anything else."""
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        left, right = _constant(node.left), _constant(node.right)
        if isinstance(left, int) and isinstance(right, int):
            return _ARITHMETIC[type(node.op)](left, right)
        raise ValueError("not whole numbers")
    return ast.literal_eval(node)


@cache
def _defaults() -> dict[str, object]:
    values = _scrapy_defaults()
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


def _unknown(name: str, defaults: dict[str, object]) -> str | None:
    """What is wrong with a setting's name; None for a known one."""
    if name in defaults or name.startswith(_KNOWN_PREFIXES):
        return None
    return f"unknown setting{did_you_mean(name, defaults)}"


def setting_problem(name: str, value: str) -> str | None:
    """What is wrong with the setting ``name=value``, in one line (``NAME: unknown setting``,
    ``NAME=VALUE: expected a whole number``); None when a crawl can take it."""
    defaults = _defaults()
    unknown = _unknown(name, defaults)
    if unknown:
        return f"{name}: {unknown}"
    problem = _problem(name, value, defaults.get(name))
    return f"{name}={value}: {problem}" if problem else None


def checked_settings(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The overrides as a dict; a one-line :class:`CommandError` for an unknown name or a
    value of the wrong kind."""
    checked = {}
    for name, value in pairs:
        problem = setting_problem(name, value)
        if problem:
            raise CommandError(f"-s {problem}")
        checked[name] = value
    return checked
