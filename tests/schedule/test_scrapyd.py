"""A scheduled crawl of the mirror through a real scrapyd (on 127.0.0.1, with basic auth),
deployed with ``scrapyd-deploy`` as an archivist would."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.schedule.helpers import runs, stored_articles, wait_for, write

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.crawl.mirror_process import MirrorProcess

REPO = Path(__file__).resolve().parents[2]
USER, PASSWORD = "arsip", "rahasia-jambi"
CREDENTIALS = {"JAMBICRAWL_SCRAPYD_USERNAME": USER, "JAMBICRAWL_SCRAPYD_PASSWORD": PASSWORD}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Scrapyd:
    process: subprocess.Popen[bytes]
    url: str
    folder: Path

    def answers(self) -> bool:
        assert self.process.poll() is None, (self.folder / "scrapyd.log").read_text()
        try:
            with urllib.request.urlopen(f"{self.url}/daemonstatus.json", timeout=5):
                return True
        except urllib.error.HTTPError as exc:
            return exc.code == 401  # up, and asking for the credentials
        except OSError:
            return False


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    folder = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (folder / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\nusername = {USER}\n"
        f"password = {PASSWORD}\neggs_dir = {folder}/eggs\nlogs_dir = {folder}/logs\n"
        f"dbs_dir = {folder}/dbs\npoll_interval = 0.5\n"
    )
    with (folder / "scrapyd.log").open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=folder,
                                   stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    server = Scrapyd(process, f"http://127.0.0.1:{port}", folder)
    try:
        wait_for(server.answers, timeout=60)
        yield server
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def deploy(server: Scrapyd, folder: Path) -> subprocess.CompletedProcess[str]:
    """``scrapyd-deploy`` from a copy of the project (it builds in the source folder)."""
    project = folder / "project"
    # The package, and the fixture cases the wheel and the egg carry as the mirror's pages.
    for folder_name in ("jambicrawl", "tests/fixtures"):
        shutil.copytree(REPO / folder_name, project / folder_name,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    for name in ("pyproject.toml", "setup.py", "scrapy.cfg", "README.md"):
        shutil.copy(REPO / name, project / name)
    with (project / "scrapy.cfg").open("a") as cfg:
        cfg.write(f"\n[deploy:test]\nurl = {server.url}/\n")
    command = [str(Path(sys.executable).parent / "scrapyd-deploy"), "test", "--version", "1"]
    return subprocess.run(command, cwd=project, env={**os.environ, **CREDENTIALS},
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def run_due(
    path: Path, archive: Path, url: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "jambicrawl", "schedule", "run-due", str(path),
               "--archive", str(archive), "--scrapyd", url]  # fmt: skip
    return subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=300)  # fmt: skip


def test_a_scheduled_crawl_through_scrapyd(
    scrapyd: Scrapyd, mirror: MirrorProcess, tmp_path: Path
) -> None:
    deployed = deploy(scrapyd, tmp_path)
    assert deployed.returncode == 0, deployed.stderr[-2000:]
    assert '"status": "ok"' in deployed.stdout + deployed.stderr

    archive = tmp_path / "archive"
    text = (f'[schedules.via-scrapyd]\nsites = ["tribunjambi", "jambione"]\nevery = "auto"\n'
            f'mirror = "{mirror.url}"\nmax_articles = 3\nafter = ["index"]\n')  # fmt: skip
    path = write(tmp_path, text)
    done = run_due(path, archive, scrapyd.url, CREDENTIALS)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    (run,) = runs(archive)
    assert run["entry"] == "via-scrapyd" and run["runner"] == scrapyd.url
    assert run["status"] == "ok", run
    assert run["pages"] > 0 and run["bytes_archived"] > 0
    assert run["warc_files"] >= 2
    assert f"scrapyd jobs run{run['id']}-tribunjambi, run{run['id']}-jambione" in run["note"]
    # The crawls ran in scrapyd's processes, into the archive folder the schedule named;
    # the figures read from the jobs' logs are what the state database holds.
    assert stored_articles(archive) == run["articles_new"]
    assert stored_articles(archive, "tribunjambi") > 0 and stored_articles(archive, "jambione") > 0
    assert len(list(archive.glob("*.warc.gz"))) == run["warc_files"]
    request = urllib.request.Request(f"{scrapyd.url}/listjobs.json?project=jambicrawl")
    request.add_header("Authorization", "Basic " + __import__("base64").b64encode(
        f"{USER}:{PASSWORD}".encode()).decode())  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as answer:
        finished = {job["id"] for job in json.load(answer)["finished"]}
    assert {f"run{run['id']}-tribunjambi", f"run{run['id']}-jambione"} <= finished
    # The follow-up ran here once the jobs had ended, on the archive they wrote.
    index = (archive / "index.cdxj").read_text("utf-8")
    assert all(path.name in index for path in archive.glob("*.warc.gz"))


def test_wrong_credentials_and_an_unreachable_scrapyd_are_one_line(
    scrapyd: Scrapyd, tmp_path: Path
) -> None:
    path = write(tmp_path, '[schedules.x]\nsites = ["jambione"]\nevery = "auto"\n')
    wrong = run_due(path, tmp_path / "a", scrapyd.url,
                    {**CREDENTIALS, "JAMBICRAWL_SCRAPYD_PASSWORD": "salah"})  # fmt: skip
    assert wrong.returncode == 2
    assert wrong.stderr == (
        f"jambicrawl: scrapyd at {scrapyd.url} refused the credentials "
        "(set JAMBICRAWL_SCRAPYD_USERNAME and JAMBICRAWL_SCRAPYD_PASSWORD)\n"
    )
    closed = f"http://127.0.0.1:{free_port()}"
    unreachable = run_due(path, tmp_path / "a", closed, CREDENTIALS)
    assert unreachable.returncode == 1
    assert unreachable.stderr.startswith(f"jambicrawl: cannot reach scrapyd at {closed} (")
    assert unreachable.stderr.count("\n") == 1
