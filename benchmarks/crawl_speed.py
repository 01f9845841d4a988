"""Crawl speed against a bare Scrapy spider, and the full crawl's peak memory, in one run.

    python -m benchmarks.crawl_speed                        # 2,000 articles per site
    python -m benchmarks.crawl_speed --articles-per-site 200  # a quick run
    python -m benchmarks.crawl_speed --keep /tmp/bench      # keep archive, logs, stats

Starts the offline mirror (``jambicrawl mirror``) as a process of its own, then crawls it
twice, each crawl a subprocess:

1. the full crawl, ``jambicrawl crawl all --mirror URL --archive TMP`` (discovery,
   extraction, state database, JSON Lines, WARC capture, JOBDIR queues);
2. ``scrapy runspider benchmarks/bare_spider.py``: the same start URLs, the same links
   followed, the same fetching settings (those of ``jambicrawl.settings`` with the overrides
   ``jambicrawl.crawling.run`` applies to mirror crawls), and nothing else.

Pages are the crawls' ``response_received_count`` stats; seconds are each subprocess's wall
time, start-up included. Prints, for both: pages, seconds, pages/s, CPU milliseconds a page
(all threads and worker processes: steadier than pages/s on a busy machine), peak RSS and
the mirror's CPU seconds meanwhile; then the ratio full / bare pages/s (target: at least
0.7), the ratio full / bare CPU ms a page (target: at most 2.5, floor 3) and the full
crawl's peak RSS (target: under 400 MB): the larger of the kernel's ``ru_maxrss`` and the
sampled sum over the crawl's process tree.

The bare spider gets the full crawl's values of ``FETCH_SETTINGS`` (concurrency, throttling,
robots.txt, headers, retries) and Scrapy's defaults for everything else. Run it on an idle
machine: both crawls are CPU-bound, so other load moves the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.settings import Settings

from jambicrawl.crawling.options import CrawlOptions
from jambicrawl.crawling.process import project_settings
from jambicrawl.mirror.urls import to_mirror
from jambicrawl.registry import load_registry
from jambicrawl.useragent import user_agent

if TYPE_CHECKING:
    from collections.abc import Callable

MIN_RATIO = 0.7
#: CPU per page of the full crawl against the bare spider's: the target, and the floor.
MAX_CPU_RATIO, CPU_FLOOR = 2.5, 3.0
MAX_RSS_MB = 400.0
BARE_SPIDER = Path(__file__).with_name("bare_spider.py")

#: What decides how a crawl fetches; the bare spider gets the full crawl's values of these.
#: Not SCHEDULER_PRIORITY_QUEUE: jambicrawl runs a crawler per site and sets a queue that
#: ignores download slots, which would starve the bare spider's one crawler of all sites
#: (it keeps Scrapy's default, the queue that spreads requests over the slots).
FETCH_SETTINGS = (
    "TWISTED_REACTOR", "ROBOTSTXT_OBEY", "USER_AGENT", "DEFAULT_REQUEST_HEADERS",
    "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "CONCURRENT_ITEMS",
    "DOWNLOAD_DELAY", "DOWNLOAD_DELAY_JITTER", "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "RETRY_TIMES", "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE",
    "REDIRECT_MAX_TIMES", "LOG_LEVEL",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Run:
    """One finished crawl."""

    name: str
    pages: int
    seconds: float
    #: User and system CPU time of the crawl: all its threads, and its worker processes.
    cpu_seconds: float
    peak_rss_mb: float
    #: CPU time the mirror spent while this crawl ran (it competes for the same cores).
    mirror_cpu_seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_seconds / self.pages if self.pages else 0.0


class BenchmarkError(RuntimeError):
    """A crawl or the mirror failed; the message says where its log is."""


# --- the mirror ---------------------------------------------------------------------------


def start_mirror(articles_per_site: int) -> tuple[subprocess.Popen[str], str]:
    """``jambicrawl mirror`` in its own process, and its base URL once it serves."""
    command = [sys.executable, "-m", "jambicrawl", "mirror", "--port", "0"]
    command += ["--articles-per-site", str(articles_per_site)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("http://"):
        stop_mirror(process)
        raise BenchmarkError(f"the mirror did not start: {line!r}")
    return process, line.split()[0]


def stop_mirror(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


def cpu_seconds_of(pid: int) -> float:
    """User and system CPU time of a running process so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # Fields 14 and 15 of stat(5) (utime, stime), counted after the ")" of the name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- running a crawl ----------------------------------------------------------------------


