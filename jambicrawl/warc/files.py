"""WARC files on disk: Heritrix names, ``.open`` while written, rotation at a size.

A file is written through one descriptor holding an exclusive ``flock``, so a repair started by
another process (``jambicrawl archive repair``, or the next crawl) leaves it alone. Names come
from the prefix setting, the clock, a serial, the process id and the host: never from a URL or
page content.
"""

from __future__ import annotations

import fcntl
import os
import re
import socket
from contextlib import suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

OPEN_SUFFIX = ".open"
WARC_SUFFIX = ".warc.gz"
PREFIX_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_UNSAFE_HOST = re.compile(r"[^A-Za-z0-9.-]+")


def safe_hostname() -> str:
    return _UNSAFE_HOST.sub("-", socket.gethostname()).strip("-.") or "localhost"


def warc_name(prefix: str, when: datetime, serial: int, pid: int, host: str) -> str:
    """``{prefix}-{timestamp}-{serial:05d}-{pid}~{host}.warc.gz``, timestamp to milliseconds."""
    stamp = when.strftime("%Y%m%d%H%M%S") + f"{when.microsecond // 1000:03d}"
    return f"{prefix}-{stamp}-{serial:05d}-{pid}~{host}{WARC_SUFFIX}"


def try_lock(fd: int) -> bool:
    """Take the writer's lock on an open file; False when another process holds it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def sync_directory(directory: Path) -> None:
    """Make a rename durable; not every platform lets a directory be fsynced."""
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class RotatingWarcFile:
    """Appends exchange records to the current file, starting a new one past ``max_size``.

    Not thread-safe: the writer thread owns it.
    """

    def __init__(
        self,
        directory: Path,
        prefix: str,
        max_size: int,
        warcinfo: Callable[[str], bytes],
        count: Callable[[str, int], None],
    ) -> None:
        self.directory = directory
        self._prefix = prefix
        self._max_size = max_size
        self._warcinfo = warcinfo
        self._count = count
        self._host = safe_hostname()
        self._serial = 0
        self._fd: int | None = None
        self._path: Path | None = None
        self._size = 0
        self._exchanges = 0

    @property
    def current(self) -> Path | None:
        """The ``.open`` file being written, if any."""
        return self._path

    def write(self, data: bytes) -> str:
        """Append one exchange's records (whole gzip members); returns the final file name.

        The records of an exchange always land in one file. On OSError the partial write is cut
        off again, so the file still ends with a complete record.
        """
        if self._fd is not None and self._exchanges and self._size + len(data) > self._max_size:
            self.close()
        if self._fd is None:
            self._open()
        self._append(data)
        self._exchanges += 1
        assert self._path is not None
        return self._path.name.removesuffix(OPEN_SUFFIX)

    def close(self) -> Path | None:
        """Flush the current file to disk and rename it; returns the closed file's path."""
        if self._fd is None or self._path is None:
            return None
        fd, path, size = self._fd, self._path, self._size
        self._fd, self._path, self._size, self._exchanges = None, None, 0, 0
        try:
            if size == 0:  # Not even the warcinfo record made it to disk.
                path.unlink()
                return None
            os.fsync(fd)
            final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
            path.rename(final)  # Still under the lock: no repair can step in between.
            sync_directory(self.directory)
            return final
        finally:
            os.close(fd)

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            now = datetime.now(UTC)
            name = warc_name(self._prefix, now, self._serial, os.getpid(), self._host)
            self._serial += 1
            path = self.directory / (name + OPEN_SUFFIX)
            if (self.directory / name).exists():
                continue
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            # Another crawl's repair may have opened the empty file before this lock: it
            # removes it as a leftover, so records written to it would be lost. Take another.
            if try_lock(fd) and os.fstat(fd).st_nlink > 0:
                break
            os.close(fd)
        self._fd, self._path, self._size, self._exchanges = fd, path, 0, 0
        self._count("warc/files", 1)
        self._append(self._warcinfo(name))
        self._count("warc/records", 1)

    def _append(self, data: bytes) -> None:
        assert self._fd is not None
        try:
            write_all(self._fd, data)
        except OSError:
            with suppress(OSError):
                os.ftruncate(self._fd, self._size)
            raise
        self._size += len(data)
        self._count("warc/bytes_written", len(data))
