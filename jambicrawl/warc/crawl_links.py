"""Outlinks of the pages the crawl parses anyway, for their metadata records (``WARC_OUTLINKS``).

The spider marks the requests of the pages it parses (article pages, every page of a split
article, listing pages) with :data:`LINKS_META`. The capture extension writes such a page's
response at once without its metadata record, and notes on the request, in
:data:`PENDING_META`, the record that waits for the page's links. The spider then walks the
tree it parsed for its own use (:func:`~jambicrawl.warc.outlinks.found_links`, the walk the
writer runs on its own parse of other pages) and sends what it found with
:data:`links_found`; the writer resolves it. Each page is parsed once. A page the spider does
not parse after all (a duplicate, a page that is not HTML) is sent as its body, which the
writer parses as it does other pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jambicrawl.pages.response import MAX_PARSE_BYTES
from jambicrawl.warc.outlinks import found_links

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from jambicrawl.pages.response import ParsedPage
    from jambicrawl.pages.tree import Element

#: Request meta key, set by the spider: the crawl parses this response's page as HTML and
#: sends its links (when it is a 200 HTML response).
LINKS_META = "warc_links_from_crawl"
#: Request meta key, set by the capture extension: ``WARC-Record-ID`` of the response whose
#: metadata record waits for the page's links.
PENDING_META = "warc_links_pending"

#: Signal: the links of a page the crawl parsed. Arguments: ``record_id`` (str), and
#: ``found`` (:class:`~jambicrawl.warc.outlinks.FoundLinks`) or, for a page the crawl did not
#: parse after all, ``unparsed`` (its body) and ``content_type``; neither: no links.
links_found = object()


def links_pending(response: Response) -> bool:
    """Whether the metadata record of ``response`` waits for the crawl's links."""
    return PENDING_META in response.meta


def hand_on(
    crawler: Crawler,
    response: Response,
    *,
    parsed: ParsedPage | None = None,
    root: Element | None = None,
) -> None:
    """Send the links of ``response``'s page if its metadata record waits for them: from the
    crawl's parse (``parsed`` of an article page, ``root`` of a listing page), else the body
    for the WARC writer to parse. Does nothing otherwise (``WARC_OUTLINKS`` off, sent)."""
    record_id = response.meta.pop(PENDING_META, None)
    if not record_id:
        return
    found: dict[str, Any]
    if parsed is not None and len(parsed.response.body) <= MAX_PARSE_BYTES:
        found = {"found": found_links(parsed.root, parsed.script_tags)}
    elif root is not None:
        found = {"found": found_links(root)}
    elif response.body.strip():
        # Not parsed here after all (or only the start of a huge page was): the writer
        # parses it, off the reactor, as it does every page the crawl does not parse.
        content_type = response.headers.get(b"Content-Type") or b""
        found = {"unparsed": response.body, "content_type": content_type.decode("latin-1")}
    else:
        found = {}  # no links
    crawler.signals.send_catch_log(links_found, record_id=record_id, **found)
