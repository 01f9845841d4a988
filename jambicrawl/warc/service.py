"""The archive process: WARC writing for all the crawlers of one crawl process, on its own core.

``jambicrawl crawl`` starts one beside each process that runs crawlers. The crawlers' capture
extension then hands captures to it over a queue (:class:`RemoteWarcWriter`) instead of to a
writer thread in the crawl process. Link extraction, record building, gzip and disk writes
were a third of a crawl's CPU time, and a writer thread shares the reactor's GIL: in a
process of its own that work runs beside the reactor, and the kernel spreads it over the
cores. Without a running archive process (``scrapy crawl``, ``WARC_PROCESS = False``) the
extension writes from a thread as before.

Messages, in order on one queue, crawl process to archive process::

    ("open", key, SinkSpec)    ("capture", key, Capture, cited)    ("close", key)    None

and back::

    ("written", [(key, record_id, warc_file), ...], {key: counts})
    ("fatal", key, reason)    ("closed", key, counts)

``key`` names one crawler's sink; ``counts`` are its stats increments since the last reply.
The files of cited captures (the pages of articles) go back in batches: at most
:data:`REPLY_BATCH`, and whenever the archive process has caught up with its queue.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
import threading
from collections import Counter
from typing import TYPE_CHECKING, Any, TypeVar

from jambicrawl.processes import die_with_parent
from jambicrawl.warc.writer import QUEUE_SIZE, SinkSpec, WarcSink, release_citations

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future
    from types import TracebackType

    from jambicrawl.warc.capture import Capture

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

#: How often a blocked send or close looks whether the archive process is still there.
_POLL_SECONDS = 1.0
_LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
#: How long the replies left in the pipe may take to be read once the process has ended.
_READER_GRACE_SECONDS = 10.0
#: Cited captures whose file the archive process reports at once, at most.
REPLY_BATCH = 32


# --- the archive process --------------------------------------------------------------------


def serve(requests: multiprocessing.Queue[Any], replies: multiprocessing.Queue[Any]) -> None:
    """The archive process's main loop: write what comes until told to stop."""
    die_with_parent()
    # Ctrl-C reaches the whole process group, and systemd's stop the whole control group:
    # the crawlers stop gracefully and close their sinks, so this process must live on
    # until they have (it dies with the crawl process that started it).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, format=_LOG_FORMAT)
    sinks = _Sinks(replies)
    try:
        while (message := _next(requests, sinks)) is not None:
            sinks.handle(message)
    finally:
        sinks.close_all()


def _next(requests: multiprocessing.Queue[Any], sinks: _Sinks) -> Any:
    """The next message; the replies owed are sent first when none is waiting."""
    try:
        return requests.get_nowait()
    except queue.Empty:
        sinks.reply()
        return requests.get()


class _Sinks:
    """The archive process's sinks, one per crawler, and their pending stats."""

    def __init__(self, replies: multiprocessing.Queue[Any]) -> None:
        self.replies = replies
        self.sinks: dict[str, WarcSink] = {}
        self.counts: dict[str, Counter[str]] = {}
        #: (key, record_id, warc_file) of cited captures written since the last reply.
        self.written: list[tuple[str, str, str]] = []

    def handle(self, message: tuple[Any, ...]) -> None:
        kind, key, *args = message
        if kind == "open":
            counts = self.counts[key] = Counter()

            def count(name: str, value: int) -> None:
                counts[name] += value

            sink = self.sinks[key] = WarcSink(args[0], count, lambda why: self._fatal(key, why))
            self._guarded(sink, sink.open)
        elif kind == "capture":
            capture, cited = args
            sink = self.sinks[key]
            warc_file = self._guarded(sink, lambda: sink.write(capture))
            if cited:
                self.written.append((key, capture.record_id, warc_file or ""))
                if len(self.written) >= REPLY_BATCH:
                    self.reply()
        elif kind == "close":
            sink = self.sinks.pop(key)
            self._guarded(sink, sink.close)
            self.reply()
            self.replies.put(("closed", key, self._counts(key)))

    def reply(self) -> None:
        """Send the files of the cited captures written, and the stats, since the last."""
        counts = {key: self._counts(key) for key, counter in self.counts.items() if counter}
        if self.written or counts:
            self.replies.put(("written", self.written, counts))
            self.written = []

    def close_all(self) -> None:
        for key in list(self.sinks):
            self.handle(("close", key))

    def _guarded(self, sink: WarcSink, work: Callable[[], _T]) -> _T | None:
        """``work()``; an exception (a bug) stops the sink for good instead of this process,
        which the crawl would wait on."""
        try:
            return work()
        except Exception as exc:
            logger.exception("The WARC writer failed")
            sink.fail(f"the WARC writer failed: {exc!r}")
            return None

    def _counts(self, key: str) -> dict[str, int]:
        counts = dict(self.counts[key])
        self.counts[key].clear()
        return counts

    def _fatal(self, key: str, reason: str) -> None:
        self.reply()
        self.replies.put(("fatal", key, reason))


