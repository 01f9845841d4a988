"""A living site: what one mirrored site has published and edited by a moment of the clock.

At every step of the clock (``Publishing.every``) the site edits one of its ten newest
generated articles (the kinds of :data:`~jambicrawl.mirror.edits.EDIT_KINDS` in turn, each
site starting at its own, so one step of several sites makes every kind) and publishes a new
one from its template. Which article, and what the edit says, follow from the seed: the same
steps make the same edits on every run. The fixture articles and the site's deliberate
faults (the redirected and the flaky article) are never edited.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jambicrawl.mirror import words
from jambicrawl.mirror.catalogue import generated_entry
from jambicrawl.mirror.edits import EDIT_KINDS, Version, edit
from jambicrawl.mirror.fixtures import MirrorError
from jambicrawl.normalize.dates import site_zone

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from jambicrawl.mirror.catalogue import Catalogue, MirroredArticle, SiteCatalogue
    from jambicrawl.mirror.clock import MirrorClock, Publishing

#: An edit goes to one of this many newest generated articles.
EDITED_AMONG = 10


@dataclass(frozen=True, slots=True)
class Change:
    """One thing a living site did: published an article, or edited one (``kind``)."""

    site: str
    url: str
    kind: str
    step: int
    at: datetime


@dataclass(frozen=True, slots=True)
class SiteState:
    """A site at one step of the clock."""

    step: int
    #: When the step happened: the Last-Modified of its discovery documents.
    moment: datetime
    #: Every article, newest first, with its title and dates as they read now.
    articles: tuple[MirroredArticle, ...]
    #: Generated articles published or edited since the start, by URL, as they read now.
    versions: Mapping[str, Version]
    #: Articles published since the start, by path.
    published: Mapping[str, MirroredArticle]


class LivingSite:
    """One site's publishing and edits, computed step by step as the clock asks for them."""

    def __init__(
        self,
        sc: SiteCatalogue,
        catalogue: Catalogue,
        publishing: Publishing,
        clock: MirrorClock,
        offset: int = 0,
    ) -> None:
        self.site = sc.site
        self._publishing, self._clock, self._offset = publishing, clock, offset
        self._template = sc.template
        self._zone = site_zone(sc.site.timezone)
        self._base = sc.articles
        faults = {e.url for e in (sc.redirect_target, sc.flaky) if e is not None}
        #: Generated articles that may be edited, newest first (as first published).
        self._editable = [e for e in sc.articles if e.generated and e.url not in faults]
        self._versions = {
            e.url: Version(e.title, e.published, tuple(catalogue.paragraphs(e)))
            for e in self._editable[:EDITED_AMONG]
        }
        self._changed: dict[str, Version] = {}
        self._live: list[MirroredArticle] = []
        self._taken = {url for e in sc.articles for url in e.page_urls}
        self._titles = random.Random(f"{publishing.seed}:{sc.site.key}:live")
        self._seen_titles = {e.title for e in sc.articles}
        #: Everything published and edited, in order.
        self.changes: list[Change] = []
        self._state = self._snapshot(0)
        self._lock = threading.Lock()

    @property
    def started(self) -> datetime:
        """When the clock started: the Last-Modified of what has not changed since."""
        return self._clock.start

    def state(self) -> SiteState:
        """The site as it is at the clock's present step."""
        step = self._clock.step(self._publishing.every)
        with self._lock:
            if step > self._state.step:
                for number in range(self._state.step + 1, step + 1):
                    self._apply(number)
                self._state = self._snapshot(step)
            return self._state

    # --- one step -----------------------------------------------------------------------

    def _apply(self, step: int) -> None:
        moment = self._clock.moment(step, self._publishing.every).astimezone(self._zone)
        seed = f"{self._publishing.seed}:{self.site.key}:{step}"
        candidates = self._editable[:EDITED_AMONG]
        if candidates:
            target = random.Random(seed).choice(candidates)
            kind = EDIT_KINDS[(step - 1 + self._offset) % len(EDIT_KINDS)]
            current = self._changed.get(target.url) or self._versions[target.url]
            self._changed[target.url] = edit(current, kind, moment, seed, self._zone)
            self.changes.append(Change(self.site.key, target.url, kind, step, moment))
        if self._template is not None:
            self._publish(step, moment)

    def _publish(self, step: int, moment: datetime) -> None:
        title = words.headline(self._titles)
        while title in self._seen_titles:
            title = words.headline(self._titles)
        self._seen_titles.add(title)
        assert self._template is not None
        shape = self._template.shape
        try:
            entry = generated_entry(self.site, shape, -step, title, moment, self._taken)
        except MirrorError:
            return  # a URL the site's shape cannot make twice: nothing published this step
        self._taken.add(entry.url)
        self._live.append(entry)
        self._editable.insert(0, entry)
        paragraphs = tuple(words.paragraphs(self.site.key, -step))
        self._versions[entry.url] = Version(title, moment, paragraphs)
        self.changes.append(Change(self.site.key, entry.url, "published", step, moment))

    def _snapshot(self, step: int) -> SiteState:
        shown = (*self._changed, *(e.url for e in self._live))
        versions = {url: self._changed.get(url) or self._versions[url] for url in shown}

        def now(entry: MirroredArticle) -> MirroredArticle:
            version = self._changed.get(entry.url)
            if version is None:
                return entry
            return replace(
                entry, title=version.title, published=version.published, modified=version.modified
            )

        entries = [now(e) for e in (*self._live, *self._base)]
        entries.sort(key=lambda e: (e.published, e.url), reverse=True)
        published = {_path(e.url): now(e) for e in self._live}
        moment = self._clock.moment(step, self._publishing.every)
        return SiteState(step, moment, tuple(entries), versions, published)


def _path(url: str) -> str:
    return urlsplit(url).path


class LivingMirror:
    """Every site of a catalogue, publishing and editing on one clock."""

    def __init__(self, catalogue: Catalogue, publishing: Publishing, clock: MirrorClock) -> None:
        self.publishing, self.clock = publishing, clock
        self.sites = {
            site.key: LivingSite(catalogue.site(site.key), catalogue, publishing, clock, offset)
            for offset, site in enumerate(catalogue.sites)
        }

    def changes(self) -> list[Change]:
        """What every site has published and edited up to now, in order of time."""
        for site in self.sites.values():
            site.state()
        found = [change for site in self.sites.values() for change in site.changes]
        return sorted(found, key=lambda c: (c.step, c.site, c.kind == "published"))
