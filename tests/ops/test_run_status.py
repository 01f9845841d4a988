"""A crawl that fetched nothing it could use says so: a site that cannot be reached (a closed
port, a host that does not resolve) or whose discovery documents cannot be read is a
``failed`` run with its cause in one line, an alarm, and a non-zero exit; a crawl that found
no article says which of three causes it was."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from jambicrawl.state.jobs import JobStore
from tests.crawl.mirror_process import crawl, crawl_under_way
from tests.ops.processes import jambicrawl, start_mirror
from tests.schedule.helpers import runs

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.crawl.mirror_process import MirrorProcess
    from tests.ops.webhook import Receiver

#: A host no resolver knows (RFC 2606 keeps .invalid for this).
NOWHERE = "jambicrawl-test.invalid"
#: Settings that keep a crawl of a dead site short: no retries, no politeness delay.
QUICK = ("-s", "RETRY_TIMES=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then closed: connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def dead_sites(folder: Path) -> Path:
    """``closed`` (127.0.0.1 on a closed port: 3 discovery documents) and ``nowhere`` (a
    host that does not resolve: 2)."""
    path = folder / "dead-sites.toml"
    path.write_text(
        f'[sites.closed]\nname = "Closed"\nfamily = "wordpress"\nscheme = "http"\n'
        f'hosts = ["127.0.0.1:{closed_port()}"]\n'
        '[sites.closed.discovery]\nrobots = true\nfeeds = ["/feed"]\nlistings = ["/berita"]\n\n'
        f'[sites.nowhere]\nname = "Nowhere"\nfamily = "wordpress"\nhosts = ["{NOWHERE}"]\n'
        '[sites.nowhere.discovery]\nrobots = true\nfeeds = ["/feed"]\n',
        "utf-8",
    )
    return path


def crawl_command(archive: Path, sites_file: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "jambicrawl", "crawl", *args, "--archive", str(archive),
            "--sites-file", str(sites_file), "--workers", "1", *QUICK]  # fmt: skip


@pytest.fixture(scope="module")
def mirror() -> Iterator[MirrorProcess]:
    process = start_mirror("--articles-per-site", "4")
    yield process
    process.stop()


def test_unreachable_sites_fail_with_their_cause_alarm_and_exit_1(
    tmp_path: Path, receiver: Receiver
) -> None:
    archive, sites = tmp_path / "archive", dead_sites(tmp_path)
    port = sites.read_text("utf-8").split("127.0.0.1:")[1].split('"')[0]
    hook = f"JAMBICRAWL_ALARM_WEBHOOK_URL=http://127.0.0.1:{receiver.server_port}/hook"
    done = subprocess.run(crawl_command(archive, sites, "closed", "nowhere", "-s", hook),
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 1, done.stderr[-3000:]
    refused = f"closed: unreachable: connection refused by 127.0.0.1:{port} (3 of 3 requests)"
    dns = f"nowhere: unreachable: DNS lookup failed for {NOWHERE} (2 of 2 requests)"
    errors = [line for line in done.stderr.splitlines() if line.startswith("jambicrawl: ")]
    assert errors == [f"jambicrawl: {refused}", f"jambicrawl: {dns}"], done.stderr[-3000:]
    assert "article_pattern" not in done.stdout + done.stderr

    # The job history, stats and the run history say failed, with the cause.
    stats = json.loads(jambicrawl("stats", str(archive), "--json", "--sites-file",
                                  str(sites)).stdout)  # fmt: skip
    last = {site["site"]: site["last_run"] for site in stats if site["last_run"]}
    assert last["closed"]["status"] == last["nowhere"]["status"] == "failed", last
    assert f"closed: {last['closed']['failure']}" == refused
    [run] = runs(archive)
    assert run["status"] == "failed" and run["exit_status"] == 1, run
    assert refused in run["reason"] and dns in run["reason"], run

    # An alarm through the alarm actions: the log, and the webhook.
    assert f"ALARM {refused.replace(': ', ': site_failed: ', 1)}" in done.stderr
    texts = sorted(json.loads(body)["text"] for _, _, body in receiver.posts)
    assert len(texts) == 2 and "- site_failed: unreachable: connection refused" in texts[0]


def test_a_site_whose_discovery_documents_fail_among_sites_that_work_is_partial(
    tmp_path: Path, mirror: MirrorProcess
) -> None:
    """The mirror answers 404 for a site it does not serve: its feed cannot be read, its
    robots.txt lists no sitemap, nothing to fetch. The other site is crawled: exit 3."""
    ghost = tmp_path / "ghost.toml"
    ghost.write_text('[sites.ghost]\nname = "Ghost"\nfamily = "wordpress"\n'
                     'hosts = ["ghost.example"]\n[sites.ghost.discovery]\nrobots = true\n'
                     'feeds = ["/feed"]\n', "utf-8")  # fmt: skip
    archive = tmp_path / "archive"
    done = crawl(mirror.url, archive, "--sites-file", str(ghost), sites=("jambione", "ghost"))
    assert done.returncode == 3, done.stderr[-3000:]
    assert (
        "jambicrawl: ghost: discovery failed: 1 of its 2 discovery documents could not be "
        "read (HTTP 404 ×1), and the others listed no article"
    ) in done.stderr.splitlines()
    [run] = runs(archive)
    assert run["status"] == "partial" and run["articles_new"] > 0, run


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (("--since", "2099-01-01"),
         "jambione: no article inside the --since/--until window ("),
        (("--sites-file", "PATTERN"),
         "jambione: no link of its "),
    ],
    ids=["window", "pattern"],
)  # fmt: skip
def test_a_crawl_that_found_no_article_says_which_cause(
    tmp_path: Path, mirror: MirrorProcess, args: tuple[str, ...], note: str
) -> None:
    pattern = tmp_path / "pattern.toml"
    pattern.write_text('[sites.jambione]\nname = "Jambi One"\nfamily = "generic"\n'
                       'hosts = ["www.jambione.com", "jambione.com"]\n'
                       '[sites.jambione.discovery]\nrobots = true\nsitemaps = ["/sitemap.xml"]\n'
                       'listings = ["/tag/jambi"]\narticle_pattern = "^/nothing-is-here/"\n',
                       "utf-8")  # fmt: skip
    args = tuple(str(pattern) if a == "PATTERN" else a for a in args)
    done = crawl(mirror.url, tmp_path / "archive", *args, sites=("jambione",))
    assert done.returncode == 0, done.stderr[-3000:]  # the site answered: no failure
    [line] = [line for line in done.stdout.splitlines() if line.startswith("jambione: ")]
    assert line.startswith(note), done.stdout


def test_a_stop_asked_for_is_interrupted_and_raises_no_alarm(
    tmp_path: Path, mirror: MirrorProcess, receiver: Receiver
) -> None:
    """SIGTERM (systemd, docker) mid-crawl: exit 143, every job ``interrupted``, every
    monitor skipped, no ALARM line and nothing posted."""
    archive = tmp_path / "archive"
    hook = f"JAMBICRAWL_ALARM_WEBHOOK_URL=http://127.0.0.1:{receiver.server_port}/hook"
    process = crawl_under_way(mirror, archive, "-s", hook, "--workers", "1", stored=2)
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=300) == 143
    err = (tmp_path / "crawl.err").read_text("utf-8")
    assert "ALARM" not in err and "Spidermon" not in err, err[-3000:]
    assert receiver.posts == []
    with JobStore.of_archive(archive) as store:
        jobs = store.all()
    assert jobs and {job.status for job in jobs} == {"interrupted"}, jobs
    assert {m.status for job in jobs for m in job.monitors} == {"SKIPPED"}
    [run] = runs(archive)
    assert run["status"] == "interrupted" and run["exit_status"] == 143, run
