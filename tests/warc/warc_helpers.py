"""Running the test crawl and reading what it archived."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from jambicrawl.warc.exchange import Exchange
from jambicrawl.warc.writer import SinkSpec, WarcWriter
from tests.archive.warcs import warcio_check as warcio_check  # re-exported for this folder

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SPIDER = HERE / "spider.py"
SERVER = HERE / "server.py"


def load_server_module() -> ModuleType:
    """The test server's module, for the bodies it sends."""
    spec = importlib.util.spec_from_file_location("jambicrawl_warc_test_server", SERVER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Record:
    type: str
    warc_headers: list[tuple[str, str]]
    http_protocol: str | None
    http_status: str | None
    http_headers: list[tuple[str, str]]
    #: The block after the HTTP headers, as stored (Content-Encoding not undone).
    payload: bytes
    offset: int
    file: Path

    def header(self, name: str) -> str | None:
        for key, value in self.warc_headers:
            if key.lower() == name.lower():
                return value
        return None

    def http(self, name: str) -> list[str]:
        return [v for k, v in self.http_headers if k.lower() == name.lower()]

    @property
    def uri(self) -> str:
        return self.header("WARC-Target-URI") or ""

    @property
    def id(self) -> str:
        return self.header("WARC-Record-ID") or ""


def read_warc(path: Path) -> list[Record]:
    """Every record of a file; fails unless every gzip member is complete to the file's end."""
    gzip.decompress(path.read_bytes())  # Raises on a truncated or corrupt member.
    records = []
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            http = record.http_headers
            protocol, status = None, None
            if http is not None:
                protocol = http.protocol
                status = http.get_statuscode() if record.rec_type != "request" else None
            records.append(
                Record(
                    type=record.rec_type,
                    warc_headers=list(record.rec_headers.headers),
                    http_protocol=protocol,
                    http_status=status,
                    http_headers=list(http.headers) if http is not None else [],
                    payload=record.raw_stream.read(),
                    offset=iterator.get_record_offset(),
                    file=path,
                )
            )
    return records


@dataclass
class Crawl:
    directory: Path
    returncode: int
    log: str
    stats: dict[str, Any]
    warc_dir: Path
    files: list[Path] = field(default_factory=list)

    def records(self) -> list[Record]:
        return [record for path in self.files for record in read_warc(path)]

    def by_uri(self, suffix: str, kind: str | None = None) -> list[Record]:
        return [
            r for r in self.records() if r.uri.endswith(suffix) and (kind is None or r.type == kind)
        ]


def run_crawl(
    base: str,
    directory: Path,
    *settings: str,
    env: dict[str, str] | None = None,
) -> Crawl:
    """Run the test spider in its own process; ``settings`` are NAME=VALUE pairs."""
    directory.mkdir(parents=True, exist_ok=True)
    stats, log, warc_dir = directory / "stats.json", directory / "crawl.log", directory / "warc"
    command = [sys.executable, "-m", "scrapy", "runspider", str(SPIDER)]
    command += ["-a", f"base={base}", "-a", f"stats={stats}"]
    isolated = (f"JAMBICRAWL_ARCHIVE_DIR={directory}", f"WARC_DIR={warc_dir}", f"LOG_FILE={log}",
                "WARC_OUTLINKS=True")  # fmt: skip  # the metadata records are tested here
    for setting in (*isolated, *settings):
        command += ["-s", setting]
    environment = {k: v for k, v in os.environ.items() if k != "WARC_TEST_FAIL_AFTER"}
    environment.update(env or {})
    done = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    log_text = log.read_text(errors="replace") if log.exists() else ""
    assert stats.exists(), f"crawl did not finish:\n{done.stderr}\n{log_text}"
    files = sorted(warc_dir.glob("*.warc.gz")) if warc_dir.exists() else []
    return Crawl(
        directory, done.returncode, log_text, json.loads(stats.read_text()), warc_dir, files
    )


def make_exchange(path: str, body: bytes) -> Exchange:
    return Exchange(
        url=f"http://example.test{path}",
        method="GET",
        request_headers=[(b"User-Agent", b"test")],
        request_body=b"",
        protocol="HTTP/1.1",
        status=200,
        response_headers=[(b"Content-Type", b"text/plain")],
        body=body,
        ip_address="127.0.0.1",
        started=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        fetch_time_ms=5,
        truncated=None,
        via=None,
        hops=0,
        is_html=False,
    )


def make_writer(directory: Path, stats: dict[str, int], fatal: list[str]) -> WarcWriter:
    def count(key: str, value: int) -> None:
        stats[key] = stats.get(key, 0) + value

    spec = SinkSpec(
        directory, "test", 1_000_000, {"software": "test"}, directory / "state.sqlite3", True
    )
    return WarcWriter(spec, count, fatal.append)
