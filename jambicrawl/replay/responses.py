"""The HTTP response a capture stands for, with its body decoded; revisits filled in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jambicrawl.replay.payload import decode_body

if TYPE_CHECKING:
    from jambicrawl.replay.reader import StoredRecord

#: Headers that describe the stored bytes, not the decoded body handed on.
_FRAMING = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    #: The response's headers, without those that described the encoded body.
    headers: list[tuple[str, str]]
    #: The body as a browser sees it: chunk framing and Content-Encoding undone.
    body: bytes

    def header_dict(self) -> dict[str, str]:
        """One value per header name, the last one, as Scrapy's ``headers[name]`` gives."""
        return dict(self.headers)


def replayed(capture: StoredRecord, original: StoredRecord | None = None) -> HttpResponse:
    """The response of a response record, or of a revisit record and its original.

    The stored bytes are the original's, so its headers say how to decode them. A revisit
    that repeats the server's headers (identical payload) keeps its own status and headers;
    one without them, or a 304 (server not modified), takes the original's.

    Raises :class:`~jambicrawl.replay.payload.PayloadError` for a body that cannot be decoded.
    """
    source = original or capture
    body = decode_body(source.headers, source.payload)
    own = capture.status is not None and capture.status != 304 and capture.headers
    status, headers = (capture.status, capture.headers) if own else (source.status, source.headers)
    kept = [(name, value) for name, value in headers if name.lower() not in _FRAMING]
    return HttpResponse(status or 200, kept, body)
