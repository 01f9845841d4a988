"""What an edit changed between two versions of an Article, and how a person reads it: the
title word by word, the body sentence by sentence (a changed sentence word by word), the
publication date as it was and as it is (:mod:`difflib`). Every text escaped."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from jambicrawl.browse.render import esc

#: The kinds of change, in the order they are named.
KINDS = ("title", "body", "date")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n+")


def kinds(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed from ``old`` to ``new`` (stored Articles, as dicts)."""
    changed = {
        "title": (old.get("title") or "") != (new.get("title") or ""),
        "body": sentences(old.get("body")) != sentences(new.get("body")),
        "date": old.get("date_published") != new.get("date_published"),
    }
    return [kind for kind in KINDS if changed[kind]]


def sentences(text: str | None) -> list[str]:
    """The sentences of a text, paragraph breaks ending one too, spaces normalised."""
    return [" ".join(s.split()) for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def words(old: str, new: str) -> str:
    """``old`` into ``new`` word by word: removed words in ``<del>``, added in ``<ins>``."""
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(esc(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{esc(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{esc(' '.join(b[j1:j2]))}</ins>")
    return " ".join(parts)


def body(old: str | None, new: str | None) -> str:
    """The changed sentences of the body (the unchanged ones left out, an ellipsis for
    them): a sentence rewritten word by word, one removed or added whole."""
    a, b = sentences(old), sentences(new)
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(f'<p class="same">… {i2 - i1} sentences unchanged …</p>')
        elif op == "replace" and i2 - i1 == j2 - j1:
            parts += (f'<p class="changed">{words(x, y)}</p>' for x, y in
                      zip(a[i1:i2], b[j1:j2], strict=True))  # fmt: skip
        else:
            parts += (f'<p class="removed"><del>{esc(s)}</del></p>' for s in a[i1:i2])
            parts += (f'<p class="added"><ins>{esc(s)}</ins></p>' for s in b[j1:j2])
    return "".join(parts)


def edit(old: dict[str, Any], new: dict[str, Any]) -> str:
    """The whole diff from ``old`` to ``new``: each kind of change that happened."""
    changed = kinds(old, new)
    parts = []
    if "title" in changed:
        title = words(old.get("title") or "", new.get("title") or "")
        parts.append(f'<h4>title</h4><p class="title">{title}</p>')
    if "date" in changed:
        parts.append(
            f'<h4>date published</h4><p class="date"><del>{esc(old.get("date_published"))}'
            f"</del> → <ins>{esc(new.get('date_published'))}</ins></p>"
        )
    if "body" in changed:
        parts.append(
            f'<h4>body</h4><div class="body">{body(old.get("body"), new.get("body"))}</div>'
        )
    return "".join(parts) or "<p>no change to the title, body or date</p>"
