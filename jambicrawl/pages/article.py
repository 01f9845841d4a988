"""The article page object: one or more responses of one article in, an Article out.

Each field is read from the layers in the order of :data:`LAYER_ORDER`, the first that has a
value wins, and :attr:`Article.sources` records which one it was. The ``site`` layer is the
template's selectors: a registered family's, or a site's own; those of the generic family
are recorded as ``generic``. The page object never fetches anything, so the same code runs
on a live Scrapy response and on a response read back from a WARC file years later.

The fields live in groups, one module each in ``jambicrawl/pages/fields/``: headline and
dates, people, body (and language), media, taxonomy. The Article is assembled from the
groups' :class:`~jambicrawl.pages.fields.layers.field` methods.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cached_property
from typing import TYPE_CHECKING

from jambicrawl.items import Article
from jambicrawl.normalize.urls import absolute, canonical_url, same_site
from jambicrawl.pages.doubts import page_flags
from jambicrawl.pages.fields.body import Body
from jambicrawl.pages.fields.headline import Headline
from jambicrawl.pages.fields.inputs import ArticleInputs
from jambicrawl.pages.fields.layers import LAYER_ORDER, fields_of, found_field
from jambicrawl.pages.fields.media import Media
from jambicrawl.pages.fields.people import People
from jambicrawl.pages.fields.taxonomy import Taxonomy
from jambicrawl.pages.paging import later_page_urls

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jambicrawl.items import Layer
    from jambicrawl.pages.fields.dating import Discovered
    from jambicrawl.pages.response import PageResponse
    from jambicrawl.registry.model import Site

__all__ = ["LAYER_ORDER", "ArticlePage"]

#: Which group gives each extracted Article field, in Article schema order.
_GROUP_OF: dict[str, str] = {
    name: group
    for group, kind in (
        ("headline", Headline),
        ("people", People),
        ("body", Body),
        ("media", Media),
        ("taxonomy", Taxonomy),
    )
    for name in fields_of(kind)
}
_FIELD_ORDER = tuple(f.name for f in fields(Article) if f.name in _GROUP_OF)


class ArticlePage:
    """Extraction of one article from the responses of its pages (page 1 first)."""

    def __init__(
        self, responses: Sequence[PageResponse], site: Site, discovered: Discovered | None = None
    ) -> None:
        self.inputs = inputs = ArticleInputs(responses, site, discovered)
        self.headline = Headline(inputs)
        self.body = Body(inputs, self.headline)
        self.people = People(inputs, self.body)
        self.media = Media(inputs)
        self.taxonomy = Taxonomy(inputs, self.headline)

    @cached_property
    def page_count(self) -> int:
        """Pages the article has: those given, or more when page 1's pager links more."""
        first = self.inputs.first
        later = later_page_urls(first.root, first.url, first.source, first.canonical_url)
        return max(len(self.inputs.pages), 1 + len(later))

    @cached_property
    def canonical_url(self) -> str:
        first = self.inputs.first
        link = self.inputs.structured.canonical
        link = absolute(first.url, link) if link else None
        if link and same_site(link, first.url) and link != first.url:
            return canonical_url(link)
        return first.canonical_url

    def to_article(self, *, complete: bool = True) -> Article:
        """The Article of these pages; ``complete=False`` when later pages are missing."""
        article = Article(
            url=self.inputs.first.url,
            canonical_url=self.canonical_url,
            site=self.inputs.site.key,
            page_count=self.page_count,
            complete=complete and len(self.inputs.pages) >= self.page_count,
        )
        sources: dict[str, Layer] = {}
        for name in _FIELD_ORDER:
            found = found_field(getattr(self, _GROUP_OF[name]), name)
            if found is not None:
                setattr(article, name, found.value)
                sources[name] = found.layer
        if article.body:
            article.word_count = len(article.body.split())
        article.sources = sources
        article.date_evidence = self.headline.dating.evidence
        article.flags = sorted({*self.headline.dating.flags, *page_flags(article)})
        return article