class TreeMemory(threading.Thread):
    """Samples the summed RSS of a process and all its descendants (Linux ``/proc``), so a
    crawl that hands work to other processes is measured whole; ``peak_mb`` is the highest
    sum seen."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(name="tree-memory", daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_mb = 0.0
        self._stop_event = threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE")

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.peak_mb = max(self.peak_mb, self.sample_mb())

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def sample_mb(self) -> float:
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # exited meanwhile
            parents[int(stat.parent.name)] = int(fields[1])
        tree, grew = {self.pid}, True
        while grew:
            found = {pid for pid, ppid in parents.items() if ppid in tree} - tree
            tree |= found
            grew = bool(found)
        pages = 0
        for pid in tree:
            try:
                pages += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            except (OSError, IndexError):
                continue
        return pages * self._page / 2**20


@dataclass(frozen=True, slots=True)
class Usage:
    status: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float


def timed(command: list[str], log: Path, env: dict[str, str] | None = None) -> Usage:
    """Run ``command`` with its output in ``log``; its exit status, wall time, CPU time and
    peak RSS.

    CPU time is the kernel's accounting of this one child and the processes it waited for
    (``wait4``), so neither the mirror nor the other crawl counts. The peak RSS is the larger
    of the kernel's ``ru_maxrss`` (the largest single process) and the sampled peak of the
    process tree's summed RSS.
    """
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        memory = TreeMemory(process.pid)
        memory.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            memory.stop()
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    peak = max(usage.ru_maxrss / 1024, memory.peak_mb)  # ru_maxrss is in KiB on Linux
    return Usage(process.returncode, seconds, cpu, peak)


def run_full(mirror: str, work: Path) -> Run:
    archive = work / "archive"
    command = [sys.executable, "-m", "jambicrawl", "crawl", "all"]
    command += ["--mirror", mirror, "--archive", str(archive)]
    log = work / "full.log"
    usage = timed(command, log)
    if usage.status != 0:
        raise BenchmarkError(f"the full crawl exited with {usage.status}: see {log}")
    stats = [json.loads(p.read_text("utf-8")) for p in sorted((archive / "stats").glob("*.json"))]
    pages = sum(int(s.get("response_received_count", 0)) for s in stats)
    return Run("full crawl", pages, usage.seconds, usage.cpu_seconds, usage.peak_rss_mb)


def bare_config(mirror: str, work: Path) -> dict[str, Any]:
    """What the bare spider starts from and fetches with: the sites' discovery URLs on the
    mirror, and the full crawl's fetching settings."""
    settings = Settings()
    settings.setmodule("jambicrawl.settings", priority="project")
    options = CrawlOptions(archive=work / "unused", mirror=mirror)
    settings.setdict(project_settings(options), priority="cmdline")
    values = settings.copy_to_dict()  # nested settings (request headers) as plain dicts
    values["USER_AGENT"] = user_agent(settings)  # what the crawl's add-on sets
    sites = []
    for site in load_registry():
        d = site.discovery

        def url(path: str, base: str = site.base_url) -> str:
            return to_mirror(path if path.startswith("http") else base + path, mirror)

        sites.append(
            {
                "key": site.key,
                "robots": url("/robots.txt") if d.robots else None,
                "sitemaps": [url(p) for p in d.sitemaps],
                "feeds": [url(p) for p in d.feeds],
                "listings": [url(p) for p in d.listings],
                "article_pattern": site.article_pattern,
            }
        )
    return {
        "mirror": mirror,
        "listing_max_pages": settings.getint("JAMBICRAWL_LISTING_MAX_PAGES", 200),
        "settings": {name: values[name] for name in FETCH_SETTINGS if name in values},
        "sites": sites,
    }


