"""Prometheus metrics: live counters during a crawl, and a collector over the state database.

During ``jambicrawl crawl --metrics-port P`` every crawler (in whichever worker process)
adds its stats' increments to counters every ``JAMBICRAWL_METRICS_INTERVAL`` seconds;
prometheus_client's multiprocess mode keeps them in files of a folder the processes share
(``PROMETHEUS_MULTIPROC_DIR``), and the parent process serves their sum.

prometheus_client chooses between in-memory and shared-file counters when it is first
imported, so this module imports it only inside functions: the folder must be named
before (``jambicrawl crawl`` does so, see :func:`jambicrawl.cli.crawl.metrics_server`).

:func:`state_registry` builds a registry of what the job table says (last run per site,
its figures, field coverage, runs by status), for a long-running process to serve.
"""

from __future__ import annotations

import functools
import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from jambicrawl import settings as defaults
from jambicrawl.state.jobs import COVERAGE_FIELDS, ERROR_KEYS, JobStore, when

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from prometheus_client import CollectorRegistry, Counter
    from prometheus_client.metrics_core import Metric
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

#: Crawl counters, labelled by site: (name without ``_total``, help, stats key).
STAT_COUNTERS = (
    ("jambicrawl_pages", "Pages fetched (responses received).", "response_received_count"),
    ("jambicrawl_articles", "Articles stored, new or changed.", "item_scraped_count"),
    ("jambicrawl_articles_extracted", "Articles extracted (stored or unchanged).",
     "extract/{site}/articles"),
    ("jambicrawl_response_bytes", "Bytes received on the wire.", "downloader/response_bytes"),
    ("jambicrawl_warc_bytes", "Bytes written to WARC files.", "warc/bytes_written"),
    ("jambicrawl_revisit_saved_bytes", "Payload bytes not stored again: written as revisits.",
     "warc/revisit_payload_bytes"),
)  # fmt: skip
_STATUS_PREFIX = "downloader/response_status_count/"


@functools.cache
def _counters() -> dict[str, Counter]:
    from prometheus_client import Counter

    found = {name: Counter(name, text, ["site"]) for name, text, _ in STAT_COUNTERS}
    found["jambicrawl_responses"] = Counter(
        "jambicrawl_responses", "Responses by HTTP status code.", ["site", "code"]
    )
    found["jambicrawl_errors"] = Counter(
        "jambicrawl_errors", "Errors by kind (see ERROR_KEYS).", ["site", "kind"]
    )
    return found


class CrawlMetrics:
    """Adds each crawler's stats increments to the crawl counters (``JAMBICRAWL_METRICS``)."""

    def __init__(self, stats: StatsCollector, interval: float) -> None:
        self.stats, self.interval = stats, interval
        self.site = ""
        self.sent: dict[tuple[str, ...], int] = {}
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlMetrics:
        if not crawler.settings.getbool("JAMBICRAWL_METRICS") or crawler.stats is None:
            raise NotConfigured
        ext = cls(
            crawler.stats,
            crawler.settings.getfloat(
                "JAMBICRAWL_METRICS_INTERVAL", defaults.JAMBICRAWL_METRICS_INTERVAL
            ),
        )
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.site = str(getattr(spider, "site_key", spider.name))
        self.loop = task.LoopingCall(self.update)
        self.loop.start(self.interval, now=True)

    def spider_closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.update()

    def _add(self, metric: str, labels: tuple[str, ...], value: int) -> None:
        key = (metric, *labels)
        delta = value - self.sent.get(key, 0)
        if delta > 0:
            _counters()[metric].labels(self.site, *labels).inc(delta)
            self.sent[key] = value

    def update(self) -> None:
        stats = self.stats.get_stats()

        def value(key: str) -> int:
            return int(stats.get(key.format(site=self.site), 0) or 0)

        for name, _, key in STAT_COUNTERS:
            self._add(name, (), value(key))
        for key, count in list(stats.items()):
            if key.startswith(_STATUS_PREFIX):
                self._add("jambicrawl_responses", (key[len(_STATUS_PREFIX) :],), int(count))
        for kind, key in ERROR_KEYS.items():
            self._add("jambicrawl_errors", (kind,), value(key))


