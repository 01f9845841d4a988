"""WordPress themes: the markup most small Jambi sites share."""

from __future__ import annotations

from jambicrawl.registry.families.family import Family
from jambicrawl.registry.families.layouts import Template
from jambicrawl.registry.families.listings import ListingMarkup, PathPager, SitemapNames


class WordPress(Family):
    name = "wordpress"
    layouts = (
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
    )
    layer = "site"
    article_pattern = r"/\d{4}/\d{2}/(?:\d{2}/)?[^/?#]+/?$|[?&]p=\d+$"
    host_suffixes = ()
    pager = PathPager("/page/{}/")
    listing = ListingMarkup(
        item=(
            '<article class="post type-post"><h2 class="entry-title"><a href="{href}" '
            'rel="bookmark">{title}</a></h2><div class="entry-meta"><time class="entry-date '
            'published" datetime="{iso}">{date}</time></div></article>'
        ),
        pager=('<nav class="navigation pagination"><div class="nav-links">', "</div></nav>", "\n"),
    )
    # WordPress core's sitemaps, and a news sitemap beside them (as SEO plugins add).
    sitemaps = SitemapNames("{folder}/news-sitemap.xml", "{folder}/wp-sitemap-posts-post-1.xml")
