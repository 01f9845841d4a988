"""Listing pages (category, tag, "terkini") of a mirrored site, paged in its family's style.

Ten items a page, newest first. Page n of a listing path L is at:

- disway: ``L``, ``L/10``, ``L/20``... (CodeIgniter offsets, one step per page of 10)
- antara: ``L``, ``L/2``, ``L/3``...
- wordpress: ``L``, ``L/page/2/``, ``L/page/3/``...
- tribun and generic: ``L``, ``L?page=2``, ``L?page=3``...

Every page but the last has ``<a rel="next">``; every item is an ``<a href>`` with the title,
followed by the printed date, in the markup the family's real listings use.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from jambicrawl.mirror.printed import PrintedFormat
    from jambicrawl.registry.model import Site

PER_PAGE = 10


@dataclass(frozen=True, slots=True)
class Item:
    href: str
    title: str
    published: datetime


def page_target(family: str, listing: str, page: int) -> str:
    """Path (and query) of page ``page`` (1-based) of ``listing``."""
    if page == 1:
        return listing
    base = listing.rstrip("/")
    if family == "disway":
        return f"{base}/{(page - 1) * PER_PAGE}"
    if family == "antara":
        return f"{base}/{page}"
    if family == "wordpress":
        return f"{base}/page/{page}/"
    return f"{listing}?page={page}"


def page_number(family: str, listing: str, path: str, page_param: str | None) -> int | None:
    """Which page of ``listing`` a request is; None when it is not one of its pages."""
    base = listing.rstrip("/")
    if path.rstrip("/") == base:
        if family in ("disway", "antara", "wordpress") or page_param is None:
            return 1
        return int(page_param) if page_param.isdigit() and int(page_param) >= 1 else None
    if not path.startswith(base + "/"):
        return None
    rest = path[len(base) :]
    if family == "disway" and (m := re.fullmatch(r"/(\d+)/?", rest)):
        offset = int(m[1])
        return offset // PER_PAGE + 1 if offset % PER_PAGE == 0 else None
    if family == "antara" and (m := re.fullmatch(r"/(\d+)/?", rest)):
        return int(m[1]) if int(m[1]) >= 1 else None
    if family == "wordpress" and (m := re.fullmatch(r"/page/(\d+)/?", rest)):
        return int(m[1]) if int(m[1]) >= 1 else None
    return None


def _item(family: str, item: Item, date: str) -> str:
    href, title = html.escape(item.href), html.escape(item.title)
    if family == "disway":
        return (
            f'<div class="media"><div class="media-content"><h2 class="media-heading">'
            f'<a href="{href}">{title}</a></h2><span class="media-date">{date}</span></div></div>'
        )
    if family == "tribun":
        return (
            f'<li class="ptb15"><h3 class="f20 ln24 fbo"><a class="f20 ln24 fbo txt-oev-2" '
            f'href="{href}" title="{title}">{title}</a></h3>'
            f'<div class="grey pt5"><time class="foot">{date}</time></div></li>'
        )
    if family == "antara":
        return (
            f'<article class="simple-post simple-big clearfix"><header><h3><a href="{href}" '
            f'title="{title}">{title}</a></h3><p class="simple-share"><span>{date}</span></p>'
            "</header></article>"
        )
    if family == "wordpress":
        return (
            f'<article class="post type-post"><h2 class="entry-title"><a href="{href}" '
            f'rel="bookmark">{title}</a></h2><div class="entry-meta"><time class="entry-date '
            f'published" datetime="{item.published.isoformat()}">{date}</time></div></article>'
        )
    return (
        f'<div class="latest__item"><h2 class="latest__title"><a class="latest__link" '
        f'href="{href}">{title}</a></h2><date class="latest__date">{date}</date></div>'
    )


def _pager(family: str, page: int, prev: str | None, next_: str | None) -> str:
    links = []
    if prev is not None:
        links.append(f'<a href="{html.escape(prev)}" rel="prev" data-ci-pagination-page='
                     f'"{page - 1}">&lsaquo; Sebelumnya</a>')  # fmt: skip
    links.append(f'<span class="current">{page}</span>')
    if next_ is not None:
        links.append(f'<a href="{html.escape(next_)}" rel="next" data-ci-pagination-page='
                     f'"{page + 1}">Selanjutnya &rsaquo;</a>')  # fmt: skip
    wrapper = {
        "disway": ('<div class="text-center"><div class="row"><ul class="pagination"><li>',
                   "</li></ul></div></div>", "</li><li>"),
        "antara": ('<ul class="pagination"><li class="page-item">', "</li></ul>",
                   '</li><li class="page-item">'),
        "wordpress": ('<nav class="navigation pagination"><div class="nav-links">',
                      "</div></nav>", "\n"),
    }.get(family, ('<div class="paging">', "</div>", "\n"))  # fmt: skip
    return wrapper[0] + wrapper[2].join(links) + wrapper[1]


def render_listing(
    site: Site,
    listing: str,
    page: int,
    items: Sequence[Item],
    links: tuple[str, str | None, str | None],
    printed: PrintedFormat,
) -> str:
    """One listing page; ``links`` are the mirror URLs of this, the previous and next page."""
    here, prev, next_ = links
    family = site.family
    rows = "\n".join(
        _item(family, item, html.escape(printed.render(item.published))) for item in items
    )
    if family == "tribun":
        rows = f'<ul class="lsi">\n{rows}\n</ul>'
    name = html.escape(site.name)
    heading = html.escape(listing.strip("/").replace("/", " / ") or "Terkini")
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        f"<title>{heading} - Halaman {page} - {name}</title>"
        f'<link rel="canonical" href="{html.escape(here)}">'
        + (f'<link rel="next" href="{html.escape(next_)}">' if next_ else "")
        + f'</head>\n<body><header><span class="logo">{name}</span></header>\n'
        f'<main><h1 class="title">{heading}</h1>\n<section class="list">\n{rows}\n</section>\n'
        f"{_pager(family, page, prev, next_)}\n</main>\n"
        f"<footer>&copy; {name}</footer></body></html>\n"
    )
