"""What every field group reads: the parsed pages, the site, the template's selectors valid
on the capture date, the structured data, and the container of the article text."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from jambicrawl.normalize.dates import site_zone
from jambicrawl.pages.content import find_content, least_article_chars, lines_of
from jambicrawl.pages.layouts import layout_of
from jambicrawl.pages.response import PageResponse, ParsedPage
from jambicrawl.pages.scope import article_blocks, scoped_match
from jambicrawl.pages.selectors import first_match
from jambicrawl.pages.structured import Structured, read_structured
from jambicrawl.registry.families import FAMILIES

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Final

    from jambicrawl.items import Layer
    from jambicrawl.pages.fields.dating import Discovered
    from jambicrawl.pages.tree import Element
    from jambicrawl.registry.model import Site


#: Fields whose selectors only count inside the article (pages/scope.py): the headline,
#: date, byline and body of other articles sit beside it. Category and tags are read
#: from breadcrumbs and tag clouds, which are outside it by nature.
SCOPED: Final = frozenset({"title", "subtitle", "date", "byline", "authors", "editors", "body"})


class ArticleInputs:
    """The responses of one article's pages (page 1 first) and the site they belong to."""

    def __init__(
        self, responses: Sequence[PageResponse], site: Site, discovered: Discovered | None = None
    ) -> None:
        if not responses:
            raise ValueError("an article needs at least one page")
        self.site = site
        #: What the sitemap, feed or listing entry that led to the article said of it.
        self.discovered = discovered
        self.pages = [ParsedPage.of(r) for r in responses]
        self.first = self.pages[0]
        self.captured_at = responses[0].captured_at
        family = FAMILIES[site.family]
        template = layout_of(family, self.captured_at, self.first.root, self.first.source)
        self.template = template.overridden(site.selectors)
        self.zone = site_zone(site.timezone)
        self._family_layer = family.layer
        self._selected_bodies: dict[int, Element | None] = {}
        self._contents: dict[int, Element | None] = {}
        self._articles: dict[int, frozenset[Element]] = {}
        #: Per page, which elements lie in the article (pages/scope.py).
        self._in_article: dict[int, dict[Element, bool]] = {}

    def site_layer(self, key: str) -> Layer:
        """Selectors of a real family, or a site's own, are the site layer."""
        return "site" if key in self.site.selectors else self._family_layer

    def selected(self, key: str, page: ParsedPage | None = None) -> list[Element]:
        """What the template's selectors ``key`` find on ``page`` (page 1 by default)."""
        selectors: tuple[str, ...] = getattr(self.template, key)
        page = page or self.first
        if key not in SCOPED:
            return first_match(page.root, selectors, page.source)
        known = self._in_article.setdefault(id(page), {})
        return scoped_match(page.root, selectors, self._article(page), page.source, known)

    def _article(self, page: ParsedPage) -> frozenset[Element]:
        """The blocks holding the page's headline or body container (found once)."""
        key = id(page)
        if key not in self._articles:
            t = self.template
            self._articles[key] = article_blocks(page.root, t.title, t.body, page.source)
        return self._articles[key]

    def texts(self, key: str) -> list[str]:
        """Texts of the elements a selector finds; a ``<br>`` inside one ends a line."""
        texts = ("\n".join(lines_of(e)) for e in self.selected(key))
        return [t for t in texts if t]

    @cached_property
    def structured(self) -> Structured:
        return read_structured(self.first.root, self.first.jsonld)

    def selected_body(self, page: ParsedPage) -> Element | None:
        """The body container the template's selectors find on ``page`` (found once)."""
        key = id(page)
        if key not in self._selected_bodies:
            found = self.selected("body", page)
            self._selected_bodies[key] = found[0] if found else None
        return self._selected_bodies[key]

    @cached_property
    def least_article_chars(self) -> int:
        """How much text the article needs to be one (less on a photo or video page)."""
        return least_article_chars(self.first.url)

    def content(self, page: ParsedPage) -> Element | None:
        """The container the text density search finds on ``page`` (found once)."""
        key = id(page)
        if key not in self._contents:
            self._contents[key] = find_content(page.root, self.least_article_chars)
        return self._contents[key]

    def container(self, page: ParsedPage) -> tuple[Element | None, Layer]:
        """The element holding the page's article text: the template's, else the densest."""
        selected = self.selected_body(page)
        if selected is not None:
            return selected, self.site_layer("body")
        return self.content(page), "generic"
