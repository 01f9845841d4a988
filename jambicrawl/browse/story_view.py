"""The story page (an Article's fields, its citation, every version and the diffs between
them, the page as captured), the page of one capture, and the edits view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jambicrawl.browse.captures import timestamp
from jambicrawl.browse.diff import edit, kinds
from jambicrawl.browse.render import esc, href, page
from jambicrawl.browse.rewrite import replay_url
from jambicrawl.browse.story import edited_stories, standing, versions

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jambicrawl.browse.story import Version
    from jambicrawl.research.collection import Database

#: The Article's fields shown in its table, in order.
FIELDS = ("title", "subtitle", "site", "url", "canonical_url", "date_published",
          "date_modified", "authors", "editors", "category", "tags", "dateline", "signoff",
          "language", "word_count", "page_count", "flags")  # fmt: skip
_CITED = ("warc_file", "record_id", "captured_at", "payload_digest", "url")


def _value(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _fields(article: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><th>{name}</th><td>{esc(_value(article[name]))}</td></tr>"
        for name in FIELDS
        if article.get(name) not in (None, "", [])
    )
    return f'<table id="fields">{rows}</table>'


def _citation(article: dict[str, Any]) -> str:
    captures = article.get("captures") or []
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc(c.get(name))}</td>" for name in _CITED) + "</tr>"
        for c in captures
    )
    head = "".join(f"<th>{name}</th>" for name in _CITED)
    first = captures[0] if captures else {}
    sentence = (
        f"“{esc(article.get('title'))}”, {esc(article.get('site'))}, captured "
        f"{esc(first.get('captured_at'))}, {esc(first.get('warc_file'))}, record "
        f"{esc(first.get('record_id'))}, {esc(first.get('payload_digest'))}."
    )
    return (f'<section id="citation"><h3>cite</h3><p>{sentence}</p>'
            f"<table><tr>{head}</tr>{rows}</table></section>")  # fmt: skip


def frame(capture_origin: str, url: str, captured_at: str) -> str:
    """The capture in an ``<iframe sandbox>`` of the capture origin (no permission at all:
    no script, no same origin, no form, no navigation of the application)."""
    source = capture_origin + replay_url(timestamp(captured_at), url)
    return (
        f'<p class="meta">as captured {esc(captured_at)}, from the archive: {esc(url)} '
        f'(<a href="{esc(source)}" rel="noopener noreferrer">open alone</a>)</p>'
        f'<iframe class="capture" sandbox src="{esc(source)}" referrerpolicy="no-referrer" '
        f'title="the page as captured"></iframe>'
    )


def _capture(v: Version) -> dict[str, Any]:
    """The version's first capture (its page), as the Article cites it."""
    captures: list[dict[str, Any]] = v.article.get("captures") or [{}]
    return captures[0]


def _at(v: Version) -> str:
    return timestamp(_capture(v).get("captured_at") or "")


def _capture_link(url: str, v: Version, replayed: Version) -> str:
    """A link that shows the version's own capture in the story page."""
    if not _at(v):
        return ""
    if _at(v) == _at(replayed):
        return "<strong>shown</strong>"
    return f'<a href="{href("/story", {"url": url, "at": _at(v)})}#capture">page as captured</a>'


def _versions(url: str, shown: Sequence[Version], replayed: Version) -> str:
    rows, diffs, before = [], [], None
    for v in shown:
        changed: list[str] = kinds(before.article, v.article) if before and not v.held_back else []
        note = f"held back: {v.held_back}" if v.held_back else ", ".join(changed)
        rows.append(f"<tr><td>{v.version}</td><td>{esc(v.captured_at)}</td>"
                    f"<td>{esc(v.job_id)}</td><td>{esc(note)}</td>"
                    f"<td>{_capture_link(url, v, replayed)}</td></tr>")  # fmt: skip
        if before is not None and not v.held_back:
            diffs.append(
                f'<section class="diff"><h3>version {before.version} → {v.version} '
                f"({esc(v.captured_at)})</h3>{edit(before.article, v.article)}</section>"
            )
        if not v.held_back:
            before = v
    table = ("<table><tr><th>version</th><th>captured</th><th>crawl</th><th>changed</th>"
             f"<th>capture</th></tr>{''.join(rows)}</table>")  # fmt: skip
    return f'<section id="versions"><h3>versions</h3>{table}{"".join(diffs)}</section>'


def story_page(
    databases: Sequence[Database], url: str, capture_origin: str, at: str = ""
) -> str | None:
    """The story page of ``url`` (a canonical URL); None when no folder holds it. ``at``:
    the timestamp of the capture replayed (a version's, :func:`_capture_link`); by default,
    the current version's."""
    found = versions(databases, url)
    if not found:
        return None
    current_version = (standing(found) or found)[-1]
    current = current_version.article
    replayed = next((v for v in found if at and _at(v) == at), current_version)
    captured = _capture(replayed)
    shown = frame(capture_origin, captured.get("url") or url, captured.get("captured_at") or "")
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in (current.get("body") or "").split("\n\n"))
    body = (
        f"<h2>{esc(current.get('title'))}</h2>{_fields(current)}{_citation(current)}"
        f'{_versions(url, found, replayed)}<section id="capture"><h3>the page as captured: '
        f"version {replayed.version}</h3>{shown}</section>"
        f'<section id="body"><h3>text (current version)</h3>{paragraphs}</section>'
    )
    return page(current.get("title") or url, body)


def capture_page(url: str, at: str, capture_origin: str) -> str:
    return page(url, f"<h2>{esc(url)}</h2>{frame(capture_origin, url, at)}")


def edits_page(databases: Sequence[Database]) -> str:
    rows = "".join(
        f"<tr><td>{esc(s.latest.captured_at)}</td><td>{esc(s.latest.article.get('site'))}</td>"
        f'<td><a href="{href("/story", {"url": s.canonical_url})}">'
        f"{esc(s.latest.article.get('title'))}</a></td><td>{esc(', '.join(s.kinds))}</td>"
        f"<td>{s.edits}</td></tr>"
        for s in edited_stories(databases)
    )
    table = ('<table id="edits"><tr><th>last edit captured</th><th>site</th><th>story</th>'
             f"<th>changed</th><th>edits</th></tr>{rows}</table>")  # fmt: skip
    return page("edits", "<h2>stories changed after publication, newest first</h2>" + table)
