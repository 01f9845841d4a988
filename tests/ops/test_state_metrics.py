"""Metrics of the state database (what ``schedule serve`` mounts), on their own."""

from __future__ import annotations

import urllib.request
from typing import TYPE_CHECKING

from prometheus_client import start_http_server
from prometheus_client.parser import text_string_to_metric_families

from jambicrawl.extensions.metrics import metrics_text, state_registry
from jambicrawl.state.jobs import JobStore, MonitorOutcome
from tests.ops.jobs import covered, job

if TYPE_CHECKING:
    from pathlib import Path


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_last_run_figures_coverage_and_runs_by_status(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    alarm = MonitorOutcome("field_coverage", "FAIL", "body 0% (was 100%)")
    with JobStore(path) as store:
        store.record(job("a", 0, pages=10))
        store.record(job("a", 24, pages=42, articles_new=7, articles_unchanged=3,
                         monitors=[alarm], **covered(10, body=0, date_published=4)))  # fmt: skip
        store.record(job("b", 1, finish_reason="shutdown", pages=5))
    registry = state_registry(path)
    got = samples(metrics_text(registry))

    assert got[("jambicrawl_last_run_pages", (("site", "a"),))] == 42
    assert got[("jambicrawl_last_run_pages", (("site", "b"),))] == 5
    assert got[("jambicrawl_last_run_articles", (("outcome", "new"), ("site", "a")))] == 7
    assert got[("jambicrawl_last_run_articles", (("outcome", "unchanged"), ("site", "a")))] == 3
    key = (("field", "date_published"), ("site", "a"))
    assert got[("jambicrawl_field_coverage_ratio", key)] == 0.4
    assert got[("jambicrawl_field_coverage_ratio", (("field", "body"), ("site", "a")))] == 0
    assert got[("jambicrawl_field_layer_ratio", (*key[:1], ("layer", "jsonld"), key[1]))] == 0.4
    assert got[("jambicrawl_last_run_status", (("site", "a"), ("status", "alarm")))] == 1
    assert got[("jambicrawl_last_run_status", (("site", "a"), ("status", "ok")))] == 0
    assert got[("jambicrawl_last_run_status", (("site", "b"), ("status", "interrupted")))] == 1
    monitor = (("monitor", "field_coverage"), ("site", "a"))
    assert got[("jambicrawl_last_run_monitor_failed", monitor)] == 1
    assert got[("jambicrawl_runs_total", (("site", "a"), ("status", "ok")))] == 1
    assert got[("jambicrawl_runs_total", (("site", "a"), ("status", "alarm")))] == 1
    assert got[("jambicrawl_last_run_timestamp_seconds", (("site", "a"),))] == 1772431260.0

    # Read again at every scrape: a run stored later shows without a new registry.
    with JobStore(path) as store:
        store.record(job("a", 48, pages=9))
    server, thread = start_http_server(0, addr="127.0.0.1", registry=registry)
    try:
        url = f"http://127.0.0.1:{server.server_port}/metrics"
        with urllib.request.urlopen(url, timeout=10) as answer:
            served = samples(answer.read().decode("utf-8"))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert served[("jambicrawl_last_run_pages", (("site", "a"),))] == 9
    assert served[("jambicrawl_runs_total", (("site", "a"), ("status", "ok")))] == 2


def test_no_state_database_yet_is_no_metric(tmp_path: Path) -> None:
    assert "jambicrawl_" not in metrics_text(state_registry(tmp_path / "state.sqlite3"))
    assert not (tmp_path / "state.sqlite3").exists()


def test_grafana_dashboard_queries_metrics_that_exist() -> None:
    import json
    import re
    from pathlib import Path

    from jambicrawl.extensions.metrics import STAT_COUNTERS

    dashboard = json.loads(
        (Path(__file__).parents[2] / "deploy/grafana-dashboard.json").read_text()
    )
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    names = set(re.findall(r"jambicrawl_[a-z_]+", " ".join(exprs)))
    crawl = {f"{name}_total" for name, _, _ in STAT_COUNTERS} | {
        "jambicrawl_responses_total", "jambicrawl_errors_total"}  # fmt: skip
    state = set(re.findall(r'"(jambicrawl_[a-z_]+)"', Path(
        __file__).parents[2].joinpath("jambicrawl/extensions/metrics.py").read_text()))  # fmt: skip
    state |= {"jambicrawl_runs_total"}
    assert names and names <= crawl | state, names - crawl - state
