"""Stopping a crawl on SIGINT or SIGTERM: the first stops it gracefully, a second at once.

A graceful stop waits for the downloads in flight, and a server that accepts connections and
never answers holds one for as long as its timeout and retries allow, or for good: so a
graceful stop still running ``JAMBICRAWL_STOP_TIMEOUT`` seconds later becomes a stop at once,
as a second signal would (what systemd or docker would otherwise do with a SIGKILL).

Only the ``jambicrawl crawl`` process catches the signals; the processes it starts ignore
them and obey it through two events. So a Ctrl-C, which reaches the whole process group,
and systemd's stop, which reaches the whole control group, count once, like a ``kill``
of the main process alone (``docker stop``, ``timeout``).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from jambicrawl.errors import CommandError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

logger = logging.getLogger(__name__)

#: The signals that stop a crawl.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: How often a crawl process looks whether it was told to stop.
_POLL_SECONDS = 0.2
_FLAG_POLL_SECONDS = 0.05
#: The setting that bounds a graceful stop (jambicrawl/settings.py).
STOP_TIMEOUT_SETTING = "JAMBICRAWL_STOP_TIMEOUT"
#: Stats key: the downloads still in flight when the crawl was stopped at once (a second
#: signal, the stop timeout, a stalled crawl that did not close), abandoned unanswered.
CANCELLED_DOWNLOADS = "jambicrawl/stop/cancelled_downloads"


def stop_timeout(overrides: Mapping[str, Any] | None) -> float:
    """``JAMBICRAWL_STOP_TIMEOUT`` from the settings overrides (``-s``, a schedule file's),
    else its default. Read so, not from Scrapy's settings: a crawl's main process loads
    none. A value that is no number is a one-line :class:`CommandError`."""
    from jambicrawl import settings

    value = (overrides or {}).get(STOP_TIMEOUT_SETTING, settings.JAMBICRAWL_STOP_TIMEOUT)
    try:
        return float(value)
    except (TypeError, ValueError):
        message = f"{STOP_TIMEOUT_SETTING}={value}: expected a number of seconds"
        raise CommandError(message) from None


class Event(Protocol):
    """threading.Event, or a :class:`SharedFlag` for stops shared with worker processes."""

    def set(self) -> None: ...
    def is_set(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> bool: ...


class SharedFlag:
    """An event several processes share with no lock: a process killed while it waits
    cannot leave it held. (``multiprocessing.Event.set`` waits for every waiter to wake, and
    one that died never does: the main process then hangs in ``set``.)"""

    def __init__(self, value: Any) -> None:
        self._value = value

    @classmethod
    def create(cls, context: Any) -> SharedFlag:
        """A flag in shared memory, to hand to processes of ``context`` when they start."""
        return cls(context.RawValue("b", 0))

    def set(self) -> None:
        self._value.value = 1

    def is_set(self) -> bool:
        return bool(self._value.value)

    def wait(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(_FLAG_POLL_SECONDS)
        return True


@dataclass
class StopRequests:
    """What the main process was told: stop gracefully, then stop at once."""

    graceful: Event = field(default_factory=threading.Event)
    now: Event = field(default_factory=threading.Event)
    #: The first signal received (in the main process only).
    signal: int | None = None
    #: When it was received (``time.monotonic``).
    asked_at: float | None = None

    def request(self, signum: int) -> None:
        if self.graceful.is_set():
            self.now.set()
        else:
            self.signal, self.asked_at = signum, time.monotonic()
            self.graceful.set()

    def expire(self, timeout: float) -> None:
        """A graceful stop asked more than ``timeout`` seconds ago (0: no limit) becomes a
        stop at once."""
        if timeout <= 0 or self.asked_at is None:
            return
        if time.monotonic() - self.asked_at >= timeout:
            self.now.set()


@contextmanager
def catching_signals(stops: StopRequests) -> Iterator[StopRequests]:
    """SIGINT and SIGTERM become stop requests while the block runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield stops
        return
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}

    def handler(signum: int, frame: Any) -> None:
        stops.request(signum)

    for sig in STOP_SIGNALS:
        signal.signal(sig, handler)
    try:
        yield stops
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def ignore_signals() -> None:
    """For processes a crawl starts: the main process decides when they stop."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)


def obey(
    stops: StopRequests,
    graceful: Callable[[], object],
    now: Callable[[], object],
    timeout: float = 0,
) -> Callable[[], None]:
    """Call ``graceful`` then ``now`` in the reactor thread when the stops are requested,
    from a watching thread; returns the function that ends the watch. ``now`` is called
    too when the graceful stop has not ended ``timeout`` seconds after it began (0: never).

    ``graceful`` is called again at each poll until ``now`` is requested: it must stop what
    it can each time (a crawler still opening its spider can be stopped only once its engine
    runs)."""
    from twisted.internet import reactor

    done = threading.Event()

    def wait(
        event: Event, timeout: float = 0, repeat: Callable[[], object] | None = None
    ) -> Literal["came", "ended", "timeout"]:
        """Whether ``event`` came, the watch ended or ``timeout`` passed first; ``repeat``
        is called at each poll."""
        deadline = time.monotonic() + timeout if timeout > 0 else None
        while not event.wait(_POLL_SECONDS):
            if done.is_set():
                return "ended"
            if deadline is not None and time.monotonic() >= deadline:
                return "timeout"
            if repeat is not None:
                reactor.callFromThread(repeat)
        return "came"

    def watch() -> None:
        if wait(stops.graceful) != "came":
            return
        bound = f" (at once in {timeout:.0f} s anyway)" if timeout > 0 else ""
        reactor.callFromThread(logger.warning, "Stopping gracefully: what was fetched is "
                               "archived; stop again to stop at once%s", bound)  # fmt: skip
        reactor.callFromThread(graceful)
        waited = wait(stops.now, timeout, repeat=graceful)
        if waited == "ended":
            return
        why = f": the graceful stop took longer than {STOP_TIMEOUT_SETTING} = {timeout:.0f} s"
        reactor.callFromThread(
            logger.warning, "Stopping at once%s", why if waited == "timeout" else ""
        )
        reactor.callFromThread(now)

    threading.Thread(target=watch, name="stop-requests", daemon=True).start()
    return done.set


def stop_reactor() -> None:
    """Stop this process's reactor now: its crawlers end without closing. ``crash``, not
    ``stop``: a stop waits for Scrapy's shutdown trigger, which waits for every engine to
    close, and an engine stuck in a task never does. What the crawlers handed the WARC
    writer is still written and its files closed (the writer process outlives the reactor)."""
    from twisted.internet import reactor

    with suppress(RuntimeError):  # stopped already
        reactor.crash()  # type: ignore[misc]  # Twisted's interface stubs confuse mypy here


def end_reactor_threads() -> None:
    """After a stop at once: stop the reactor's thread pool, whose threads would keep the
    process from exiting, and let the tasks it left pending go without a word each."""
    from twisted.internet import reactor

    pool = getattr(reactor, "threadpool", None)
    if pool is not None and pool.started:  # a clean shutdown stops it
        pool.stop()
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
