"""The payload digest every record of the archive uses (``sha1:`` + base32, as pywb expects)."""

from __future__ import annotations

from warcio.utils import Digester


def payload_digest(body: bytes) -> str:
    """``WARC-Payload-Digest`` of an HTTP payload."""
    digester = Digester("sha1")
    digester.update(body)
    return str(digester)
