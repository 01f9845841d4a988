"""Listing pages (category, tag, "terkini") of a mirrored site, paged in its family's style.

Ten items a page (``PER_PAGE``), newest first, at the paths the family's pager gives
(``jambicrawl/registry/families/listings.py``). Every page but the last has
``<a rel="next">``; every item is an ``<a href>`` with the title, followed by the printed
date, in the markup the family's real listings use (its ``listing``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jambicrawl.registry.families import FAMILIES

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from jambicrawl.mirror.printed import PrintedFormat
    from jambicrawl.registry.model import Site


@dataclass(frozen=True, slots=True)
class Item:
    href: str
    title: str
    published: datetime


def _pager(site: Site, page: int, prev: str | None, next_: str | None) -> str:
    links = []
    if prev is not None:
        links.append(f'<a href="{html.escape(prev)}" rel="prev" data-ci-pagination-page='
                     f'"{page - 1}">&lsaquo; Sebelumnya</a>')  # fmt: skip
    links.append(f'<span class="current">{page}</span>')
    if next_ is not None:
        links.append(f'<a href="{html.escape(next_)}" rel="next" data-ci-pagination-page='
                     f'"{page + 1}">Selanjutnya &rsaquo;</a>')  # fmt: skip
    return FAMILIES[site.family].listing.render_pager(links)


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
    markup = FAMILIES[site.family].listing
    rows = "\n".join(
        markup.render_item(i.href, i.title, printed.render(i.published), i.published) for i in items
    )
    name = html.escape(site.name)
    heading = html.escape(listing.strip("/").replace("/", " / ") or "Terkini")
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        f"<title>{heading} - Halaman {page} - {name}</title>"
        f'<link rel="canonical" href="{html.escape(here)}">'
        + (f'<link rel="next" href="{html.escape(next_)}">' if next_ else "")
        + f'</head>\n<body><header><span class="logo">{name}</span></header>\n'
        f'<main><h1 class="title">{heading}</h1>\n<section class="list">\n'
        f"{markup.rows.format(rows=rows)}\n</section>\n"
        f"{_pager(site, page, prev, next_)}\n</main>\n"
        f"<footer>&copy; {name}</footer></body></html>\n"
    )
