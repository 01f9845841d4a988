"""The crawl process's side of the WARC writer process: :class:`WriterProcess` starts it and
reads its replies; :class:`RemoteWarcWriter` is one crawler's writer through it."""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
from typing import TYPE_CHECKING, assert_never

from jambicrawl.warc.writer import QUEUE_SIZE, SinkSpec, release_citations
from jambicrawl.warc.writer_process.messages import (
    Close,
    Closed,
    Command,
    Fatal,
    Open,
    Reply,
    Stop,
    Write,
    Written,
)
from jambicrawl.warc.writer_process.server import serve

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future
    from types import TracebackType

    from jambicrawl.warc.exchange import Exchange

logger = logging.getLogger(__name__)

#: How often a blocked send or close looks whether the writer process is still there.
_POLL_SECONDS = 1.0
#: How long the replies left in the pipe may take to be read once the process has ended.
_READER_GRACE_SECONDS = 10.0

_running: WriterProcess | None = None


def running_writer_process() -> WriterProcess | None:
    """The WARC writer process this crawl process writes through, if one is running."""
    return _running


class WriterProcess:
    """Starts the WARC writer process, sends it commands, and hands its replies to the writers.

    Use as a context manager around the crawl: on exit every sink is closed and the
    process has ended."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        # Bounded: a crawl that archives faster than the process writes waits, as it
        # waited on the writer thread's queue.
        self._commands: multiprocessing.Queue[Command] = context.Queue(QUEUE_SIZE)
        # None: the reader's stop, put there by this side.
        self._replies: multiprocessing.Queue[Reply | None] = context.Queue()
        self._process = context.Process(
            target=serve, args=(self._commands, self._replies), name="jambicrawl-warc-writer"
        )
        self._reader = threading.Thread(target=self._read, name="warc-writer-replies", daemon=True)
        self._writers: dict[str, RemoteWarcWriter] = {}
        self._closing = False

    def __enter__(self) -> WriterProcess:
        global _running
        self._process.start()
        self._reader.start()
        _running = self
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        global _running
        _running = None
        self._closing = True
        self.send(Stop())
        self._process.join()
        self._replies.put(None)  # every reply before it is handled
        # Not for ever: a process killed while it wrote a reply leaves the reader waiting
        # for the rest of it.
        self._reader.join(timeout=_READER_GRACE_SECONDS)
        for writer in self._writers.values():
            writer.abandon()

    def writer(
        self,
        key: str,
        spec: SinkSpec,
        count: Callable[[str, int], None],
        on_fatal: Callable[[str], None],
    ) -> RemoteWarcWriter:
        writer = self._writers[key] = RemoteWarcWriter(self, key, spec, count, on_fatal)
        return writer

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def send(self, command: Command) -> bool:
        """Queue a command, waiting while the queue is full; False if the process is gone."""
        while self.alive:
            try:
                self._commands.put(command, timeout=_POLL_SECONDS)
            except queue.Full:
                continue
            return True
        return False

    def _lost(self) -> None:
        """The writer process ended while crawlers still wrote through it (killed, or
        crashed): their writers fail, which stops their crawls, and no Article waits for
        a citation that will never come."""
        for writer in self._writers.values():
            if not writer.closed:
                writer.lose("the WARC writer process ended unexpectedly")
            writer.release()

    def wait(self, event: threading.Event) -> bool:
        """Wait for ``event``; False if the writer process ended first."""
        while not event.wait(_POLL_SECONDS):
            if not self.alive:
                return event.is_set()
        return True

    def _read(self) -> None:
        while True:
            try:
                reply = self._replies.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if not (self.alive or self._closing):
                    self._lost()
                continue
            match reply:
                case None:
                    return
                case Written(cited, counts):
                    for key, record_id, warc_file in cited:
                        self._writers[key].written(record_id, warc_file)
                    for key, increments in counts.items():
                        self._writers[key].add(increments)
                case Fatal(key, reason):
                    self._writers[key].fatal(reason)
                case Closed(key, counts):
                    self._writers[key].closed_with(counts)
                case _:
                    assert_never(reply)


class RemoteWarcWriter:
    """A crawler's writer in the WARC writer process:
    :class:`~jambicrawl.warc.writer.WarcWriter`'s interface (``start``, ``submit``,
    ``close``, ``failure``)."""

    def __init__(
        self,
        process: WriterProcess,
        key: str,
        spec: SinkSpec,
        count: Callable[[str, int], None],
        on_fatal: Callable[[str], None],
    ) -> None:
        self._process, self._key, self._spec = process, key, spec
        self._count, self._on_fatal = count, on_fatal
        self._cited: dict[str, Future[str]] = {}
        self._closed = threading.Event()
        #: Why writing stopped for good, once it has.
        self.failure: str | None = None

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def start(self) -> None:
        if not self._process.send(Open(self._key, self._spec)):
            self.lose("the WARC writer process has ended")

    def submit(self, exchange: Exchange, cite: Future[str] | None = None) -> bool:
        """Queue an exchange; False when it will not be archived. Once queued, ``cite`` is
        resolved with the name of the file its records went to ("" when they were not
        written); an exchange refused leaves ``cite`` to the caller."""
        if self.failure is not None:
            return False
        if cite is not None:
            self._cited[exchange.record_id] = cite
        if self._process.send(Write(self._key, exchange, cite is not None)):
            return True
        self._cited.pop(exchange.record_id, None)
        self.lose("the WARC writer process has ended")
        return False

    def close(self) -> None:
        """Have everything submitted written and the files closed; blocks until done."""
        sent = self._closed.is_set() or self._process.send(Close(self._key))
        if not (sent and self._process.wait(self._closed)):
            self.lose("the WARC writer process ended before closing its files")
        self.abandon()

    # Replies from the writer process, in the reader thread.

    def written(self, record_id: str, warc_file: str) -> None:
        cite = self._cited.pop(record_id, None)
        if cite is not None:
            cite.set_result(warc_file)

    def add(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self._count(key, value)

    def fatal(self, reason: str) -> None:
        self.failure = reason
        self._on_fatal(reason)

    def closed_with(self, counts: dict[str, int]) -> None:
        self.add(counts)
        self._closed.set()

    def abandon(self) -> None:
        """Give up on every reply still awaited, for good."""
        self.release()
        self._closed.set()

    def release(self) -> None:
        """Articles waiting for the file of an exchange that will not be written cite none."""
        release_citations(self._cited)

    def lose(self, reason: str) -> None:
        """Stop writing for good, say why once, and stop the crawl."""
        if self.failure is None:
            self.failure = f"WARC archive write failed ({reason}); stopping the crawl."
            logger.error(self.failure)
            self._on_fatal(self.failure)
