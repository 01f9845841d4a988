"""The layout-change alarm end to end: a redesigned site trips it, and only that site."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from jambicrawl.registry import load_registry
from jambicrawl.state.articles import ArticleStore
from jambicrawl.state.jobs import JobStore
from tests.ops.conftest import ARTICLES, REDESIGNED
from tests.ops.processes import jambicrawl

if TYPE_CHECKING:
    from pathlib import Path

    from tests.ops.conftest import History


def test_normal_crawls_raise_no_alarm(history: History) -> None:
    for done in history.crawls[:3]:
        assert done.returncode == 0, done.stderr[-3000:]
        assert "ALARM" not in done.stderr


def test_the_redesigned_site_trips_the_coverage_alarm_and_no_other(history: History) -> None:
    last = history.crawls[-1]
    assert last.returncode == 4, last.stderr[-3000:]
    assert "Traceback" not in last.stderr
    alarms = [line for line in last.stderr.splitlines() if "ALARM" in line]
    assert alarms, last.stderr[-3000:]
    assert all(f"ALARM {REDESIGNED}: " in line for line in alarms), alarms
    assert any(f"ALARM {REDESIGNED}: field_coverage:" in line for line in alarms), alarms
    with JobStore.of_archive(history.archive) as store:
        runs = store.last_runs()
        assert len(store.history(REDESIGNED)) == 4
    assert set(runs) == {site.key for site in load_registry()}
    for site, run in runs.items():
        failed = {m.name for m in run.alarms}
        if site == REDESIGNED:
            assert run.status == "alarm"
            # The fields gone, and the versions that lost them kept from becoming current.
            assert {"field_coverage", "version_guard"} <= failed
            message = next(m.message for m in run.alarms if m.name == "field_coverage")
            assert "body 0% (was 100%)" in message, message
            # A date now comes only from a sitemap or feed entry, where one listed the article.
            assert set(run.coverage.get("date_published", {})) <= {"discovery"}
            assert run.held == run.extracted > 0
        else:
            assert run.status == "ok", (site, run.alarms)
            # Every monitor ran and passed.
            assert {m.name for m in run.monitors} == {
                "finish_reason", "error_rate", "warc_failures", "field_coverage", "new_articles",
                "layer_shift", "body_length", "shared_content", "doubtful_values",
                "version_guard",
                "site_failed",
            }  # fmt: skip


def test_jobs_keep_each_runs_figures(history: History) -> None:
    with JobStore.of_archive(history.archive) as store:
        runs = store.history("antarajambi")
    # The last crawl is a --refresh: antarajambi's known articles are asked again (304).
    first, refreshed = runs[0], runs[-1]
    assert first.articles_new > 0 and first.articles_unchanged == 0
    assert refreshed.articles_new == 0 and refreshed.articles_unchanged == first.articles_new
    assert first.extracted == first.articles_new
    assert first.pages > first.extracted
    assert first.status_codes["200"] > 0 and first.status_codes["404"] == 1
    assert first.bytes_received > 0 and first.bytes_warc > 0
    # A refresh fetches the same payloads again: archived as revisits, their bytes saved.
    assert refreshed.revisits > 0 and refreshed.bytes_saved_by_revisits > 0
    assert first.share("title") == 1.0
    assert set(first.coverage["title"]) <= {"jsonld", "meta", "site", "generic"}
    # The same figures as the job's JSON stats file.
    stats = {
        json.loads(path.read_text("utf-8"))["start_time"][:19].replace(" ", "T") + "Z": path
        for path in (history.archive / "stats").glob("antarajambi-*.json")
    }
    data = json.loads(stats[first.started_at].read_text("utf-8"))
    assert first.pages == data["response_received_count"]
    assert first.articles_new == data["state/new"]


def test_stats_json_lists_every_site_with_its_alarms(history: History) -> None:
    done = jambicrawl("stats", str(history.archive), "--json")
    assert done.returncode == 0, done.stderr
    sites = {entry["site"]: entry for entry in json.loads(done.stdout)}
    assert set(sites) == {site.key for site in load_registry()}
    for site, entry in sites.items():
        assert entry["runs"] == 4
        assert entry["last_run"]["pages"] > 0
        assert len(entry["trend"]) == 4
        failures = [f["monitor"] for f in entry["monitor_failures"]]
        if site == REDESIGNED:
            assert {"field_coverage", "version_guard"} <= set(failures)
        else:
            assert failures == []
    changed = sites[REDESIGNED]
    assert changed["last_run"]["status"] == "alarm"
    # The two crawls that found every article known extracted none (no share to give).
    assert [t["coverage_share"]["body"] for t in changed["trend"]] == [1.0, None, None, 0.0]


def test_stats_table_shows_the_last_run_and_the_alarm(history: History) -> None:
    done = jambicrawl("stats", str(history.archive))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    row = next(line for line in lines if line.startswith(REDESIGNED))
    assert " alarm " in row and "0%" in row
    assert any(f"{REDESIGNED}: " in line and "field_coverage" in line for line in lines)
    header = lines[0].replace("LAST RUN", "LAST_RUN").split()
    assert int(row.split()[header.index("HELD")]) == ARTICLES  # every article of the site
    flagged = lines[lines.index("flagged articles in the last run:") + 1 :]
    assert any(f"{REDESIGNED}: " in line and "held_back" in line for line in flagged)
    one = jambicrawl("stats", str(history.archive), "--site", "tribunjambi")
    assert one.returncode == 0
    assert [line.split()[0] for line in one.stdout.splitlines()[1:] if line] == ["tribunjambi"]


def test_stats_bad_input_is_one_line(history: History, tmp_path: Path) -> None:
    for args in ([str(tmp_path)], [str(history.archive), "--site", "nosuchsite"]):
        done = jambicrawl("stats", *args)
        assert done.returncode == 2
        assert done.stderr.startswith("jambicrawl: ") and done.stderr.count("\n") == 1


def test_the_redesigned_pages_do_not_replace_the_stored_articles(history: History) -> None:
    """The relaunched pages lost date and body: stored flagged, never current."""
    with sqlite3.connect(history.archive / "state.sqlite3") as conn:
        urls = [row[0] for row in conn.execute(
            "SELECT canonical_url FROM articles WHERE site = ?", (REDESIGNED,))]  # fmt: skip
        held = conn.execute(
            "SELECT COUNT(*) FROM article_versions WHERE site = ? AND held_back IS NOT NULL",
            (REDESIGNED,),
        ).fetchone()[0]
    assert urls and held == len(urls)
    store = ArticleStore(history.archive / "state.sqlite3")
    try:
        for url in urls:
            current = store.current(url)
            assert current is not None and current.body and current.date_published, url
            assert "held_back" not in current.flags
    finally:
        store.close()
