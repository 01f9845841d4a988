"""Keeping a family's selectors inside the article.

A selector such as ``#article time`` or ``.author a`` also matches the times and names of
other articles printed beside this one ("Terpopuler", "Berita Terkait", comments), and a
redesign that drops the article's own element leaves only those. :func:`scoped_match` takes
what a template's selectors find only where it lies in the article: not inside an ``aside``,
``nav`` or ``footer``, nor a block whose class or heading names it as something else
(:func:`~jambicrawl.pages.content.has_noise_class`,
:func:`~jambicrawl.pages.content.has_noise_label`). The blocks that hold the headline or the
body container are the article, whatever their class (WordPress puts ``tag-*`` classes on
the ``<article>`` element itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.pages.content import has_noise_class, has_noise_label
from jambicrawl.pages.selectors import first_match, select
from jambicrawl.pages.tree import first_descendant

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from jambicrawl.pages.selectors import PageSource
    from jambicrawl.pages.tree import Element

#: Elements that hold no part of the article, whatever their class.
OUTSIDE_TAGS = frozenset({"aside", "nav", "footer"})


def article_blocks(
    root: Element, headline: Iterable[str], body: Iterable[str], source: PageSource | None
) -> frozenset[Element]:
    """The elements holding the page's headline (the first ``headline`` selector's match,
    else its first ``h1``) or its body container (the first ``body`` selector's)."""
    blocks: set[Element] = set()
    heads = first_match(root, headline, source) or [
        h1 for h1 in (first_descendant(root, "h1"),) if h1 is not None
    ]
    for found in (heads[:1], first_match(root, body, source)[:1]):
        for element in found:
            blocks.update(element.iterancestors())
    return frozenset(blocks)


def in_article(
    element: Element, article: Collection[Element], known: dict[Element, bool] | None = None
) -> bool:
    """False when ``element``, or a block around it short of the ``article`` blocks, is
    page chrome: an aside, navigation, footer, or a block named as not article text.
    ``known``: answers for elements seen before on the page, filled in as it goes (the
    selectors of one page share most of their ancestors)."""
    walked: list[Element] = []
    answer = True
    for node in (element, *element.iterancestors()):
        if known is not None and node in known:
            answer = known[node]
            break
        if node in article:
            break
        if node.tag in OUTSIDE_TAGS or has_noise_class(node) or has_noise_label(node):
            answer = False
            break
        walked.append(node)
    if known is not None:
        known.update(dict.fromkeys(walked, answer))
    return answer


def scoped_match(
    root: Element,
    selectors: Iterable[str],
    article: Collection[Element],
    source: PageSource | None = None,
    known: dict[Element, bool] | None = None,
) -> list[Element]:
    """What the first of ``selectors`` that finds anything in the article finds there."""
    for selector in selectors:
        found = [e for e in select(root, selector, source) if in_article(e, article, known)]
        if found:
            return found
    return []