@contextmanager
def serve_crawl_metrics(port: int, host: str = "127.0.0.1") -> Iterator[int]:
    """Serve the sum of every process's crawl counters on ``host:port`` (0: any free port)
    while the block runs; yields the port. ``PROMETHEUS_MULTIPROC_DIR`` must name an
    existing folder before prometheus_client is first imported."""
    folder = os.environ.get(MULTIPROC_ENV)
    if not folder or not Path(folder).is_dir():
        raise RuntimeError(f"{MULTIPROC_ENV} must name a folder before metrics are served")
    from prometheus_client import CollectorRegistry, start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    server, thread = start_http_server(port, addr=host, registry=registry)
    try:
        yield int(server.server_port)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class StateCollector:
    """Gauges and counters of the job table, read again on every scrape."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def collect(self) -> Iterable[Metric]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        if not self.path.exists():
            return []
        with JobStore(self.path) as store:
            last, by_status = store.last_runs(), store.runs_by_status()

        def gauge(name: str, text: str, labels: list[str]) -> GaugeMetricFamily:
            return GaugeMetricFamily(name, text, labels=["site", *labels])

        finished = gauge("jambicrawl_last_run_timestamp_seconds", "When the last run ended.", [])
        duration = gauge("jambicrawl_last_run_duration_seconds", "Duration of the last run.", [])
        pages = gauge("jambicrawl_last_run_pages", "Pages fetched by the last run.", [])
        articles = gauge(
            "jambicrawl_last_run_articles", "Articles of the last run by outcome.", ["outcome"]
        )
        size = gauge("jambicrawl_last_run_bytes", "Bytes of the last run by kind.", ["kind"])
        errors = gauge("jambicrawl_last_run_errors", "Errors of the last run by kind.", ["kind"])
        status = gauge(
            "jambicrawl_last_run_status", "1 for the last run's status, 0 for others.", ["status"]
        )
        alarms = gauge(
            "jambicrawl_last_run_monitor_failed", "1 when the monitor failed.", ["monitor"]
        )
        coverage = gauge(
            "jambicrawl_field_coverage_ratio", "Share of last run's articles with the field.",
            ["field"],
        )  # fmt: skip
        layers = gauge(
            "jambicrawl_field_layer_ratio",
            "Share of last run's articles whose field came from the layer.",
            ["field", "layer"],
        )
        for site, run in sorted(last.items()):
            finished.add_metric(
                [site], when(run.finished_at).timestamp() if run.finished_at else 0.0
            )
            duration.add_metric([site], run.duration_seconds)
            pages.add_metric([site], run.pages)
            for outcome, n in (("new", run.articles_new), ("updated", run.articles_updated),
                               ("unchanged", run.articles_unchanged),
                               ("failed", run.articles_failed)):  # fmt: skip
                articles.add_metric([site, outcome], n)
            for kind, n in (("received", run.bytes_received), ("warc", run.bytes_warc),
                            ("saved_by_revisits", run.bytes_saved_by_revisits)):  # fmt: skip
                size.add_metric([site, kind], n)
            for kind in ERROR_KEYS:
                errors.add_metric([site, kind], run.errors.get(kind, 0))
            for name in ("ok", "alarm", "failed", "interrupted"):
                status.add_metric([site, name], 1 if run.status == name else 0)
            for monitor in run.monitors:
                alarms.add_metric([site, monitor.name], 1 if monitor.failed else 0)
            for name in COVERAGE_FIELDS:
                share = run.share(name)
                if share is None:
                    continue
                coverage.add_metric([site, name], share)
                for layer, n in sorted(run.coverage.get(name, {}).items()):
                    layers.add_metric([site, name, layer], n / run.extracted)
        runs = CounterMetricFamily(
            "jambicrawl_runs", "Crawl runs by final status.", labels=["site", "status"]
        )
        for (site, name), n in sorted(by_status.items()):
            runs.add_metric([site, name], n)
        return [finished, duration, pages, articles, size, errors, status, alarms, coverage,
                layers, runs]  # fmt: skip


def state_registry(path: Path) -> CollectorRegistry:
    """A registry of the state database's job table (``archive/state.sqlite3``), to mount in
    a long-running process (``prometheus_client.make_wsgi_app(registry)`` or
    ``start_http_server(port, addr, registry)``)."""
    from prometheus_client import CollectorRegistry

    registry = CollectorRegistry()
    registry.register(StateCollector(path))
    return registry


def metrics_text(registry: CollectorRegistry) -> str:
    """The registry in Prometheus' text format."""
    from prometheus_client import generate_latest

    return generate_latest(registry).decode("utf-8")
