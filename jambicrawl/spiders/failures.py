"""Requests that failed for good without an answer, counted by kind and host, so that a crawl
of a site that could not be reached says why (jambicrawl/state/causes.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import exceptions
from twisted.internet import error
from twisted.web.client import ResponseFailed, ResponseNeverReceived

from jambicrawl.state.causes import NETWORK_ERRORS

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector
    from twisted.python.failure import Failure

#: The kinds of jambicrawl.state.causes.NETWORK_KINDS, by the exceptions that raise them
#: (Scrapy's own since 2.13, Twisted's before); the first that matches wins.
_KINDS: tuple[tuple[str, tuple[type[BaseException], ...]], ...] = (
    ("dns", (exceptions.CannotResolveHostError, error.DNSLookupError)),
    ("refused", (exceptions.DownloadConnectionRefusedError, error.ConnectionRefusedError)),
    ("timeout", (exceptions.DownloadTimeoutError, error.TimeoutError)),
    ("connection", (exceptions.DownloadFailedError, exceptions.ResponseDataLossError,
                    error.ConnectError, error.ConnectionLost, ResponseFailed,
                    ResponseNeverReceived)),
)  # fmt: skip


def network_kind(failure: Failure) -> str:
    """``dns``, ``refused``, ``timeout`` or ``connection``; "" for a failure that is not
    the network's (an HTTP error status, a request dropped, a download cancelled)."""
    for kind, types in _KINDS:
        if isinstance(failure.value, types):
            return kind
    return ""


def count_network_failure(stats: StatsCollector, url: str, failure: Failure) -> None:
    """Count ``failure`` of the request for ``url`` when the network caused it."""
    kind = network_kind(failure)
    if kind:
        stats.inc_value(f"{NETWORK_ERRORS}{kind}/{urlsplit(url).netloc}")
