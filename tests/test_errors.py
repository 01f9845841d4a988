"""One error base: every error jambicrawl reports to a person carries its exit status, and
the command line maps it to the exit in one place."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from scrapy.exceptions import IgnoreRequest

import jambicrawl
from jambicrawl.cli.main import main
from jambicrawl.errors import EXIT_BAD_INPUT, JambicrawlError

#: Modules that load the mirror or Redis only when a command needs them are imported too.
MODULES = [
    importlib.import_module(info.name)
    for info in pkgutil.walk_packages(jambicrawl.__path__, "jambicrawl.")
    if not info.name.endswith("__main__")
]


def test_every_error_class_of_the_package_is_a_jambicrawl_error() -> None:
    errors = {
        f"{module.__name__}.{name}": cls
        for module in MODULES
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Exception)
        and cls.__module__ == module.__name__
        and not name.startswith("_")
        and not issubclass(cls, IgnoreRequest)  # Scrapy's way to drop a request, no error
    }
    assert len(errors) > 10
    assert [name for name, cls in errors.items() if not issubclass(cls, JambicrawlError)] == []


def test_an_error_of_a_stage_is_one_line_and_its_status(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad sites file (the registry's error) through a command that reads it."""
    sites = tmp_path / "sites.toml"  # type: ignore[operator]
    sites.write_text('[sites.x]\nfamilly = "wordpress"\n', "utf-8")
    assert main(["sites", "--sites-file", str(sites)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "did you mean 'family'?" in err
    assert "Traceback" not in err
