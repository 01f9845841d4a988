"""WordPress themes: the markup most small Jambi sites share."""

from __future__ import annotations

from jambicrawl.pages.families.base import Family, Template

WORDPRESS = Family(
    "wordpress",
    (
        Template(
            "wordpress",
            title=("h1.entry-title", "h1.post-title", "article h1", "h1"),
            subtitle=(".entry-subtitle", ".td-post-sub-title"),
            date=("time.entry-date[datetime]", "time[datetime]", ".entry-date", ".posted-on"),
            authors=(".entry-meta .author a", ".author.vcard a", "a[rel=author]", ".author a"),
            # No bare ``article``: on most themes it holds the comments and related posts.
            body=(".entry-content", ".td-post-content", ".post-content", "article .post-body"),
            body_drop=(
                ".sharedaddy",
                ".jp-relatedposts",
                ".yarpp-related",
                ".code-block",
                ".wp-block-embed",
                ".post-tags",
                ".entry-tags",
            ),
            category=('a[rel="category tag"]', ".cat-links a", ".entry-category a"),
            tags=("a[rel=tag]", ".tags-links a", ".post-tags a"),
        ),
    ),
)
