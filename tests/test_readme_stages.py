"""The README's table of stages names every folder of the package."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_in_the_table_of_stages() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("| stage | folder | what it does |", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r"`jambicrawl/(\w+)/`", table))
    folders = {p.parent.name for p in (ROOT / "jambicrawl").glob("*/__init__.py")}
    assert folders - listed == set()


def test_every_top_level_module_is_in_the_table_of_modules() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("| module | what it holds |", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r"`jambicrawl/(\w+)\.py`", table))
    modules = {p.stem for p in (ROOT / "jambicrawl").glob("*.py")} - {"__init__", "__main__"}
    assert modules - listed == set()
