"""Fixtures shared by the test packages, the two tiers of the suite, and the signal
dispositions every process a test starts inherits."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.scale.workers import WorkerArchives, build


@pytest.fixture(scope="session")
def worker_archives(tmp_path_factory: pytest.TempPathFactory) -> WorkerArchives:
    """The archive folders of workers of a shared crawl, and one of a crawl on its own
    (``tests/scale/workers.py``); the index, wacz and stats tests read them together."""
    return build(tmp_path_factory.mktemp("workers"))


#: Test files and folders that start real crawls, servers, browsers or other programs at
#: length: the full suite's (``python -m pytest --full``, which CI runs). The default run
#: leaves them out, to give a result within minutes on a 2-core machine.
SLOW = (
    "tests/crawl/",
    "tests/archive/",
    "tests/scale/",
    "tests/ops/",
    "tests/schedule/",
    "tests/mirror/test_wheel.py",
    "tests/test_doc_commands.py",
)
ROOT = Path(__file__).resolve().parent.parent
_LEFT_OUT = pytest.StashKey[int]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--full",
        action="store_true",
        help="run the slow tier too: real crawls, servers, browsers (what CI runs)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # A parent that ignores SIGINT or SIGTERM (nohup, a script, a CI runner) hands that on
    # to every process a test starts, and a test that stops a crawl with a signal would
    # wait for nothing: the processes of the suite get the default dispositions.
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) is signal.SIG_IGN:
            handler = signal.default_int_handler if number == signal.SIGINT else signal.SIG_DFL
            signal.signal(number, handler)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    slow = []
    for item in items:
        if item.path.relative_to(ROOT).as_posix().startswith(SLOW):
            item.add_marker(pytest.mark.slow)
            slow.append(item)
    # Named test files or folders run as named; so does a run that selects by marker.
    named = [arg for arg in config.option.file_or_dir or [] if arg.rstrip("/") != "tests"]
    if config.getoption("--full") or config.getoption("markexpr") or named:
        return
    config.hook.pytest_deselected(items=slow)
    left_out = set(slow)
    items[:] = [item for item in items if item not in left_out]
    config.stash[_LEFT_OUT] = len(slow)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    left_out = terminalreporter.config.stash.get(_LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(
            f"{left_out} slow tests (real crawls, servers, browsers) left out: "
            "python -m pytest --full runs them too"
        )
