"""Rewriting absolute URLs of the registered sites' hosts to the mirror.

``https://host/p``, ``http://host/p``, protocol-relative ``//host/p`` and the JSON-escaped
``https:\\/\\/host\\/p`` of WordPress scripts all become ``{mirror}/host/p`` (the mapping of
:mod:`jambicrawl.mirror.urls`), so that a crawler of the mirror never leaves it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


class HostRewriter:
    """Rewrites URLs of ``hosts`` in text and bytes to ``mirror``."""

    def __init__(self, hosts: Iterable[str], mirror: str) -> None:
        names = sorted({h.lower() for h in hosts}, key=len, reverse=True)
        self.mirror = mirror.rstrip("/")
        alternatives = "|".join(re.escape(h) for h in names) or r"(?!)"
        # A host ends where no host character follows (jambiupdate.co vs jambiupdate.com);
        # "//host" alone counts only where a URL starts (after a quote, "=", "(" or space).
        plain = rf"(?:https?:|(?<=[\"'=(\s]))//({alternatives})(?![\w.-])"
        escaped = rf"https?:\\/\\/({alternatives})(?![\w.-])"
        self._plain = re.compile(plain, re.IGNORECASE)
        self._escaped = re.compile(escaped, re.IGNORECASE)
        self._plain_bytes = re.compile(plain.encode(), re.IGNORECASE)
        self._escaped_bytes = re.compile(escaped.encode(), re.IGNORECASE)
        self._mirror_bytes = self.mirror.encode()
        self._mirror_escaped = self.mirror.replace("/", "\\/")

    def text(self, text: str) -> str:
        text = self._plain.sub(lambda m: f"{self.mirror}/{m[1].lower()}", text)
        return self._escaped.sub(lambda m: f"{self._mirror_escaped}\\/{m[1].lower()}", text)

    def bytes(self, body: bytes) -> bytes:
        """The same on raw page bytes, whatever their encoding (hosts are ASCII)."""
        body = self._plain_bytes.sub(lambda m: self._mirror_bytes + b"/" + m[1].lower(), body)
        escaped = self._mirror_escaped.encode()
        return self._escaped_bytes.sub(lambda m: escaped + b"\\/" + m[1].lower(), body)
