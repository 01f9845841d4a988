"""Canonical article URLs: one URL per article whatever page, copy or campaign was fetched."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING = re.compile(r"^(?:utm_\w+|_ga|_gl|fbclid|gclid|mc_\w+|ref|src)$", re.IGNORECASE)
_PAGE_PARAMS = frozenset({"page", "halaman", "hal"})
# Disway: /read/{id}/{slug}/{n} is page n (or offset n) of /read/{id}/{slug}.
_DISWAY_PAGE = re.compile(r"^(/read/\d+/[^/]+)/\d+/?$")
_DISWAY_AMP = re.compile(r"^/amp/(\d+/[^/]+)")


def canonical_url(url: str) -> str:
    """``url`` without page parameters, AMP paths, tracking parameters and fragment."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    if m := _DISWAY_AMP.match(path):
        path = f"/read/{m.group(1)}"
    if m := _DISWAY_PAGE.match(path):
        path = m.group(1)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(k) and k.lower() not in _PAGE_PARAMS
    ]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def same_site(url: str, other: str) -> bool:
    """True when both URLs are on the same host, ``www.`` aside."""
    a = (urlsplit(url).hostname or "").removeprefix("www.")
    b = (urlsplit(other).hostname or "").removeprefix("www.")
    return bool(a) and a == b


def absolute(base: str, link: str | None) -> str | None:
    """``link`` resolved against ``base``; None for empty, data: and javascript: links."""
    if not link:
        return None
    link = link.strip()
    if not link or link.startswith(("data:", "javascript:", "#", "mailto:")):
        return None
    return urljoin(base, link)
