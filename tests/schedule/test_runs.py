"""``run-due`` and ``serve`` starting real crawls of the mirror, and what the history says."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.schedule.helpers import reaped, runs, stored_articles, wait_for, write

if TYPE_CHECKING:
    from tests.crawl.mirror_process import MirrorProcess


def schedule(*args: str) -> list[str]:
    return [sys.executable, "-m", "jambicrawl", "schedule", *args]


def closed_port_url() -> str:
    """A loopback URL nothing listens on: a port the system gave out, then closed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def entry(name: str, site: str, mirror: str, extra: str = "") -> str:
    return (f'[schedules.{name}]\nsites = ["{site}"]\nevery = "auto"\nmirror = "{mirror}"\n'
            f"workers = 1\n{extra}\n")  # fmt: skip


def test_run_due_records_each_run_and_a_failure_does_not_stop_the_others(
    tmp_path: Path, mirror: MirrorProcess
) -> None:
    archive = tmp_path / "archive"
    text = entry("busy", "tribunjambi", mirror.url, "max_articles = 3")
    # A site nothing answers for fails that crawl (exit 1), not the others.
    text += entry("broken", "jambione", closed_port_url())
    text += entry("small", "detailjambi", mirror.url)
    path = write(tmp_path, text)
    done = subprocess.run(schedule("run-due", str(path), "--archive", str(archive)),
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 3, done.stderr[-2000:]  # partial: one run failed
    by_entry = {run["entry"]: run for run in runs(archive)}
    assert set(by_entry) == {"busy", "broken", "small"}
    for name in ("busy", "small"):
        run = by_entry[name]
        assert run["status"] == "ok" and run["exit_status"] == 0, run
        assert run["articles_new"] > 0 and run["pages"] > 0 and run["bytes_archived"] > 0, run
        assert run["warc_files"] >= 1 and run["ended"] >= run["started"], run
    # max_articles = 3: at most 3 (fewer when a requested one fails after discovery ended:
    # the mirror links a page that is gone and one robots.txt forbids).
    assert 1 <= by_entry["busy"]["articles_new"] <= 3
    broken = by_entry["broken"]
    assert broken["status"] == "failed" and broken["exit_status"] == 1, broken
    assert "unreachable" in broken["reason"], broken
    assert (
        stored_articles(archive)
        == by_entry["busy"]["articles_new"] + by_entry["small"]["articles_new"]
    )
    assert list(archive.glob("*.warc.gz"))
    lines = done.stdout.splitlines()
    assert sum(line.startswith("start run") for line in lines) == 3
    assert sum(line.startswith("end run") for line in lines) == 3
    # Nothing is due any more: a second run-due starts nothing.
    again = subprocess.run(schedule("run-due", str(path), "--archive", str(archive)),
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert again.returncode == 0 and again.stdout == ""
    # history --json: one object per run, the figures as recorded.
    shown = subprocess.run(schedule("history", "--archive", str(archive), "--json"),
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert [json.loads(line) for line in shown.stdout.splitlines()] == runs(archive)


def test_serve_runs_due_crawls_and_stops_gracefully_on_sigterm(
    tmp_path: Path, mirror: MirrorProcess
) -> None:
    archive = tmp_path / "archive"
    slow = 'settings = { DOWNLOAD_DELAY = "0.5", CONCURRENT_REQUESTS_PER_DOMAIN = "1" }'
    text = entry("quick", "jambione", mirror.url) + entry("slow", "tribunjambi", mirror.url, slow)
    path = write(tmp_path, text)
    with reaped(subprocess.Popen(
        schedule("serve", str(path), "--archive", str(archive), "--max-parallel", "2",
                 "--metrics-port", "0"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )) as serve:  # fmt: skip
        assert serve.stderr is not None
        metrics = serve.stderr.readline().split()[-1]  # "metrics: http://127.0.0.1:PORT/..."

        def ready() -> bool:
            by_entry = {run["entry"]: run for run in runs(archive)} if archive.exists() else {}
            quick, slow = by_entry.get("quick"), by_entry.get("slow")
            assert serve.poll() is None, serve.stderr.read() if serve.stderr else ""
            return bool(quick and quick["status"] == "ok" and slow
                        and slow["status"] == "running" and slow["pid"])  # fmt: skip

        wait_for(ready)
        # Prometheus scrapes the scheduler: the finished run's figures, read from the state.
        with urllib.request.urlopen(metrics, timeout=30) as answer:
            scraped = answer.read().decode("utf-8")
        pages = [line for line in scraped.splitlines()
                 if line.startswith('jambicrawl_last_run_pages{site="jambione"}')]  # fmt: skip
        assert pages and float(pages[0].split()[-1]) > 0, scraped[-2000:]
        crawl_pid = {run["entry"]: run for run in runs(archive)}["slow"]["pid"]
        serve.send_signal(signal.SIGTERM)
        out, err = serve.communicate(timeout=120)
    assert serve.returncode == 0, err[-2000:]
    by_entry = {run["entry"]: run for run in runs(archive)}
    slow_run = by_entry["slow"]
    assert slow_run["status"] == "interrupted", slow_run
    assert slow_run["exit_status"] in (130, 143)
    assert by_entry["quick"]["articles_new"] > 0
    # The crawl was stopped, not left behind.
    try:
        os.kill(crawl_pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive
    assert "running crawl(s) asked to stop" in out, out
    assert f"end run {by_entry['quick']['id']} quick ok" in out
    assert f"end run {slow_run['id']} slow interrupted" in out
    # What the stopped crawl stored is kept, and its site is free for --resume.
    assert not (archive / "locks" / "tribunjambi.lock").read_text()


@pytest.mark.parametrize("hurry", ["stop timeout", "second signal"])
def test_serve_stops_at_once_a_crawl_that_does_not_stop_gracefully(
    tmp_path: Path, mirror: MirrorProcess, hurry: str
) -> None:
    """A crawl whose graceful stop never ends (an item stuck in a pipeline) is stopped at
    once after ``--stop-timeout``, or at the scheduler's second signal: serve still ends."""
    archive, marker = tmp_path / "archive", tmp_path / "stuck"
    stuck = '{"tests.crawl.stuck_pipeline.NeverReturns": 50}'
    settings = f"settings = {{ ITEM_PIPELINES = '{stuck}', JAMBICRAWL_STALL_SECONDS = \"600\" }}"
    path = write(tmp_path, entry("stuck", "jambione", mirror.url, settings))
    timeout = "2" if hurry == "stop timeout" else "600"
    out = tmp_path / "serve.out"
    with out.open("wb") as stdout, reaped(subprocess.Popen(
        schedule("serve", str(path), "--archive", str(archive), "--stop-timeout", timeout),
        stdout=stdout, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2],
        env={**os.environ, "STUCK_PIPELINE_MARKER": str(marker)},
    )) as serve:  # fmt: skip
        wait_for(lambda: marker.exists() or serve.poll() is not None)
        serve.send_signal(signal.SIGTERM)
        if hurry == "second signal":
            wait_for(lambda: "asked to stop" in out.read_text("utf-8"))
            serve.send_signal(signal.SIGTERM)
        _, err = serve.communicate(timeout=120)
    assert serve.returncode == 0, err[-2000:]
    log = out.read_text("utf-8")
    assert "running crawl(s) asked to stop at once" in log, log
    (run,) = runs(archive)
    assert run["status"] == "interrupted" and run["exit_status"] == 143, run
