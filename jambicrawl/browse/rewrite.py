"""An archived page made to point into the archive: every link, source and stylesheet URL
of an HTML page (and ``url()``/``@import`` of CSS) becomes the capture origin's
``/web/TIMESTAMP/URL``, scripts and refreshes dropped. What is left unrewritten the capture
origin's Content-Security-Policy still keeps from the network."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import lxml.html
from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Callable

#: The path under which the capture origin serves a capture: ``/web/TIMESTAMP/URL``.
PREFIX = "/web/"
_CSS_URL = re.compile(r"""(url\(\s*["']?|@import\s+["'])([^"')\s]+)""", re.I)
#: Elements a replay drops: scripts run in no replay, and a refresh would leave the archive.
_DROPPED = "//script|//noscript|//meta[translate(@http-equiv, 'REFSH', 'refsh')='refresh']"


def replay_url(timestamp: str, url: str) -> str:
    """The path of ``url``'s capture nearest ``timestamp`` on the capture origin."""
    return f"{PREFIX}{timestamp}/{url}"


def _into_archive(timestamp: str, base: str) -> Callable[[str], str]:
    def link(url: str) -> str:
        absolute = urljoin(base, url.strip())
        if absolute.startswith(("http://", "https://")):
            return replay_url(timestamp, absolute)
        return url if absolute.startswith(("data:", "#")) else "about:blank"

    return link


def _srcset(value: str, link: Callable[[str], str]) -> str:
    candidates = []
    for candidate in value.split(","):
        url, _, size = candidate.strip().partition(" ")
        if url:
            candidates.append(f"{link(url)} {size}".strip())
    return ", ".join(candidates)


def html(body: bytes, url: str, timestamp: str) -> bytes:
    """The page, its URLs into the archive, as UTF-8."""
    try:
        document = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return b""
    for element in document.xpath(_DROPPED):
        element.drop_tree()
    link = _into_archive(timestamp, url)
    document.rewrite_links(link, resolve_base_href=True, base_href=url)
    for element in document.xpath("//*[@srcset]"):
        element.set("srcset", _srcset(element.get("srcset", ""), link))
    for element in document.xpath("//base"):
        element.drop_tree()
    return b"<!DOCTYPE html>\n" + lxml.html.tostring(document, encoding="utf-8")


def css(body: bytes, url: str, timestamp: str) -> bytes:
    """A stylesheet, its ``url()`` and ``@import`` into the archive."""
    link = _into_archive(timestamp, url)
    text = body.decode("utf-8", "replace")
    return _CSS_URL.sub(lambda m: m.group(1) + link(m.group(2)), text).encode()
