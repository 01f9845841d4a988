"""Redesigns that change how the article's date is printed, or drop it.

Each one also drops the dates the page declares for machines (JSON-LD and meta), as such
relaunches do: the printed date is all that is left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.mirror.redesign.markup import Page, fragment, published
from jambicrawl.normalize.dates import WIB

if TYPE_CHECKING:
    from datetime import datetime

    from jambicrawl.mirror.redesign.markup import HtmlElement
    from jambicrawl.registry.families import Template

#: Other articles listed in the "Terpopuler" block: (printed, ISO), years before the pages.
_OTHERS = (
    ("Selasa, 14 Februari 2023 10:05 WIB", "2023-02-14T10:05:00+07:00"),
    ("Senin, 30 Januari 2023 08:40 WIB", "2023-01-30T08:40:00+07:00"),
    ("Sabtu, 24 Desember 2022 19:12 WIB", "2022-12-24T19:12:00+07:00"),
)
_DATE_ATTRIBUTES = ("datetime", "content", "title")


def relative(when: datetime, now: datetime) -> str:
    """How a site prints ``when`` seen at ``now``: "2 jam lalu", "kemarin", "6 bulan lalu"."""
    seconds = (now - when).total_seconds()
    days = int(seconds // 86400)
    if seconds < 60:
        return "baru saja"
    if seconds < 3600:
        return f"{int(seconds // 60)} menit lalu"
    if seconds < 86400:
        return f"{int(seconds // 3600)} jam lalu"
    if days == 1:
        return "kemarin"
    if days < 30:
        return f"{days} hari lalu"
    if days < 365:
        return f"{days // 30} bulan lalu"
    return f"{days // 365} tahun lalu"


def _reprint(element: HtmlElement, text: str) -> None:
    for child in list(element):
        element.remove(child)
    element.text = text
    for name in _DATE_ATTRIBUTES:
        element.attrib.pop(name, None)


def relative_dates(page: bytes, layout: Template, now: datetime) -> bytes:
    """The article's printed date becomes its age at ``now`` ("6 bulan lalu")."""
    when = published(page, layout)
    text = relative(when, now) if when is not None else "beberapa waktu lalu"
    parsed = Page.parse(page, layout)
    for element in parsed.every("date"):
        _reprint(element, text)
    return parsed.serialised(declared_dates=False)


def us_dates(page: bytes, layout: Template, now: datetime) -> bytes:
    """The article's printed date in US order, 12-hour clock: "09/05/2022 02:59 PM"."""
    when = published(page, layout)
    parsed = Page.parse(page, layout)
    if when is not None:
        text = when.astimezone(WIB).strftime("%m/%d/%Y %I:%M %p")
        for element in parsed.every("date"):
            _reprint(element, text)
    return parsed.serialised(declared_dates=False)


def terpopuler() -> str:
    """A "Terpopuler" block of other articles with their times; its class names nothing."""
    items = "".join(
        f'<li class="item"><a href="/populer/{n}">Berita pilihan pembaca nomor {n + 1}</a>'
        f'<div class="meta"><span class="date"><time datetime="{iso}">{printed}</time></span>'
        "</div></li>"
        for n, (printed, iso) in enumerate(_OTHERS)
    )
    return f'<div class="box-list"><h3 class="title">Terpopuler</h3><ul>{items}</ul></div>'


def no_article_time(page: bytes, layout: Template, now: datetime) -> bytes:
    """The article's own date element removed; a "Terpopuler" block of other articles,
    each with its time, placed before the body."""
    parsed = Page.parse(page, layout)
    for element in parsed.every("date"):
        element.drop_tree()
    body = parsed.body()
    (block,) = fragment(terpopuler())
    if body is not None:
        body.addprevious(block)
    else:
        parsed.body_element.insert(0, block)
    return parsed.serialised(declared_dates=False)