def run_bare(mirror: str, work: Path) -> Run:
    config, stats = work / "bare-config.json", work / "bare-stats.json"
    if not config.exists():
        config.write_text(json.dumps(bare_config(mirror, work), indent=1), "utf-8")
    command = [sys.executable, "-m", "scrapy", "runspider", str(BARE_SPIDER)]
    command += ["-a", f"config={config}", "-a", f"stats={stats}"]
    log = work / "bare.log"
    # Outside any Scrapy project (the work folder has no scrapy.cfg): the bare spider gets
    # Scrapy's defaults and the settings of its config, not jambicrawl's pipelines.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    usage = timed(command, log, env)
    if usage.status != 0 or not stats.exists():
        raise BenchmarkError(f"the bare spider exited with {usage.status}: see {log}")
    pages = int(json.loads(stats.read_text("utf-8")).get("response_received_count", 0))
    return Run("bare spider", pages, usage.seconds, usage.cpu_seconds, usage.peak_rss_mb)


def with_mirror_cpu(mirror_pid: int, crawl: Callable[[str, Path], Run], *args: Any) -> Run:
    before = cpu_seconds_of(mirror_pid)
    run = crawl(*args)
    return replace(run, mirror_cpu_seconds=cpu_seconds_of(mirror_pid) - before)


# --- report -------------------------------------------------------------------------------


def report(full: Run, bare: Run) -> str:
    rows = [
        f"{'crawl':12s} {'pages':>7s} {'seconds':>8s} {'pages/s':>8s} {'CPU ms/page':>11s} "
        f"{'peak RSS MB':>11s} {'mirror CPU s':>12s}"
    ]
    rows += [
        f"{r.name:12s} {r.pages:7d} {r.seconds:8.1f} {r.pages_per_second:8.1f} "
        f"{r.cpu_ms_per_page:11.1f} {r.peak_rss_mb:11.0f} {r.mirror_cpu_seconds:12.1f}"
        for r in (full, bare)
    ]
    ratio = full.pages_per_second / bare.pages_per_second if bare.pages_per_second else 0.0
    speed = "ok" if ratio >= MIN_RATIO else "MISSED"
    memory = "ok" if full.peak_rss_mb < MAX_RSS_MB else "MISSED"
    rows.append(f"ratio full/bare pages/s: {ratio:.2f} (target >= {MIN_RATIO}: {speed})")
    cpu = full.cpu_ms_per_page / bare.cpu_ms_per_page if bare.cpu_ms_per_page else 0.0
    cpu_verdict = "ok" if cpu <= MAX_CPU_RATIO else "MISSED"
    if cpu_verdict == "MISSED" and cpu <= CPU_FLOOR:
        cpu_verdict = f"MISSED, floor {CPU_FLOOR:g} met"
    rows.append(
        f"ratio full/bare CPU ms/page: {cpu:.2f} (target <= {MAX_CPU_RATIO}: {cpu_verdict})"
    )
    rows.append(
        f"full crawl peak RSS: {full.peak_rss_mb:.0f} MB (target < {MAX_RSS_MB:.0f} MB: {memory})"
    )
    if bare.pages and abs(full.pages - bare.pages) > 0.02 * bare.pages:
        rows.append(
            f"note: the crawls fetched different page counts ({full.pages} vs {bare.pages})"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles-per-site",
        type=int,
        default=2000,
        metavar="N",
        help="articles the mirror serves per site (default: 2000, the issue's size)",
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="work in DIR and keep it (default: a temp dir)"
    )
    args = parser.parse_args(argv)
    if args.articles_per_site < 1:
        parser.error("--articles-per-site must be 1 or more")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    work = (args.keep or Path(tempfile.mkdtemp(prefix="crawl-speed-"))).resolve()
    # Run from the work folder: the scrapy.cfg of a checkout must not apply to the bare
    # spider (the full crawl sets its own settings module).
    os.chdir(work)
    try:
        mirror, url = start_mirror(args.articles_per_site)
        try:
            print(f"mirror {url}: {args.articles_per_site} articles per site", flush=True)
            full = with_mirror_cpu(mirror.pid, run_full, url, work)
            bare = with_mirror_cpu(mirror.pid, run_bare, url, work)
        finally:
            stop_mirror(mirror)
    except BenchmarkError as exc:
        print(f"crawl_speed: {exc}", file=sys.stderr)
        return 1  # the work folder stays, with the logs
    print(report(full, bare))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
