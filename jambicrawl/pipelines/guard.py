"""The version guard: a new version worse than the stored one does not replace it.

A redesign, a paywall, an error page served with a 200 or a consent wall all make pages
that extract to a plausible Article. Stored as the next version, they would bury the good
one. :func:`worse_than` compares a new version with the current one; :class:`RunBodies`
sees the same body or title on many articles of one crawl of a site. A worse version is
still stored, flagged and with its capture, but the article's current version stays.

A correction by the newsroom (a changed sentence, a new paragraph, a fixed title or date)
passes: it loses no field, keeps the body's length within bounds, and keeps its date's
evidence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jambicrawl.items import Article

#: Fields whose loss makes a version worse.
GUARDED_FIELDS = ("title", "date_published", "authors", "body", "category")
#: Flags that a new version may not bring on its own (the stored version lacks them).
_DOUBTFUL = ("soft_404", "interstitial", "paywall_suspected", "date_relative", "date_conflict")
#: Flags that describe a version without holding it back.
_NOTED_ONLY = frozenset({"layer_changed", "title_shared", "date_uncorroborated"})
#: Flags that keep a version from becoming current even when there is no earlier one.
BAD_ON_THEIR_OWN = frozenset({"soft_404", "interstitial"})
#: A body under this share of the stored one's words has been cut.
SHRANK_BELOW = 0.6
#: A body over this many times the stored one's words, holding it, has been padded.
GREW_ABOVE = 1.6
#: Bodies shorter than this many words are too short to judge by length.
MIN_WORDS = 40
#: This many articles of one crawl of a site with the same body (or title) share it: all
#: are flagged, and those sharing a body held back but the first (StatePipeline).
SHARED_AT = 3
_PRECISIONS = ("minute", "day", "month", "year")
_WORD = re.compile(r"\w+")


def _words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def _contained(old: str, new: str) -> float:
    """The share of the old body's word 4-grams that the new body holds."""
    old_words, new_words = _words(old), _words(new)
    grams = {tuple(old_words[i : i + 4]) for i in range(max(len(old_words) - 3, 1))}
    held = {tuple(new_words[i : i + 4]) for i in range(max(len(new_words) - 3, 1))}
    return len(grams & held) / len(grams) if grams else 1.0


def _coarser(new: str | None, old: str | None) -> bool:
    if new is None or old is None:
        return False
    return _PRECISIONS.index(new) > _PRECISIONS.index(old)


def worse_than(new: Article, current: Article) -> set[str]:
    """The flags that make ``new`` a worse version of the article than ``current``;
    ``layer_changed`` is set too but holds nothing back on its own (:func:`holds_back`)."""
    flags: set[str] = set()
    if any(getattr(current, name) and not getattr(new, name) for name in GUARDED_FIELDS):
        flags.add("fields_lost")
    old_words, new_words = current.word_count, new.word_count
    if old_words >= MIN_WORDS and new.body:
        if new_words < SHRANK_BELOW * old_words:
            flags.add("body_shrank")
        elif new_words > GREW_ABOVE * old_words and _contained(current.body or "", new.body) > 0.8:
            flags.add("body_grew")
    if _coarser(new.date_published_precision, current.date_published_precision):
        flags.add("date_less_precise")
    flags.update(f for f in _DOUBTFUL if f in new.flags and f not in current.flags)
    if (
        new.date_published != current.date_published
        and "date_uncorroborated" in new.flags
        and "date_uncorroborated" not in current.flags
    ):
        flags.add("date_conflict")  # a new date that nothing else supports, over one that was
    if any(
        current.sources.get(name) and new.sources.get(name) != current.sources[name]
        for name in GUARDED_FIELDS
        if getattr(new, name)
    ):
        flags.add("layer_changed")
    return flags


def holds_back(flags: set[str] | list[str], has_current: bool) -> bool:
    """Whether a version with ``flags`` must not become current: any flag of the guard
    when there is a current version to keep, those of :data:`BAD_ON_THEIR_OWN` always."""
    if has_current:
        return bool(set(flags) - _NOTED_ONLY)
    return bool(BAD_ON_THEIR_OWN & set(flags))


def judge(new: Article, current: Article | None) -> bool:
    """Flag ``new`` against the article's ``current`` version (None: there is none); True
    when it must be held back, which its flags then say (``held_back``)."""
    flags = set(new.flags) | (worse_than(new, current) if current is not None else set())
    held = holds_back(flags, current is not None)
    new.flags = sorted(flags | ({"held_back"} if held else set()))
    return held


#: Version, by canonical URL and number.
StoredVersion = tuple[str, int]


@dataclass(slots=True)
class RunBodies:
    """The bodies and titles of the articles one crawl of a site stored: which of them
    several articles share (an error page, a consent wall, one article at many URLs).
    Each text is held as its digest: a crawl of thousands of articles would otherwise
    hold every body it stored until it ends."""

    #: Per flag (``body_shared``, ``title_shared``), the versions stored per text digest.
    groups: dict[str, dict[bytes, list[StoredVersion]]] = field(
        default_factory=lambda: {"body_shared": {}, "title_shared": {}}
    )
    #: Per flag, the most versions one text has.
    _largest: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def _key(flag: str, article: Article) -> bytes | None:
        """The digest of the body's (or title's) words; None when it has none."""
        words = _words(article.body if flag == "body_shared" else article.title)
        if not words:
            return None
        return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).digest()

    def add(self, article: Article, version: int) -> dict[str, list[StoredVersion]]:
        """Record a stored version; returns, per flag, the versions that now share with it,
        itself included, when there are enough."""
        shared: dict[str, list[StoredVersion]] = {}
        for flag, seen in self.groups.items():
            if (key := self._key(flag, article)) is None:
                continue
            group = seen.setdefault(key, [])
            group.append((article.canonical_url, version))
            self._largest[flag] = max(self._largest.get(flag, 0), len(group))
            if len(group) >= SHARED_AT:
                # The group once it is large enough, then each newcomer to it.
                shared[flag] = group if len(group) == SHARED_AT else group[-1:]
        return shared

    def first(self, flag: str, article: Article) -> StoredVersion:
        """The first version stored of the group ``article`` belongs to."""
        key = self._key(flag, article)
        assert key is not None, "only an article with a body or title is in a group"
        return self.groups[flag][key][0]

    def largest(self, flag: str) -> int:
        """The most articles sharing one body (``body_shared``) or title."""
        return self._largest.get(flag, 0)
