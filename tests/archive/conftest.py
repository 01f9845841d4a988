"""One real mirror, one real crawl of it and a ``--refresh`` crawl into the same archive.

The mirror and every crawl are separate processes on loopback (``tests/crawl/mirror_process``);
pywb is one too, started from its own virtualenv (``PYWB_BIN``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from tests.archive import wayback
from tests.archive.warcs import WarcFile, open_paths, read_warc, warc_paths
from tests.crawl.mirror_process import MirrorProcess, crawl, latest_stats

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

#: Articles per site: the fixture articles, topped up with generated ones (template pages).
ARTICLES_PER_SITE = 6


@dataclass
class CrawledArchive:
    """An archive folder after a first crawl and a ``--refresh`` crawl of the same mirror."""

    directory: Path
    mirror: str
    #: WARC files the first crawl wrote.
    first: list[Path]
    #: WARC files the ``--refresh`` crawl added.
    second: list[Path]
    #: Stats of the ``--refresh`` crawl, per site.
    second_stats: dict[str, dict[str, object]]

    @property
    def files(self) -> list[Path]:
        return sorted(self.first + self.second)

    @property
    def state_db(self) -> Path:
        return self.directory / "state.sqlite3"

    def read(self, files: list[Path] | None = None) -> list[WarcFile]:
        return [read_warc(path) for path in (self.files if files is None else files)]


@pytest.fixture(scope="package")
def mirror() -> Iterator[MirrorProcess]:
    process = MirrorProcess.start(articles_per_site=ARTICLES_PER_SITE)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="package")
def archive(mirror: MirrorProcess, tmp_path_factory: pytest.TempPathFactory) -> CrawledArchive:
    return crawled_archive(mirror, tmp_path_factory.mktemp("archive"))


def crawled_archive(
    mirror: MirrorProcess, directory: Path, *extra: str, sites: Sequence[str] = ("all",)
) -> CrawledArchive:
    """A crawl of the mirror then a ``--refresh`` crawl, both with ``extra`` arguments."""
    first = crawl(mirror.url, directory, *extra, sites=sites)
    assert first.returncode == 0, first.stderr[-3000:]
    first_files = warc_paths(directory)
    assert first_files and not open_paths(directory)
    second = crawl(mirror.url, directory, "--refresh", *extra, sites=sites)
    assert second.returncode == 0, second.stderr[-3000:]
    assert not open_paths(directory)
    second_files = sorted(set(warc_paths(directory)) - set(first_files))
    assert second_files, "the --refresh crawl wrote no WARC file"
    return CrawledArchive(directory, mirror.url, first_files, second_files, latest_stats(directory))


@pytest.fixture(scope="package")
def pywb(
    archive: CrawledArchive, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[wayback.Wayback]:
    """pywb over every WARC file of the archive (both crawls), on 127.0.0.1."""
    bin_dir = wayback.pywb_bin()
    if bin_dir is None:
        pytest.skip("PYWB_BIN (the bin folder of a pywb 2.10 virtualenv) is not set")
    assert (bin_dir / "wayback").exists(), f"PYWB_BIN={bin_dir} has no wayback"
    server = wayback.Wayback.start(bin_dir, tmp_path_factory.mktemp("pywb"), archive.files)
    try:
        yield server
    finally:
        server.stop()
