"""The battery's crawls: a small history of normal crawls, then one crawl per variant, each
in a copy of the history's archive, against a mirror serving more articles than the history
saw (the earlier ones at the same URLs), one site redesigned."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tests.crawl.mirror_process import crawl
from tests.ops.battery.state import current_versions, last_runs
from tests.ops.processes import start_mirror

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

    from jambicrawl.state.jobs import JobRecord
    from tests.ops.battery.state import Version

#: One site of each family the held-out redesigns cover: Tribun, Disway, WordPress.
SITES = ("tribunjambi", "jambiekspres", "detailjambi")
#: Articles per site in the history (the coverage monitor judges 5 or more), and in the
#: variant runs: the extra ones are new articles discovered after the redesign.
HISTORY_ARTICLES = 6
VARIANT_ARTICLES = 9
_ALARM = re.compile(r"\bALARM ([\w.-]+):")


@dataclass
class Outcome:
    """One crawl of a copy of the history, and the archive it left."""

    archive: Path
    done: subprocess.CompletedProcess[str]
    before: dict[str, Version]
    after: dict[str, Version] = field(init=False)
    runs: dict[str, JobRecord] = field(init=False)

    def __post_init__(self) -> None:
        self.after = current_versions(self.archive)
        self.runs = last_runs(self.archive)

    @property
    def alarmed(self) -> set[str]:
        """Sites with an ``ALARM SITE:`` line in the crawl's output."""
        return set(_ALARM.findall(self.done.stderr))

    def changed(self, site: str) -> list[str]:
        """Known Articles of ``site`` with a new version, current or held back."""
        return [
            url
            for url, old in self.before.items()
            if old.site == site and self.after[url].stored != old.stored
        ]

    def site_urls(self, site: str) -> list[str]:
        return sorted(url for url, v in self.after.items() if v.site == site)


def _crawl(mirror_url: str, archive: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return crawl(mirror_url, archive, *extra, sites=SITES)


def build_history(archive: Path) -> list[subprocess.CompletedProcess[str]]:
    """Three normal crawls with the default settings: the first stores every article, the
    next two find them known (or answered 304) and extract nothing; the monitors' baseline
    is the stored articles, which such runs do not starve."""
    mirror = start_mirror("--articles-per-site", str(HISTORY_ARTICLES))
    try:
        done = [_crawl(mirror.url, archive) for _ in range(3)]
    finally:
        mirror.stop()
    return done


def run_variant(history: Path, workdir: Path, *mirror_args: str) -> Outcome:
    """A ``--refresh`` crawl with default settings, in a copy of ``history``, of a mirror
    serving ``VARIANT_ARTICLES`` per site with ``mirror_args`` (``--redesign SITE=KIND``)."""
    archive = workdir / "archive"
    shutil.copytree(history, archive)
    before = current_versions(archive)
    mirror = start_mirror("--articles-per-site", str(VARIANT_ARTICLES), *mirror_args)
    try:
        done = _crawl(mirror.url, archive, "--refresh")
    finally:
        mirror.stop()
    return Outcome(archive, done, before)
