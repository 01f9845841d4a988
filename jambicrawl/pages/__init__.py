"""Page objects: a response (live or read back from a WARC) in, an Article out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.pages.article import LAYER_ORDER, ArticlePage
from jambicrawl.pages.response import ExtractionError, NotHTMLError, PageResponse
from jambicrawl.registry import Registry, Site, load_registry

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from jambicrawl.items import Article
    from jambicrawl.pages.fields.dating import Discovered

__all__ = [
    "LAYER_ORDER",
    "ArticlePage",
    "ExtractionError",
    "NotHTMLError",
    "PageResponse",
    "extract_article",
    "extract_pages",
]

_DEFAULT_REGISTRY: Registry | None = None


def _registry(registry: Registry | None) -> Registry:
    global _DEFAULT_REGISTRY
    if registry is not None:
        return registry
    if _DEFAULT_REGISTRY is None:
        _DEFAULT_REGISTRY = load_registry()
    return _DEFAULT_REGISTRY


def _site(url: str, site: str | Site | None, registry: Registry | None) -> Site:
    if isinstance(site, str):
        return _registry(registry).get(site)
    return site if site is not None else _registry(registry).for_url(url)


def extract_pages(
    pages: Sequence[PageResponse],
    site: str | Site | None = None,
    *,
    registry: Registry | None = None,
    complete: bool = True,
    discovered: Discovered | None = None,
) -> Article:
    """The Article of one article's pages (page 1 first), stitched in order.

    Raises :class:`ExtractionError` (and nothing else) when page 1 is not HTML; a site
    name that is not registered raises :class:`KeyError`. ``discovered``: what the entry
    that led to the article said of it, one more piece of evidence for its date.
    """
    if not pages:
        raise ExtractionError("no pages given")
    chosen = _site(pages[0].url, site, registry)
    article = ArticlePage(pages, chosen, discovered).to_article(complete=complete)
    article.captures = [page.capture for page in pages if page.capture is not None]
    return article


def extract_article(
    html: bytes | str,
    url: str,
    site: str | Site | None = None,
    *,
    captured_at: datetime | None = None,
    headers: dict[str, str] | None = None,
    registry: Registry | None = None,
) -> Article:
    """The Article of one page. ``site`` is a registry key or a Site; chosen from the
    URL when not given (unregistered hosts get the generic family).

    Raises :class:`ExtractionError` for input that is not an HTML page.
    """
    response = PageResponse.from_text(url, html, headers=headers, captured_at=captured_at)
    return extract_pages([response], site, registry=registry)
