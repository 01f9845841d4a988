"""Which record holds a revisit's payload: one rule for the full scan of ``replay`` and for
the CDXJ index of ``crawl --from-archive``.

By ``WARC-Refers-To`` (the record ID), then ``WARC-Refers-To-Target-URI`` and
``WARC-Refers-To-Date``, each only when the payload digests agree; then any record with the
same payload digest: the same URL first, then the latest capture made before the revisit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from warcio.timeutils import iso_date_to_timestamp

if TYPE_CHECKING:
    from collections.abc import Callable

#: A record as an index knows it: a scanned record head, a CDXJ line.
R = TypeVar("R")


def timestamp(warc_date: str) -> str:
    """``WARC-Date`` as 14 digits: dates written to the second and to the millisecond
    (WARC/1.1) compare equal."""
    try:
        return str(iso_date_to_timestamp(warc_date))[:14]
    except (ValueError, TypeError, IndexError):
        return warc_date


@dataclass(frozen=True, slots=True)
class Revisit:
    """What a revisit record says of its original."""

    uri: str
    #: 14 digits (:func:`timestamp`).
    timestamp: str
    digest: str
    #: ``WARC-Refers-To``; "" when the record does not say.
    refers_to: str = ""
    refers_to_uri: str = ""
    #: 14 digits; "" when the record does not say.
    refers_to_date: str = ""


@dataclass(frozen=True, slots=True)
class _Original(Generic[R]):
    record: R
    uri: str
    timestamp: str
    digest: str


class Originals(Generic[R]):
    """The records that hold payloads (responses), and the one each revisit refers to.

    ``url_key`` is how the index compares URLs (the CDXJ index by SURT key).
    """

    def __init__(self, url_key: Callable[[str], str] = str) -> None:
        self._key = url_key
        self._by_id: dict[str, _Original[R]] = {}
        self._by_uri_date: dict[tuple[str, str], _Original[R]] = {}
        self._by_digest: dict[str, list[_Original[R]]] = {}

    def add(self, record: R, *, uri: str, timestamp: str, digest: str, record_id: str = "") -> None:
        original = _Original(record, uri, timestamp, digest)
        if record_id:
            self._by_id[record_id] = original
        self._by_uri_date.setdefault((self._key(uri), timestamp), original)
        if digest:
            self._by_digest.setdefault(digest, []).append(original)

    def original(self, revisit: Revisit) -> R | None:
        """The record holding the revisit's payload; None when the index has none."""

        def fits(found: _Original[R] | None) -> bool:
            agree = not revisit.digest or not found or not found.digest
            return found is not None and (agree or found.digest == revisit.digest)

        found = self._by_id.get(revisit.refers_to) if revisit.refers_to else None
        if found is not None and fits(found):
            return found.record
        if revisit.refers_to_uri and revisit.refers_to_date:
            key = (self._key(revisit.refers_to_uri), revisit.refers_to_date)
            found = self._by_uri_date.get(key)
            if found is not None and fits(found):
                return found.record
        candidates = self._by_digest.get(revisit.digest, []) if revisit.digest else []
        if not candidates:
            return None
        uri = revisit.refers_to_uri or revisit.uri
        when = revisit.timestamp
        best = max(candidates, key=lambda o: (o.uri == uri, o.timestamp <= when, o.timestamp))
        return best.record
