"""A real redis-server for the scale-out tests: 127.0.0.1, a free port, a temporary folder,
stopped by its PID."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from tests.support import missing


@dataclass
class RedisProcess:
    process: subprocess.Popen[bytes]
    url: str

    @staticmethod
    def free_port() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])

    @classmethod
    def start(cls, folder: Path) -> RedisProcess:
        binary = shutil.which("redis-server")
        if not binary:
            missing("redis-server")
        folder.mkdir(parents=True, exist_ok=True)
        port = cls.free_port()
        command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
                   "--save", "", "--appendonly", "no", "--protected-mode", "yes"]  # fmt: skip
        log = (folder / "redis.log").open("wb")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        url = f"redis://127.0.0.1:{port}/0"
        started = cls(process, url)
        try:
            started.wait_until_it_answers(folder / "redis.log")
        except BaseException:
            started.stop()  # a failed start leaves nothing running
            raise
        return started

    def wait_until_it_answers(self, log: Path) -> None:
        """Until it answers a PING: the event of its start."""
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 30
        try:
            while True:
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    assert self.process.poll() is None, log.read_text()
                    assert time.monotonic() < deadline, "redis-server did not start"
                    time.sleep(0.02)
        finally:
            client.close()

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
