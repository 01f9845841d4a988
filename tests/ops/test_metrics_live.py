"""``crawl --metrics-port``: a scrape during a crawl of two worker processes sees the page
and article counters of both sites move."""

from __future__ import annotations

import subprocess
import threading
import time
import urllib.request
from typing import TYPE_CHECKING

from prometheus_client.parser import text_string_to_metric_families

from tests.crawl.mirror_process import crawl_command, latest_stats
from tests.ops.processes import start_mirror

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

SITES = ("jambiekspres", "tribunjambi")
COUNTERS = ("jambicrawl_pages_total", "jambicrawl_articles_total")
Values = dict[tuple[str, str], float]
#: Waiting for a counter to move gives up after this long (the crawl takes ~10 s).
DEADLINE = 120.0


def scrape(url: str) -> Values:
    """``{(metric, site): value}`` of the crawl counters."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        text = answer.read().decode("utf-8")
    values = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name in COUNTERS:
                values[(sample.name, sample.labels["site"])] = sample.value
    return values


def wait_for(
    url: str, process: subprocess.Popen[str], condition: Callable[[Values], bool]
) -> Values:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        assert process.poll() is None, "the crawl ended before the counters were seen moving"
        values = scrape(url)
        if condition(values):
            return values
        time.sleep(0.1)
    raise AssertionError("the counters did not move")


def test_counters_move_during_a_crawl(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    mirror = start_mirror("--articles-per-site", "120")
    try:
        # Slowed down: one request at a time, 50 ms apart, so the crawl lasts seconds.
        command = crawl_command(mirror.url, archive, "--workers", "2", "--metrics-port", "0",
                                "-s", "DOWNLOAD_DELAY=0.05",
                                "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
                                "-s", "JAMBICRAWL_METRICS_INTERVAL=0.2")  # fmt: skip
        command[command.index("all")] = SITES[0]
        command.insert(command.index(SITES[0]) + 1, SITES[1])
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True)  # fmt: skip
        try:
            assert process.stderr is not None
            line = process.stderr.readline()
            assert line.startswith("metrics: http://127.0.0.1:"), line
            url = line.split()[1]
            rest: list[str] = []
            drain = threading.Thread(target=lambda: rest.extend(process.stderr or []))
            drain.start()

            first = wait_for(url, process, lambda v: all(
                v.get((m, s), 0) > 0 for s in SITES for m in COUNTERS))  # fmt: skip
            later = wait_for(url, process, lambda v: all(
                v[(m, s)] > first[(m, s)] for s in SITES for m in COUNTERS))  # fmt: skip
            process.wait(timeout=600)
            drain.join()
            process.stderr.close()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    finally:
        mirror.stop()
    assert process.returncode == 0, "".join(rest)[-3000:]
    stats = latest_stats(archive)
    for site in SITES:
        assert later[("jambicrawl_pages_total", site)] <= stats[site]["response_received_count"]
        assert later[("jambicrawl_articles_total", site)] <= stats[site]["item_scraped_count"]
    # The endpoint ends with the crawl.
    try:
        scrape(url)
    except OSError:
        pass
    else:
        raise AssertionError("metrics still served after the crawl")
