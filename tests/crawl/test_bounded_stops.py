"""Stops and stalls end in bounded time, even when a server accepts and never answers.

Real crawls in real processes, of the polite test site (``polite_server.py``) answering
never (from its first request, robots.txt: a stop at the crawl's start) or holding or
trickling its article (a stop in the middle of the crawl), with one worker and with two.
The moments are the server's output lines; the only timing asserted is the bound itself,
with a generous margin: the crawl must have ended by then.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from jambicrawl.crawling.stopping import StopRequests, stop_timeout
from jambicrawl.errors import CommandError
from tests.archive.warcs import open_paths, read_warc, warc_paths
from tests.crawl.polite_process import DEFAULT_SIGNALS, PoliteServer, sites_file

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

#: The stop timeout of these crawls, and what the end of the crawl after it may take on a
#: busy 2-core machine (writing the stats and the summary included).
STOP_TIMEOUT = 3
MARGIN = 60
#: Downloads that would outlast every wait of the tests: no timeout ends them.
NO_DOWNLOAD_TIMEOUT = ("-s", "DOWNLOAD_TIMEOUT=3600", "-s", "RETRY_ENABLED=False")
SITES = ("polos", "rapi")


@dataclass
class Crawl:
    process: subprocess.Popen[bytes]
    archive: Path
    out: Path
    err: Path

    def ended(self, within: float) -> int:
        """Its exit status; fails if it has not ended within ``within`` seconds."""
        try:
            return self.process.wait(timeout=within)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the crawl still runs {within:.0f} s later")

    def stats(self) -> dict[str, dict[str, Any]]:
        return {
            path.name.split("-")[0]: json.loads(path.read_text("utf-8"))
            for path in (self.archive / "stats").glob("*.json")
        }


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Any]:
    """``start(mode, workers, *settings)``: one server per site answering as ``mode`` says
    and a crawl of its sites, both ended at the test's end whatever happened."""
    servers: list[PoliteServer] = []
    crawls: list[Crawl] = []

    def run(mode: str, workers: int, *settings: str) -> tuple[Crawl, list[PoliteServer]]:
        servers.extend(PoliteServer.start(mode) for _ in range(workers))
        sites = sites_file(tmp_path / "sites.toml", zip(SITES, servers, strict=False))
        archive = tmp_path / "archive"
        command = [*DEFAULT_SIGNALS, sys.executable, "-m", "jambicrawl", "crawl",
                   *SITES[:workers], "--sites-file", str(sites), "--archive", str(archive),
                   "--workers", str(workers), "-s", "AUTOTHROTTLE_ENABLED=False",
                   *NO_DOWNLOAD_TIMEOUT, *settings]  # fmt: skip
        out, err = tmp_path / "crawl.out", tmp_path / "crawl.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        crawls.append(Crawl(process, archive, out, err))
        return crawls[-1], servers

    yield run
    for crawl in crawls:
        if crawl.process.poll() is None:
            crawl.process.kill()
            crawl.process.wait()
    for server in servers:
        server.stop()


#: Where the stop comes: the server's line that says a download of the crawl is in flight.
MOMENTS = {
    "never answers, stop at the start": ("never", "silent /robots.txt"),
    "holds the article, stop mid-crawl": ("held", "held"),
    "trickles the article, stop mid-crawl": ("trickle", "trickle /news/"),
}
#: One worker stopped by SIGTERM (systemd, docker), two by SIGINT (Ctrl-C).
STOPS = [(1, signal.SIGTERM, 143), (2, signal.SIGINT, 130)]


@pytest.mark.parametrize(("workers", "stop", "status"), STOPS)
@pytest.mark.parametrize("moment", MOMENTS)
def test_a_stop_ends_within_its_timeout_cancelling_the_downloads_in_flight(
    start: Any, moment: str, workers: int, stop: int, status: int
) -> None:
    mode, line = MOMENTS[moment]
    crawl, servers = start(mode, workers, "-s", f"JAMBICRAWL_STOP_TIMEOUT={STOP_TIMEOUT}")
    for server in servers:  # each worker's site has a download in flight
        server.next(line, crawl.process)
    crawl.process.send_signal(stop)
    assert crawl.ended(within=STOP_TIMEOUT + MARGIN) == status
    err, out = crawl.err.read_text("utf-8"), crawl.out.read_text("utf-8")
    assert "Traceback" not in err
    assert "Stopping at once: the graceful stop took longer than JAMBICRAWL_STOP_TIMEOUT" in err
    stats = crawl.stats()
    assert set(stats) == set(SITES[:workers])
    for site, values in stats.items():
        assert values["finish_reason"] == "shutdown", site
        assert values["jambicrawl/stop/cancelled_downloads"] >= 1, site
        assert f"{site}: " in out and "cancelled unanswered" in out
    # The WARC files are closed, with what was fetched before the stop.
    assert not open_paths(crawl.archive)
    archived = {r.uri for path in warc_paths(crawl.archive) for r in read_warc(path).records}
    if mode != "never":
        for server in servers:
            assert f"http://127.0.0.1:{server.port}/list" in archived


@pytest.mark.parametrize("mode", ["never", "trickle"])
def test_the_watchdog_stops_a_crawl_whose_downloads_receive_no_byte(start: Any, mode: str) -> None:
    """A byte a minute is no movement for a watchdog looking every second."""
    crawl, _ = start(mode, 1, "-s", "JAMBICRAWL_STALL_SECONDS=1")
    assert crawl.ended(within=MARGIN) == 1
    err, out = crawl.err.read_text("utf-8"), crawl.out.read_text("utf-8")
    assert "crawl stalled" in err and "received no byte" in err
    assert "Traceback" not in err
    assert "polos: stopped (stalled)" in out
    (stats,) = crawl.stats().values()
    assert stats["finish_reason"] == "stalled"
    assert stats["jambicrawl/stop/cancelled_downloads"] >= 1
    assert not open_paths(crawl.archive)


def test_the_stop_timeout_is_read_from_the_overrides_and_a_bad_one_is_one_line() -> None:
    assert stop_timeout(None) == 30
    assert stop_timeout({"JAMBICRAWL_STOP_TIMEOUT": "2.5"}) == 2.5
    with pytest.raises(CommandError, match=r"^JAMBICRAWL_STOP_TIMEOUT=soon: expected a number"):
        stop_timeout({"JAMBICRAWL_STOP_TIMEOUT": "soon"})


def test_a_graceful_stop_older_than_its_timeout_becomes_a_stop_at_once() -> None:
    """What the main process of workers does for a worker that could not stop itself."""
    stops = StopRequests()
    stops.expire(1)
    assert not stops.now.is_set()  # nothing asked
    stops.request(signal.SIGTERM)
    assert stops.asked_at is not None
    stops.expire(0)
    stops.expire(3600)
    assert not stops.now.is_set()  # no limit, or not yet
    stops.asked_at -= 10  # asked ten seconds ago, without waiting ten seconds
    stops.expire(5)
    assert stops.now.is_set()
