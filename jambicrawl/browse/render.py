"""HTML of the application: every value escaped, the page frame, links with their query."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

#: How the search marks a hit in a snippet (:data:`jambicrawl.research.search.MARK`).
_MARK = "**"

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#0b3d5c;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center}
header a{color:#fff}main{padding:1em 1.2em;max-width:1200px}
form.search input[name=q]{width:28em;font-size:1em;padding:.3em}
.layout{display:grid;grid-template-columns:15em 1fr;gap:1.5em}
aside h3{margin:.8em 0 .2em;font-size:.95em}aside ul{list-style:none;padding:0;margin:0}
aside li{font-size:.9em}.count{color:#666}
ol.hits li{margin-bottom:.9em}.meta{color:#555;font-size:.85em}
mark{background:#ffe680}del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:.6em}
figure.chart{margin:0;background:#fff;border:1px solid #ddd;padding:.3em}
figure.chart figcaption{font-size:.85em;font-weight:600}
svg .grid{stroke:#e5e5e5}svg text.axis{font-size:11px;fill:#555}
table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
iframe.capture{width:100%;height:640px;border:2px solid #0b3d5c;background:#fff}
.words li{display:inline-block;margin:0 .6em .3em 0}
.diff p{margin:.3em 0}.pager a{margin-right:.6em}
"""


def esc(value: object) -> str:
    """Any value as HTML text or an attribute value: nothing of it is markup."""
    return escape("" if value is None else str(value), quote=True)


def snippet(text: str) -> str:
    """A search snippet, escaped, its ``**hits**`` as ``<mark>``."""
    parts = esc(text).split(_MARK)
    return "".join(f"<mark>{part}</mark>" if n % 2 else part for n, part in enumerate(parts))


def href(path: str, params: Mapping[str, object] | Iterable[tuple[str, object]] = ()) -> str:
    """A link of the application, its parameters encoded (those without a value left out),
    escaped for an attribute."""
    items = params.items() if hasattr(params, "items") else params
    kept = [(k, str(v)) for k, v in items if v not in (None, "")]
    return esc(f"{path}?{urlencode(kept)}" if kept else path)


def page(title: str, body: str) -> str:
    """A whole page of the application."""
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{esc(title)} · jambicrawl browse</title><style>{STYLE}</style></head><body>"
        '<header><strong>jambicrawl browse</strong><a href="/">search</a>'
        '<a href="/edits">edits</a></header>'
        f"<main>{body}</main></body></html>"
    )
