"""Canonical article URLs: one URL per article whatever page, copy or campaign was fetched.

w3lib's ``canonicalize_url`` does what holds for every URL (query parameters sorted,
percent-encoding normalised, scheme and host lower-cased, fragment dropped); the rules of
news sites are data here: tracking and page parameters, Disway's page and AMP paths, and
the default port, which w3lib keeps.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING = re.compile(r"^(?:utm_\w+|_ga|_gl|fbclid|gclid|mc_\w+|ref|src)$", re.IGNORECASE)
#: The query parameters that number the pages of a split article ("?halaman=2").
PAGE_PARAMS = frozenset({"page", "halaman", "hal"})
# Disway: /read/{id}/{slug}/{n} is page n (or offset n) of /read/{id}/{slug}.
# The prefix lets the same rules work on mirror URLs ({mirror}/{host}/read/...).
_DISWAY_PAGE = re.compile(r"^(.*/read/\d+/[^/]+)/\d+/?$")
_DISWAY_AMP = re.compile(r"^(.*?)/amp/(\d+/[^/]+)")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """``url`` without page parameters, AMP paths, tracking parameters and fragment."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    if m := _DISWAY_AMP.match(path):
        path = f"{m.group(1)}/read/{m.group(2)}"
    if m := _DISWAY_PAGE.match(path):
        path = m.group(1)
    query = _kept_query(parts.query, drop=PAGE_PARAMS)
    netloc = parts.netloc
    if parts.port is not None and parts.port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        netloc = netloc.rsplit(":", 1)[0]
    return canonicalize_url(
        urlunsplit((parts.scheme, netloc, path, query, "")), keep_blank_values=True
    )


def without_tracking(url: str) -> str:
    """``url`` without tracking parameters and fragment, everything else as it was."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, _kept_query(parts.query), ""))


def _kept_query(query: str, drop: frozenset[str] = frozenset()) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(k, v) for k, v in pairs if not _TRACKING.match(k) and k.lower() not in drop])


def page_number(url: str) -> int | None:
    """The page (or Disway offset) a URL of a split article names: ``?page=3`` -> 3,
    ``/read/1/slug/30`` -> 30; None for page 1 and for the single-page view."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in PAGE_PARAMS:
            return int(value) if value.isdigit() and int(value) > 1 else None
    if m := _DISWAY_PAGE.match(parts.path):
        tail = parts.path.rstrip("/")[len(m.group(1)) + 1 :]
        return int(tail) if tail.isdigit() and int(tail) > 1 else None
    return None


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
