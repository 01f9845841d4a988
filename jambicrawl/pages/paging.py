"""The later pages of a split article, as its pager links them.

Shared by the spider (which fetches them) and the page object (which knows from page 1 how
many pages the article has, and so whether it was given all of them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.normalize.urls import absolute, canonical_url, page_number

if TYPE_CHECKING:
    import lxml.html


def later_page_urls(root: lxml.html.HtmlElement, url: str) -> list[str]:
    """URLs of pages 2..n linked from a page of an article, in page order.

    A later page is a link to the same canonical article with a page number (``?page=2``,
    Disway's ``/2``, or Disway's offset ``/15``); the single-page view (``?page=all``) and
    page 1 are not later pages.
    """
    article = canonical_url(url)
    found: dict[int, str] = {}
    for anchor in root.iterfind(".//a[@href]"):
        link = absolute(url, anchor.get("href"))
        if link is None:
            continue
        number = page_number(link)
        if number is not None and number not in found and canonical_url(link) == article:
            found[number] = link.split("#")[0]
    return [found[n] for n in sorted(found)]
