"""Which of a family's layouts a page is in: the one its capture date gives, unless the page
plainly lacks that layout's body container and has another version's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.pages.selectors import PageSource, first_match

if TYPE_CHECKING:
    from datetime import datetime

    from lxml.etree import _Element as Element

    from jambicrawl.registry.families import Family, Template


def layout_of(
    family: type[Family],
    captured_at: datetime | None,
    root: Element,
    source: PageSource | None = None,
) -> Template:
    """The layout of ``family`` a page captured at ``captured_at`` is in.

    Sites keep serving old articles in old templates, and a live crawl captures them
    today: a dated layout whose body container the page lacks gives way to another
    version whose container it has."""
    dated = family.template_for(captured_at)
    layouts = family.layouts
    if len(layouts) == 1 or first_match(root, dated.body, source):
        return dated
    for version in reversed(layouts):
        if version is not dated and first_match(root, version.body, source):
            return version
    return dated
