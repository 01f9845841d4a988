"""Where a site's URL lives on the mirror: ``{mirror}/{host}{path}?{query}``.

One port serves every site; the first path segment names the host, so mapping is a pure
function both ways and the crawler needs nothing but the mirror's base URL.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def to_mirror(url: str, mirror: str) -> str:
    """The mirror URL of a site URL (``https://host/p?q`` -> ``{mirror}/host/p?q``)."""
    parts = urlsplit(url)
    base = mirror.rstrip("/")
    return f"{base}/{parts.hostname}{parts.path or '/'}" + (
        f"?{parts.query}" if parts.query else ""
    )


def from_mirror(url: str, mirror: str, scheme: str = "https") -> str:
    """The site URL a mirror URL stands for; ``url`` itself when it is not on the mirror."""
    base = mirror.rstrip("/")
    if not url.startswith(base + "/"):
        return url
    parts = urlsplit(url)
    mirror_path = urlsplit(base).path
    host, _, path = parts.path[len(mirror_path) + 1 :].partition("/")
    return urlunsplit((scheme, host, "/" + path, parts.query, ""))
