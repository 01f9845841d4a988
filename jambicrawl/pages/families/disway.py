"""Disway network (Jambi Ekspres, Jambi Independent, and some 260 sister sites)."""

from __future__ import annotations

from jambicrawl.pages.families.base import Family, Template

DISWAY = Family(
    "disway",
    (
        Template(
            "disway",
            title=("div.post h1", "h1.text-black", "h1"),
            date=("div.post-info span.date", ".post-info .date", "span.date"),
            byline=(".post-author", ".post-info", ".reporter", ".editor"),
            body=("div.post.text-black-1", "div.post-content", "div.post"),
            body_drop=(
                ".ads-slot",
                '.text-center[style*="background-color:#f2f2f2"]',
                ".text-center > .row > .pagination",
                "ul.pagination",
                ".post-info",
            ),
            category=(
                ".post-kategori a[href*='/kategori/']",
                ".post-category a[href*='/kategori/']",
            ),
            tags=(".post-tags a[href*='/listtag/']", ".tags a[href*='/listtag/']"),
        ),
    ),
)
