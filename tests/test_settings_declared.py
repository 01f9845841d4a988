"""Every setting is declared once, with its default, in jambicrawl/settings.py: each
``JAMBICRAWL_*`` or ``WARC_*`` name the package reads or sets is declared there, and no read
repeats a default as a literal (``settings.getint("X", 200)``): it names the declaration
(``defaults.X``) or none. Environment variables (``..._ENV = "JAMBICRAWL_..."``) are no
settings. The source is parsed, so a name read in a module no test imports counts too."""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

import jambicrawl
from jambicrawl import settings
from jambicrawl.monitors.checks import Thresholds

PACKAGE = Path(jambicrawl.__file__).parent
SETTINGS_FILE = PACKAGE / "settings.py"
SETTING_NAME = re.compile(r"(JAMBICRAWL|WARC)_[A-Z0-9_]*[A-Z0-9]")
GETTERS = {"get", "getbool", "getint", "getfloat", "getlist", "getdict", "getwithbase"}


def _modules() -> list[tuple[str, ast.Module]]:
    files = sorted(p for p in PACKAGE.rglob("*.py") if p != SETTINGS_FILE)
    assert len(files) > 100, files  # the walk found the package
    return [(str(p.relative_to(PACKAGE.parent)), ast.parse(p.read_text("utf-8"))) for p in files]


def _environment_names(tree: ast.Module) -> set[str]:
    """The values of ``SOMETHING_ENV = "..."``: environment variables, not settings."""
    return {
        node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and any(isinstance(t, ast.Name) and t.id.endswith("_ENV") for t in node.targets)
    }


def _names_used() -> dict[str, set[str]]:
    """Each setting name written as a string in the package -> the modules that write it."""
    used: dict[str, set[str]] = {}
    for module, tree in _modules():
        environment = _environment_names(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and SETTING_NAME.fullmatch(node.value)
                and node.value not in environment
            ):
                used.setdefault(node.value, set()).add(module)
    return used


def test_the_walk_sees_the_settings_the_package_reads() -> None:
    used = _names_used()
    assert {"WARC_MAX_SIZE", "JAMBICRAWL_LISTING_MAX_PAGES", "JAMBICRAWL_REDIS_URL"} <= set(used)
    assert "JAMBICRAWL_RUN_ID" not in used  # an environment variable


def test_every_setting_the_package_names_is_declared_in_settings_py() -> None:
    undeclared = {
        name: sorted(modules)
        for name, modules in _names_used().items()
        if not hasattr(settings, name)
    }
    assert not undeclared, f"declare these in jambicrawl/settings.py: {undeclared}"


def test_every_monitor_threshold_is_declared_in_settings_py() -> None:
    """The monitors read ``JAMBICRAWL_MONITOR_`` + each threshold's name."""
    for threshold in fields(Thresholds):
        name = f"JAMBICRAWL_MONITOR_{threshold.name.upper()}"
        assert getattr(settings, name) == threshold.default, name


def test_no_read_repeats_a_default() -> None:
    repeated = [
        f"{module}:{node.lineno}: {ast.unparse(node)}"
        for module, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in GETTERS
        and len(node.args) == 2
        and isinstance(node.args[0], ast.Constant)
        and hasattr(settings, str(node.args[0].value))
        and isinstance(node.args[1], ast.Constant)
    ]
    assert not repeated, "read the default from jambicrawl/settings.py:\n" + "\n".join(repeated)
