"""pywb run as an archivist runs it: its own virtualenv, its own process, on 127.0.0.1.

pywb 2.10 pins dependencies that clash with the crawler's, so it is never imported here: set
PYWB_BIN to the ``bin`` folder of a virtualenv with ``pywb==2.10.*`` (CI makes ``.venv-pywb``).
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tests.archive.warcs import decoded

if TYPE_CHECKING:
    from collections.abc import Sequence

COLLECTION = "jambi"


def pywb_bin() -> Path | None:
    """``$PYWB_BIN``; None when it is not set (the pywb tests are skipped then)."""
    value = os.environ.get("PYWB_BIN")
    return Path(value) if value else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Wayback:
    process: subprocess.Popen[bytes]
    host: str
    root: Path

    @classmethod
    def start(cls, bin_dir: Path, root: Path, warc_files: Sequence[Path]) -> Wayback:
        """``wb-manager init`` and ``add`` the files under ``root``, then ``wayback``."""
        manager = str(bin_dir / "wb-manager")
        for command in (["init", COLLECTION], ["add", COLLECTION, *map(str, warc_files)]):
            done = subprocess.run(
                [manager, *command], cwd=root, capture_output=True, text=True, timeout=300
            )
            assert done.returncode == 0, f"wb-manager {command[0]}: {done.stderr[-2000:]}"
        return cls._launch(bin_dir, root)

    @classmethod
    def of_index(cls, bin_dir: Path, root: Path, index: Path, archive_root: Path) -> Wayback:
        """``wayback`` over a CDXJ index as it is, its file names resolved from
        ``archive_paths`` (``archive_root``), as an archivist configures it."""
        config = f"collections:\n  {COLLECTION}:\n    index_paths: {index}\n"
        config += f"    archive_paths: {archive_root}/\n"
        (root / "config.yaml").write_text(config, "utf-8")
        return cls._launch(bin_dir, root)

    @classmethod
    def _launch(cls, bin_dir: Path, root: Path) -> Wayback:
        port = _free_port()
        with (root / "wayback.log").open("wb") as log:
            process = subprocess.Popen(
                [str(bin_dir / "wayback"), "-b", "127.0.0.1", "-p", str(port)],
                cwd=root,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wayback = cls(process, f"127.0.0.1:{port}", root)
        try:
            wayback._wait_until_listening(port)
        except BaseException:
            wayback.stop()
            raise
        return wayback

    def _wait_until_listening(self, port: int) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"wayback exited: {self.log()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("wayback did not start listening")

    def log(self) -> str:
        return (self.root / "wayback.log").read_text("utf-8", "replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def raw_replay(self, timestamp: str, url: str) -> tuple[int, bytes]:
        """Status and decoded body of the ``id_`` (raw) replay; no redirect followed.
        ``Connection: close``, so that a truncated record's replay ends where its body ends."""
        connection = http.client.HTTPConnection(self.host, timeout=60)
        try:
            connection.request(
                "GET", f"/{COLLECTION}/{timestamp}id_/{url}", headers={"Connection": "close"}
            )
            response = connection.getresponse()
            try:
                body = response.read()
            except http.client.IncompleteRead as cut:  # a truncated record's short body
                body = cut.partial
            return response.status, decoded(body, response.getheader("Content-Encoding"))
        finally:
            connection.close()
