"""A crawl of a plain-HTTP site that sets cookies, as a real process: what it sends and opens.

The site (``polite_server.py``) holds its article until the test releases it, so the crawl
is certainly running while its listening sockets and Scrapy's job-file folder are looked at.
The environment points every proxy at a closed local port and tldextract at an empty cache:
any fetch of the public suffix list fails loudly instead of reaching the network or reading
a list an earlier run left.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import psutil
import pytest

from tests.crawl.polite_process import WAIT, PoliteServer, sites_file

if TYPE_CHECKING:
    from collections.abc import Iterator

CONTACT = "https://operator.example/kontak"


@dataclass
class Observed:
    result: subprocess.CompletedProcess[str]
    archive: Path
    user_agents: dict[str, str]
    #: The path of every request the site received, in order.
    paths: list[str]
    #: (pid, name, address) of every listening socket of the crawl's processes, while running.
    listening: list[tuple[int, str, str]]
    job_files_while_running: list[str]
    job_files_after: list[str]
    logs: str = field(default="")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once the probe closes


def _listening(pid: int) -> list[tuple[int, str, str]]:
    found = []
    root = psutil.Process(pid)
    for process in [root, *root.children(recursive=True)]:
        try:
            connections = process.net_connections(kind="inet")
            name = process.name()
        except psutil.NoSuchProcess:
            continue
        found += [
            (process.pid, name, f"{c.laddr.ip}:{c.laddr.port}")
            for c in connections
            if c.status == psutil.CONN_LISTEN
        ]
    return found


@pytest.fixture(scope="module")
def observed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Observed]:
    root = tmp_path_factory.mktemp("safe")
    state_home, cache = root / "state", root / "tld-cache"
    closed = f"http://127.0.0.1:{_closed_port()}"
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(state_home),  # where Scrapy writes remote-control job files
        "TLDEXTRACT_CACHE": str(cache),
        "HTTP_PROXY": closed, "HTTPS_PROXY": closed, "http_proxy": closed,
        "https_proxy": closed, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
    }  # fmt: skip
    server = PoliteServer.start()
    port = server.port
    try:
        sites = sites_file(root / "sites.toml", [("polos", server)])
        archive = root / "archive"
        command = [sys.executable, "-m", "jambicrawl", "crawl", "polos", "--sites-file",
                   str(sites), "--archive", str(archive), "--workers", "1",
                   "-s", f"JAMBICRAWL_CONTACT_URL={CONTACT}",
                   "-s", "AUTOTHROTTLE_ENABLED=False"]  # fmt: skip
        crawl = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            server.next("held", crawl)
            listening = _listening(crawl.pid)
            jobs = state_home / "scrapy" / "job_files"
            while_running = sorted(p.name for p in jobs.glob("*")) if jobs.exists() else []
        finally:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/release", timeout=WAIT).close()
        stdout, stderr = crawl.communicate(timeout=600)
        result = subprocess.CompletedProcess(command, crawl.returncode, stdout, stderr)
        after = sorted(p.name for p in jobs.glob("*")) if jobs.exists() else []
        user_agents = {}
        paths = []
        for line in list(server.seen):
            if line.startswith("ua "):
                _, path, agent = line.split(" ", 2)
                user_agents[path] = agent
                paths.append(path)
        logs = stderr + "".join(
            p.read_text("utf-8", "replace") for p in archive.glob("logs/**/*") if p.is_file()
        )
        yield Observed(result, archive, user_agents, paths, listening, while_running, after, logs)
    finally:
        server.stop()


def test_the_crawl_of_a_plain_http_site_finds_its_article(observed: Observed) -> None:
    assert observed.result.returncode == 0, observed.result.stderr[-3000:]
    items = [
        json.loads(line)
        for path in (observed.archive / "items").glob("*.jsonl")
        for line in path.read_text("utf-8").splitlines()
    ]
    assert [item["title"] for item in items] == ["Jalan Baru Diresmikan"]
    assert items[0]["url"].startswith("http://127.0.0.1:")


def test_every_request_carries_the_contact_url_given_with_s(observed: Observed) -> None:
    assert {"/robots.txt", "/list", "/news/1/jalan-baru"} <= set(observed.user_agents)
    for path, agent in observed.user_agents.items():
        assert agent == f"jambicrawl/0.1 (+{CONTACT}; news archiving)", path


def test_robots_txt_is_fetched_once_for_the_spider_and_for_the_rules(
    observed: Observed,
) -> None:
    """The spider reads robots.txt's Sitemap lines from the fetch that gives Scrapy its
    rules: one download, one capture."""
    assert observed.result.returncode == 0, observed.result.stderr[-3000:]
    assert observed.paths.count("/robots.txt") == 1, observed.paths
    assert observed.paths.index("/robots.txt") < observed.paths.index("/list")


def test_a_running_crawl_listens_on_no_port(observed: Observed) -> None:
    assert observed.listening == []


def test_no_remote_control_token_is_written(observed: Observed) -> None:
    assert observed.job_files_while_running == []
    assert observed.job_files_after == []


def test_cookies_fetch_no_public_suffix_list(observed: Observed) -> None:
    assert observed.result.returncode == 0
    for word in ("tldextract", "publicsuffix", "Public Suffix", "ProxyError", "Traceback"):
        assert word not in observed.logs, word