# --- the crawl process's side ---------------------------------------------------------------

_running: ArchiveProcess | None = None


def running_archive() -> ArchiveProcess | None:
    """The archive process this crawl process writes through, if one is running."""
    return _running


class ArchiveProcess:
    """Starts the archive process, sends it messages, and hands its replies to the writers.

    Use as a context manager around the crawl: on exit every sink is closed and the
    process has ended."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        # Bounded: a crawl that captures faster than the archive writes waits, as it
        # waited on the writer thread's queue.
        self._requests: multiprocessing.Queue[Any] = context.Queue(QUEUE_SIZE)
        self._replies: multiprocessing.Queue[Any] = context.Queue()
        self._process = context.Process(
            target=serve, args=(self._requests, self._replies), name="jambicrawl-archive"
        )
        self._reader = threading.Thread(target=self._read, name="archive-replies", daemon=True)
        self._writers: dict[str, RemoteWarcWriter] = {}
        self._closing = False

    def __enter__(self) -> ArchiveProcess:
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
        self.send(None)
        self._process.join()
        self._replies.put(None)  # the reader's stop: every reply before it is handled
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

    def send(self, message: tuple[Any, ...] | None) -> bool:
        """Queue a message, waiting while the queue is full; False if the process is gone."""
        while self.alive:
            try:
                self._requests.put(message, timeout=_POLL_SECONDS)
            except queue.Full:
                continue
            return True
        return False

    def _lost(self) -> None:
        """The archive process ended while crawlers still wrote through it (killed, or
        crashed): their writers fail, which stops their crawls, and no Article waits for
        a citation that will never come."""
        for writer in self._writers.values():
            if not writer.closed:
                writer.lose("the archive process ended unexpectedly")
            writer.release()

    def wait(self, event: threading.Event) -> bool:
        """Wait for ``event``; False if the archive process ended first."""
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
            if reply is None:
                return
            if reply[0] == "written":
                _, written, counts = reply
                for key, record_id, warc_file in written:
                    self._writers[key].written(record_id, warc_file)
                for key, increments in counts.items():
                    self._writers[key].add(increments)
            else:
                kind, key, arg = reply
                self._writers[key].receive(kind, arg)


class RemoteWarcWriter:
    """A crawler's writer in the archive process: :class:`~jambicrawl.warc.writer.WarcWriter`'s
    interface (``start``, ``submit``, ``close``, ``failure``)."""

    def __init__(
        self,
        archive: ArchiveProcess,
        key: str,
        spec: SinkSpec,
        count: Callable[[str, int], None],
        on_fatal: Callable[[str], None],
    ) -> None:
        self._archive, self._key, self._spec = archive, key, spec
        self._count, self._on_fatal = count, on_fatal
        self._cited: dict[str, Future[str]] = {}
        self._closed = threading.Event()
        #: Why writing stopped for good, once it has.
        self.failure: str | None = None

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def start(self) -> None:
        if not self._archive.send(("open", self._key, self._spec)):
            self.lose("the archive process has ended")

    def submit(self, capture: Capture, cite: Future[str] | None = None) -> bool:
        """Queue a capture; False when it will not be archived. Once queued, ``cite`` is
        resolved with the name of the file its records went to ("" when they were not
        written); a capture refused leaves ``cite`` to the caller."""
        if self.failure is not None:
            return False
        if cite is not None:
            self._cited[capture.record_id] = cite
        if self._archive.send(("capture", self._key, capture, cite is not None)):
            return True
        self._cited.pop(capture.record_id, None)
        self.lose("the archive process has ended")
        return False

    def close(self) -> None:
        """Have everything submitted written and the files closed; blocks until done."""
        sent = self._closed.is_set() or self._archive.send(("close", self._key))
        if not (sent and self._archive.wait(self._closed)):
            self.lose("the archive process ended before closing its files")
        self.abandon()

    # Replies from the archive process, in the reader thread.

    def written(self, record_id: str, warc_file: str) -> None:
        cite = self._cited.pop(record_id, None)
        if cite is not None:
            cite.set_result(warc_file)

    def add(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self._count(key, value)

    def receive(self, kind: str, arg: Any) -> None:
        if kind == "fatal":
            self.failure = arg
            self._on_fatal(arg)
        elif kind == "closed":
            self.add(arg)
            self._closed.set()

    def abandon(self) -> None:
        """Give up on every reply still awaited, for good."""
        self.release()
        self._closed.set()

    def release(self) -> None:
        """Articles waiting for the file of a capture that will not be written cite none."""
        release_citations(self._cited)

    def lose(self, reason: str) -> None:
        """Stop writing for good, say why once, and stop the crawl."""
        if self.failure is None:
            self.failure = f"WARC archive write failed ({reason}); stopping the crawl."
            logger.error(self.failure)
            self._on_fatal(self.failure)
