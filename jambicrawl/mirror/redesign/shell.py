"""A client-rendered relaunch: what a site's relaunch does to the selectors.

The page turns into a client-rendered one, as news sites' relaunches often do: the old
markup is shipped inside a ``<script type="text/x-template">`` that a script would render,
so no HTML parser finds its date or body there; the JSON-LD and the date meta tags are gone.
The ``<title>`` stays (a redesign seldom loses it). Served by ``jambicrawl mirror
--changed-layout SITE`` (or ``--redesign SITE=client-rendered``), to check that the
layout-change alarm trips.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from jambicrawl.registry.families import Template

_JSONLD = re.compile(rb"<script[^>]*application/ld\+json.*?</script>", re.I | re.S)
_DATE_META = re.compile(rb"<meta[^>]*(?:time|date)[^>]*>", re.I)
_BODY = re.compile(rb"(<body[^>]*>)(.*)(</body>)", re.I | re.S)
_SCRIPT_END = re.compile(rb"</(script)", re.I)


def client_rendered(
    page: bytes, layout: Template | None = None, now: datetime | None = None
) -> bytes:
    """``page`` as the relaunched site would serve it (``layout`` and ``now`` unused)."""
    page = _DATE_META.sub(b"", _JSONLD.sub(b"", page))
    match = _BODY.search(page)
    if match is None:
        return page
    old = _SCRIPT_END.sub(rb"<\\/\1", match.group(2))
    app = (
        b'<div id="app" data-layout="2"></div>\n<script type="text/x-template" id="page">'
        + old
        + b"</script>\n"
    )
    return page[: match.start(2)] + app + page[match.end(2) :]
