"""The body: paragraphs, the dateline and sign-off they opened and closed with, and the
language they are written in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from jambicrawl.normalize.text import Byline, clean_paragraphs
from jambicrawl.pages.content import (
    is_article_text,
    is_noise,
    is_noise_but_caption,
    paragraphs,
    standfirst,
)
from jambicrawl.pages.fields.layers import Found, field, pick
from jambicrawl.pages.selectors import select

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from jambicrawl.items import Layer
    from jambicrawl.pages.fields.headline import Headline
    from jambicrawl.pages.fields.inputs import ArticleInputs
    from jambicrawl.pages.response import ParsedPage
    from jambicrawl.pages.tree import Element

_ID_STOPWORDS = frozenset(
    "yang dan di dengan untuk dari ini itu pada dalam tidak akan juga".split()  # noqa: SIM905
)


@dataclass(slots=True)
class BodyParts:
    """The cleaned paragraphs, and what cleaning set apart."""

    paragraphs: list[str]
    layer: Layer
    dateline: str | None
    signoff: str | None
    byline: Byline


class Body:
    def __init__(self, inputs: ArticleInputs, headline: Headline) -> None:
        self.inputs = inputs
        self.headline = headline

    @cached_property
    def parts(self) -> BodyParts | None:
        found = pick(
            "body",
            {"site": self._site_body, "generic": self._generic_body, "jsonld": self._jsonld_body},
        )
        if found is None:
            return None
        date_lines = self._printed_date_lines()
        cleaned = clean_paragraphs(t for t in found.value if t not in date_lines)
        return BodyParts(
            cleaned.paragraphs, found.layer, cleaned.dateline, cleaned.signoff, cleaned.byline
        )

    @field
    def body(self) -> Found[str] | None:
        parts = self.parts
        text = "\n\n".join(parts.paragraphs) if parts else None
        return Found(text, parts.layer) if parts and text else None

    @field
    def dateline(self) -> Found[str] | None:
        parts = self.parts
        return Found(parts.dateline, parts.layer) if parts and parts.dateline else None

    @field
    def signoff(self) -> Found[str] | None:
        parts = self.parts
        return Found(parts.signoff, parts.layer) if parts and parts.signoff else None

    @field
    def language(self) -> Found[str] | None:
        s, first = self.inputs.structured, self.inputs.first

        def meta() -> Found[str] | None:
            if first.lang:
                return Found(first.lang, "meta")
            locale = s.meta_first("og:locale")
            return Found(locale.split("_")[0].lower(), "meta") if locale else None

        def generic() -> Found[str] | None:
            words = (self.body.value if self.body else "").lower().split()
            if words and sum(w in _ID_STOPWORDS for w in words) / len(words) > 0.03:
                return Found("id", "generic")
            return None

        return pick(
            "language",
            {
                "jsonld": lambda: (
                    Found(s.language.split("-")[0].lower(), "jsonld") if s.language else None
                ),
                "meta": meta,
                "generic": generic,
            },
        )

    def _paragraph_texts(
        self,
        container: Element,
        dropped: Collection[Element] = (),
        skip: Callable[[Element], bool] = is_noise,
    ) -> list[str]:
        title = self.headline.title.value if self.headline.title else None
        return [
            p.text
            for p in paragraphs(container, dropped, skip)
            # A paragraph that is mostly a link is a related-article insert.
            if p.link_ratio < 0.8 and p.text != title
        ]

    def _site_body(self) -> Found[list[str]] | None:
        """The template's body container on every page that has it; a page without it, or
        whose container holds no text, is read by text density."""
        i = self.inputs
        if all(i.selected_body(page) is None for page in i.pages):
            return None
        texts: list[str] = []
        layer: Layer | None = None
        for page in i.pages:
            container = i.selected_body(page)
            page_layer = i.site_layer("body")
            page_texts: list[str] = []
            if container is not None:
                page_texts = self._paragraph_texts(container, self._dropped(container, page))
            if not page_texts:
                page_texts = self._content_texts(page)
                page_layer = "generic"
            texts.extend(page_texts)
            layer = layer or (page_layer if page_texts else None)
        return Found(texts, layer) if texts and layer else None

    def _printed_date_lines(self) -> set[str | None]:
        """The publication date as the stored value was read and as the page prints it
        (lines of their own, not text)."""
        published = self.headline.published
        return {published.value[1] if published else None, self.headline.printed_date_line()}

    def _generic_body(self) -> Found[list[str]] | None:
        """The densest block's paragraphs; None when they are no article (a menu, a date
        line, a few words): a body not found is empty, and the page is flagged."""
        texts = [text for page in self.inputs.pages for text in self._content_texts(page)]
        date_lines = self._printed_date_lines()
        least = self.inputs.least_article_chars
        if not is_article_text((t for t in texts if t not in date_lines), least):
            return None
        return Found(texts, "generic")

    def _dropped(self, container: Element, page: ParsedPage) -> set[Element]:
        """The inserts the template drops (ads, summaries, pagers) inside ``container``."""
        drop = self.inputs.template.body_drop
        return {e for selector in drop for e in select(container, selector)}

    def _content_texts(self, page: ParsedPage) -> list[str]:
        """The paragraphs of the container the text density search finds, without the
        template's inserts: a renamed container leaves the family's inserts as they were."""
        content = self.inputs.content(page)
        if content is None:
            return []
        dropped = self._dropped(content, page)
        texts = self._paragraph_texts(content, dropped)
        least = self.inputs.least_article_chars
        if is_article_text(texts, least):
            return self._standfirst_texts(page, content) + texts
        # A photo or video page: the only article text is the caption.
        captioned = self._paragraph_texts(content, dropped, is_noise_but_caption)
        return captioned if is_article_text(captioned, least) else texts

    def _standfirst_texts(self, page: ParsedPage, content: Element) -> list[str]:
        """The summary printed under the headline, on the article's first page only (the
        others repeat it, if they print it)."""
        if page is not self.inputs.first:
            return []
        block = standfirst(page.root, content)
        return [] if block is None else self._paragraph_texts(block)

    def _jsonld_body(self) -> Found[list[str]] | None:
        body = self.inputs.structured.article_body
        return Found(body.split("\n"), "jsonld") if body else None
