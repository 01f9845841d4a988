"""The battery's shared crawls: the history once per session, the control run and each
variant's run once per session, whichever tests ask for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.ops.battery.crawls import Outcome, build_history, run_variant

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path


@pytest.fixture(scope="session")
def battery_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = tmp_path_factory.mktemp("battery") / "history"
    crawls: list[subprocess.CompletedProcess[str]] = build_history(archive)
    for done in crawls:
        assert done.returncode == 0, done.stderr[-3000:]
        assert "ALARM" not in done.stderr, done.stderr[-3000:]
    return archive


@pytest.fixture(scope="session")
def control(battery_history: Path, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """The same crawl with no redesign: what every Article holds when the site is right."""
    return run_variant(battery_history, tmp_path_factory.mktemp("control"))


@pytest.fixture(scope="session")
def variant(
    request: pytest.FixtureRequest,
    battery_history: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[str, str, Outcome]:
    """``(site, kind, outcome)``: the crawl with ``site``'s article pages redesigned."""
    site, kind = request.param
    workdir = tmp_path_factory.mktemp(f"{site}-{kind}")
    return site, kind, run_variant(battery_history, workdir, "--redesign", f"{site}={kind}")
