"""Tribun Network (Tribun Jambi and its sister regional sites)."""

from __future__ import annotations

from jambicrawl.pages.families.base import Family, Template

TRIBUN = Family(
    "tribun",
    (
        Template(
            "tribun",
            title=("h1#arttitle", "h1"),
            # The article's own time; never a bare ``time``: the "Terpopuler" sidebar
            # prints one per article it lists.
            date=("#article time",),
            authors=("div#penulis a",),
            editors=("div#editor a",),
            body=("div.side-article.txt-article", "div.txt-article"),
            body_drop=(
                "p.baca",
                "blockquote.summary-article",
                ".ads-placeholder",
                "div.paging",
                "figure",
                ".baca-juga",
                "[id^=div-gpt-ad]",
                ".ads-on-body",
            ),
            category=(
                "ul.breadcrumb li:last-child a",
                ".breadcrumb li:last-child a",
                "#menu li.selected > a",
                "li.selected > a",
            ),
            tags=("h5.tagcloud3 a", ".tagcloud3 a"),
            # The caption is the grey line under the photo, not the credit over it.
            caption=("figcaption", ".arial.f12.grey2", "[class*=caption]"),
        ),
    ),
)
