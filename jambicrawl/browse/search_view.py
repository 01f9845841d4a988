"""The search page: the query form, facets with counts, the attention chart, the
over-represented words, the downloads, one page of hits with their snippets."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from jambicrawl.browse.attention import attention, charts, over_represented
from jambicrawl.browse.matches import FACET_VALUES, INTERVALS, PAGE_SIZE, facets, page_of_hits
from jambicrawl.browse.render import esc, href, page, snippet
from jambicrawl.export.writers import FORMATS
from jambicrawl.research.collection import Collection
from jambicrawl.research.facets import Matches

if TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Sequence
    from pathlib import Path

    from jambicrawl.browse.attention import Words
    from jambicrawl.browse.matches import Facets, Request
    from jambicrawl.research.collection import Database
    from jambicrawl.research.search import Hit

#: The facets shown: the request's parameter, its title, and how its values are ordered.
_FACETS = (("site", "site"), ("when", "year"), ("when", "month"), ("category", "category"),
           ("author", "author"))  # fmt: skip


def _form(request: Request) -> str:
    return (
        '<form class="search" method="get" action="/">'
        f'<input name="q" value="{esc(request.query)}" placeholder="&quot;kabut asap&quot; '
        'OR karhutla" aria-label="query"> <button>search</button>'
        '<p class="meta">words (any form: kebakaran finds terbakar), "phrases", AND, OR, '
        "NOT, (parentheses), prefix*</p></form>"
    )


def _facet(request: Request, param: str, title: str, counted: Counter[str]) -> str:
    values = counted.most_common(FACET_VALUES)
    if title in ("year", "month"):
        values = sorted(counted.items(), reverse=True)[:FACET_VALUES]
    if not values:
        return ""
    items = "".join(
        f'<li><a href="{href("/", request.params(**{param: value, "page": 1}))}">'
        f'{esc(value)}</a> <span class="count">{n}</span></li>'
        for value, n in values
    )
    return f'<section class="facet" id="facet-{title}"><h3>{title}</h3><ul>{items}</ul></section>'


def _chosen(request: Request) -> str:
    chosen = [(p, v) for p, v in (("site", request.site), ("when", request.when),
              ("category", request.category), ("author", request.author)) if v]  # fmt: skip
    return "".join(
        f'<a class="chosen" href="{href("/", request.params(**{p: "", "page": 1}))}">'
        f"{esc(p)}: {esc(v)} ✕</a> "
        for p, v in chosen
    )


def _hit(hit: Hit) -> str:
    day = (hit.date_published or "undated")[:10]
    return (
        f'<li><a class="title" href="{href("/story", {"url": hit.canonical_url})}">'
        f"{esc(hit.title or '(no title)')}</a>"
        f'<div class="meta">{esc(hit.site)} · {esc(day)} · {esc(hit.canonical_url)}</div>'
        f'<div class="snippet">{snippet(hit.snippet)}</div></li>'
    )


def _pager(request: Request, total: int) -> str:
    pages = -(-total // PAGE_SIZE)
    if pages <= 1:
        return ""
    links = [f'<a href="{href("/", request.params(page=n))}">{n}</a>' if n != request.page
             else f"<strong>{n}</strong>" for n in range(1, min(pages, 30) + 1)]  # fmt: skip
    return f'<nav class="pager">pages: {"".join(links)}</nav>'


def _words(found: Words) -> str:
    if not found.words:
        return ""
    items = "".join(
        f'<li title="{w.in_matches} in the titles of matches, {w.in_rest} in the others, '
        f'z = {w.z:.1f}">{esc(w.word)} <span class="count">{w.in_matches}</span></li>'
        for w in found.words
    )
    return (
        '<section id="words"><h3>words over-represented in the titles of the matches (stems, '
        f"by log-odds: {found.matches} titles of matches against {found.rest} of the rest of "
        f'the collection, both spread over time)</h3><ul class="words">{items}</ul></section>'
    )


def _downloads(request: Request) -> str:
    links = " ".join(
        f'<a href="{href("/download", {**request.params(page=1), "format": fmt})}">{fmt}</a>'
        for fmt in FORMATS
    )
    return f'<p id="downloads">download every match: {links}</p>'


def _aside(request: Request, counted: Facets) -> str:
    shown = "".join(_facet(request, param, title, getattr(counted, title))
                    for param, title in _FACETS)  # fmt: skip
    return f"<aside>{shown}</aside>"


def _interval_links(request: Request, current: str) -> str:
    return " ".join(
        f"<strong>{i}</strong>" if i == current
        else f'<a href="{href("/", request.params(per=i))}">{i}</a>' for i in INTERVALS
    )  # fmt: skip


def _page_of_hits_apart(paths: Sequence[Path], request: Request) -> list[Hit]:
    """:func:`page_of_hits` over connections opened here (a connection stays in the thread
    that opened it)."""
    with Collection(paths) as collection:
        return page_of_hits(collection.databases, request)


def search_page(databases: Sequence[Database], request: Request, articles: int) -> str:
    """The page for ``request``. Raises :class:`~jambicrawl.research.query.QueryError`."""
    if not request.query:
        intro = (
            f"<p>{articles} Articles in the collection. Search their current versions, or see "
            'the <a href="/edits">stories edited after publication</a>.</p>'
        )
        return page("search", _form(request) + intro)
    # The page of hits ranks every match (BM25) while the counts group them: on a second
    # core, over connections of its own (at 1,000,000 Articles, a word matching a quarter
    # of them: about 250 ms of the page's 1.05-1.3 s).
    with ThreadPoolExecutor(max_workers=1) as beside:
        ranked = beside.submit(_page_of_hits_apart, [db.path for db in databases], request)
        with Matches(databases, request.query, request.filters()) as found:
            counted = facets(found)
            shown = attention(counted, request.interval)
            words = over_represented(found, request.query)
        hits = ranked.result()
    first = (request.page - 1) * PAGE_SIZE + 1
    undated = f" ({shown.undated} undated, not drawn)" if shown.undated else ""
    body = (
        f'<h2 id="total">{counted.total} stories match {esc(request.query)}</h2>'
        f'{_chosen(request)}<section id="attention"><h3>attention over time: matching stories '
        f"per {esc(shown.interval)}, per site{undated} · "
        f"{_interval_links(request, shown.interval)}</h3>{charts(shown)}</section>"
        f"{_words(words)}{_downloads(request)}"
        f'<ol class="hits" start="{first}">{"".join(_hit(h) for h in hits)}'
        f"</ol>{_pager(request, counted.total)}"
    )
    aside = _aside(request, counted)
    layout = f'<div class="layout">{aside}<div>{body}</div></div>'
    return page(request.query, _form(request) + layout)
