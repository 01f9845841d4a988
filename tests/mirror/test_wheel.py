"""The wheel carries the page fixtures (``tests/fixtures/``, as ``jambicrawl/mirror/pages/``):
installed away from the source tree, the mirror reads them from the package, and the README's
``jambicrawl demo`` runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from jambicrawl.mirror import build_catalogue
from jambicrawl.mirror.fixtures import FIXTURES_ENV, packaged_pages
from jambicrawl.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]

#: Run in the installed copy: where the package and its pages are, and the cases it serves.
CATALOGUE = """
import json, jambicrawl
from jambicrawl.mirror import build_catalogue
from jambicrawl.mirror.fixtures import fixtures_folder
entries = build_catalogue(0).articles
print(json.dumps({
    "package": jambicrawl.__file__,
    "pages": str(fixtures_folder()),
    "cases": [str(e.case) for e in entries if e.case is not None],
}))
"""


def _pip(*args: str) -> None:
    # Offline, the project's setuptools: nothing is fetched.
    command = [sys.executable, "-m", "pip", *args, "-q", "--no-deps", "--no-index"]
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def _wheel(tmp_path: Path) -> Path:
    """A wheel built from a copy of the sources: a build in the checkout leaves build/ and
    egg-info there, whose leftovers a later wheel would carry whatever pyproject.toml says."""
    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "jambicrawl", source / "jambicrawl", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "tests" / "fixtures", source / "tests" / "fixtures")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    _pip("wheel", "--no-build-isolation", str(source), "-w", str(tmp_path / "dist"))
    (wheel,) = (tmp_path / "dist").glob("jambicrawl-*.whl")
    return wheel


def _installed_env(site: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != FIXTURES_ENV}
    # Ahead of the checkout (an editable install's finder comes after the path).
    return {**env, "PYTHONPATH": str(site)}


def test_an_installed_wheel_serves_and_demos_from_its_own_pages(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    pages = packaged_pages()
    assert pages == ROOT / "tests" / "fixtures"  # the checkout's: no copy inside the package
    files = {f"jambicrawl/mirror/pages/{p.relative_to(pages).as_posix()}" for p in pages.rglob("*")
             if p.is_file()}  # fmt: skip
    assert len(files) > 100
    with zipfile.ZipFile(wheel) as archive:
        assert files <= set(archive.namelist())

    site = tmp_path / "site"
    _pip("install", "--target", str(site), str(wheel))
    run = tmp_path / "run"  # no package here: the installed one is imported
    run.mkdir()
    env = _installed_env(site)
    done = subprocess.run(
        [sys.executable, "-c", CATALOGUE],
        capture_output=True,
        text=True,
        env=env,
        cwd=run,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    installed = json.loads(done.stdout)
    assert Path(installed["package"]).is_relative_to(site)
    installed_pages = site / "jambicrawl" / "mirror" / "pages"
    assert Path(installed["pages"]) == installed_pages
    # The same cases as the checkout's mirror serves, read from the installed copy.
    here = [e.case.relative_to(pages) for e in build_catalogue(0).articles if e.case]
    there = [Path(case).relative_to(installed_pages) for case in installed["cases"]]
    assert here and sorted(there) == sorted(here)

    demo = subprocess.run(
        [sys.executable, "-m", "jambicrawl", "demo", "--archive", str(run / "archive")],
        capture_output=True,
        text=True,
        env=env,
        cwd=run,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stderr[-2000:]
    total = re.search(r"^total +(\d+) ", demo.stdout, re.MULTILINE)
    assert total, demo.stdout
    assert int(total[1]) == 10 * len(load_registry())  # the demo's 10 articles per site
    assert list((run / "archive").glob("*.warc.gz"))


def test_the_wheel_lists_every_package() -> None:
    """pyproject.toml names the packages (to map the fixtures in): none may be left out."""
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "jambicrawl").rglob("__init__.py")
    }
    assert set(listed["packages"]) == found | {"jambicrawl.mirror.pages"}
    assert listed["package-dir"] == {"jambicrawl.mirror.pages": "tests/fixtures"}
