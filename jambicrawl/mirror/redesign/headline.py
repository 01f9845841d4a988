"""Redesigns of the article's head: the headline and the byline."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from jambicrawl.mirror.redesign.markup import Page, fragment, site_name

if TYPE_CHECKING:
    from datetime import datetime

    from jambicrawl.registry.families import Template


def headline_h2(page: bytes, layout: Template, now: datetime) -> bytes:
    """The headline moved into an ``h2``; the page's ``h1`` is the site's name (a logo)."""
    parsed = Page.parse(page, layout)
    for heading in parsed.root.iter("h1"):
        heading.tag = "h2"
        heading.attrib.pop("id", None)
        heading.set("class", "headline")
    name = html.escape(site_name(parsed.root))
    (logo,) = fragment(f'<div class="brand"><h1 class="logo"><a href="/">{name}</a></h1></div>')
    parsed.body_element.insert(0, logo)
    return parsed.serialised()


def byline_changed(page: bytes, layout: Template, now: datetime) -> bytes:
    """The author and editor markup (and the first kind of byline block) replaced by one
    line of text without classes ("Oleh: NAME"); the JSON-LD keeps its authors."""
    parsed = Page.parse(page, layout)
    names: list[str] = []
    for key in ("authors", "editors", "byline"):
        for element in parsed.first(key) if key == "byline" else parsed.every(key):
            names.append(element.text_content().strip())
            element.drop_tree()
    text = html.escape(", ".join(n for n in names if n))
    (line,) = fragment(f"<p><small>Oleh: {text}</small></p>" if text else "<p></p>")
    body = parsed.body()
    if body is not None:
        body.addprevious(line)
    return parsed.serialised()
