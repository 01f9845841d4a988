"""The offline mirror and crawls, run as real processes for end-to-end tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jambicrawl.mirror.urls import from_mirror


@dataclass
class MirrorProcess:
    process: subprocess.Popen[str]
    url: str

    @classmethod
    def start(cls, articles_per_site: int = 0) -> MirrorProcess:
        command = [sys.executable, "-m", "jambicrawl", "mirror", "--port", "0"]
        if articles_per_site:
            command += ["--articles-per-site", str(articles_per_site)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("http://127.0.0.1:"):
            process.kill()
            process.wait()
            process.stdout.close()
            raise RuntimeError(f"mirror did not start: {line!r}")
        return cls(process, line.split()[0])

    def stop(self) -> None:
        os.kill(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


def crawl_command(mirror: str, archive: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "jambicrawl", "crawl", "all", "--mirror", mirror,
            "--archive", str(archive), "-s", "LOG_LEVEL=WARNING", *extra]  # fmt: skip


def crawl(mirror: str, archive: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(mirror, archive, *extra), capture_output=True, text=True, timeout=600
    )


def items(archive: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted((archive / "items").glob("*.jsonl")):
        found += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    return found


def latest_stats(archive: Path) -> dict[str, dict[str, Any]]:
    """The newest stats file of each site."""
    stats: dict[str, dict[str, Any]] = {}
    for path in sorted((archive / "stats").glob("*.json")):
        site = path.name.rsplit("-", 1)[0]
        stats[site] = json.loads(path.read_text("utf-8"))
    return stats


def unmirrored(article: dict[str, Any], mirror: str) -> dict[str, Any]:
    """An Article as if crawled from the sites themselves: mirror URLs mapped back."""
    out = dict(article)
    out["url"] = from_mirror(article["url"], mirror)
    out["canonical_url"] = from_mirror(article["canonical_url"], mirror)
    out["images"] = [
        {**image, "url": from_mirror(image["url"], mirror)} for image in article["images"]
    ]
    return out
