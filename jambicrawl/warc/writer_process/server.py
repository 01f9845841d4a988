"""The WARC writer process's loop: one :class:`~jambicrawl.warc.writer.WarcSink` per crawler,
fed by the commands of the crawl process that started it.

The files of cited exchanges (the pages of articles) go back in batches: at most
:data:`REPLY_BATCH`, and whenever the process has caught up with its queue.
"""

from __future__ import annotations

import logging
import queue
import signal
from collections import Counter
from typing import TYPE_CHECKING, TypeVar, assert_never

from jambicrawl.processes import die_with_parent
from jambicrawl.warc.writer import WarcSink
from jambicrawl.warc.writer_process.messages import (
    Cited,
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

if TYPE_CHECKING:
    import multiprocessing
    from collections.abc import Callable

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

_LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
#: Cited exchanges whose file the writer process reports at once, at most.
REPLY_BATCH = 32


def serve(commands: multiprocessing.Queue[Command], replies: multiprocessing.Queue[Reply]) -> None:
    """The writer process's main loop: write what comes until told to stop."""
    die_with_parent()
    # Ctrl-C reaches the whole process group, and systemd's stop the whole control group:
    # the crawlers stop gracefully and close their sinks, so this process must live on
    # until they have (it dies with the crawl process that started it).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, format=_LOG_FORMAT)
    sinks = _Sinks(replies)
    try:
        while not isinstance(command := _next(commands, sinks), Stop):
            sinks.handle(command)
    finally:
        sinks.close_all()


def _next(commands: multiprocessing.Queue[Command], sinks: _Sinks) -> Command:
    """The next command; the replies owed are sent first when none is waiting."""
    try:
        return commands.get_nowait()
    except queue.Empty:
        sinks.reply()
        return commands.get()


class _Sinks:
    """The writer process's sinks, one per crawler, and their pending stats."""

    def __init__(self, replies: multiprocessing.Queue[Reply]) -> None:
        self.replies = replies
        self.sinks: dict[str, WarcSink] = {}
        self.counts: dict[str, Counter[str]] = {}
        #: Cited exchanges written since the last reply.
        self.cited: list[Cited] = []

    def handle(self, command: Open | Write | Close) -> None:
        match command:
            case Open(key, spec):
                counts = self.counts[key] = Counter()

                def count(name: str, value: int) -> None:
                    counts[name] += value

                sink = self.sinks[key] = WarcSink(spec, count, lambda why: self._fatal(key, why))
                self._guarded(sink, sink.open)
            case Write(key, exchange, cited):
                sink = self.sinks[key]
                warc_file = self._guarded(sink, lambda: sink.write(exchange))
                if cited:
                    self.cited.append(Cited(key, exchange.record_id, warc_file or ""))
                    if len(self.cited) >= REPLY_BATCH:
                        self.reply()
            case Close(key):
                sink = self.sinks.pop(key)
                self._guarded(sink, sink.close)
                self.reply()
                self.replies.put(Closed(key, self._counts(key)))
            case _:
                assert_never(command)

    def reply(self) -> None:
        """Send the files of the cited exchanges written, and the stats, since the last."""
        counts = {key: self._counts(key) for key, counter in self.counts.items() if counter}
        if self.cited or counts:
            self.replies.put(Written(tuple(self.cited), counts))
            self.cited = []

    def close_all(self) -> None:
        for key in list(self.sinks):
            self.handle(Close(key))

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
        self.replies.put(Fatal(key, reason))
