"""Taxonomy: the section an article is filed under and its tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.pages.fields.layers import Found, field, first, names, pick

if TYPE_CHECKING:
    from jambicrawl.items import Layer
    from jambicrawl.pages.fields.headline import Headline
    from jambicrawl.pages.fields.inputs import ArticleInputs


class Taxonomy:
    def __init__(self, inputs: ArticleInputs, headline: Headline) -> None:
        self.inputs = inputs
        self.headline = headline

    @field
    def category(self) -> Found[str] | None:
        i, s = self.inputs, self.inputs.structured
        title = self.headline.title.value if self.headline.title else ""
        crumbs = [c for c in s.breadcrumb[1:] if c != title and c != s.headline]

        def one(value: str | None, layer: Layer) -> Found[str] | None:
            return Found(value, layer) if value else None

        return pick(
            "category",
            {
                "jsonld": lambda: one(s.section, "jsonld"),
                "site": lambda: one(
                    next(iter(i.texts("category")), None), i.site_layer("category")
                ),
                "meta": lambda: one(s.meta_first("article:section"), "meta"),
                "generic": lambda: one(crumbs[-1] if crumbs else None, "generic"),
            },
        )

    @field
    def tags(self) -> Found[list[str]] | None:
        i, s = self.inputs, self.inputs.structured

        def printed() -> Found[list[str]] | None:
            tags = (
                t.strip().lstrip("#").strip() for text in i.texts("tags") for t in text.split(",")
            )
            return names(list(tags), i.site_layer("tags"))

        def keywords() -> Found[list[str]] | None:
            listed = s.meta_first("news_keywords", "keywords") or ""
            return names([k.strip() for k in listed.split(",")], "meta")

        return pick(
            "tags",
            {
                "site": printed,
                "jsonld": lambda: names(s.keywords, "jsonld"),
                "meta": lambda: first(
                    lambda: names(s.meta.get("article:tag", []), "meta"), keywords
                ),
            },
        )
