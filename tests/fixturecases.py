"""Reading the page fixtures (layout in tests/fixtures/README.md), for tests, gates and
benchmarks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jambicrawl.mirror.fixtures import fixtures_folder, page_files
from jambicrawl.normalize.dates import parse_date
from jambicrawl.pages import PageResponse

#: The page fixtures: tests/fixtures/ (the wheel's copy when installed), or $JAMBICRAWL_FIXTURES.
PAGES = fixtures_folder()


@dataclass(frozen=True)
class Case:
    site: str
    name: str
    folder: Path

    @property
    def id(self) -> str:
        return f"{self.site}/{self.name}"

    @property
    def meta(self) -> dict[str, Any]:
        return json.loads((self.folder / "meta.json").read_text("utf-8"))

    @property
    def expected(self) -> dict[str, Any]:
        return json.loads((self.folder / "output.json").read_text("utf-8"))

    def responses(self) -> list[PageResponse]:
        """Page 1 first, then pages 2..n."""
        inputs = self.folder / "inputs"
        captured = parse_date(self.meta["captured_at"])
        pages = []
        for body, info_file in page_files(inputs):
            info = json.loads(info_file.read_text("utf-8"))
            pages.append(
                PageResponse(
                    url=info["url"],
                    body=body.read_bytes(),
                    headers=dict(info.get("headers", [])),
                    status=info.get("status", 200),
                    captured_at=captured,
                )
            )
        return pages


#: Real pages of two registered families' CMSs, kept as generic cases (their own sites have
#: no registry entry), and the Jambi site whose entry reads the same template. Read by that
#: entry, each is a registered site's page at its real size; the Jambi cases are written by
#: hand and shorter.
FAMILY_PAGES = {
    "generic/tribunnews-2020-05-04": "tribunjambi",
    "generic/antaranews-2015-article": "antarajambi",
}


def family_pages() -> list[tuple[Case, str]]:
    """The cases of :data:`FAMILY_PAGES` with the site key that reads each."""
    cases = {case.id: case for case in all_cases()}
    return [(cases[case_id], site) for case_id, site in FAMILY_PAGES.items()]


#: Real pages of registered families kept for measuring (tests/real_pages/README.md).
REAL_PAGES = Path(__file__).with_name("real_pages")


@dataclass(frozen=True)
class RealPage:
    """A real page of a registered family, with the site that reads it and what its source
    expects of it."""

    file: str
    site: str
    url: str
    captured_at: str
    title: str
    published: str
    body: str

    def response(self) -> PageResponse:
        html = (REAL_PAGES / self.file).read_bytes()
        captured = parse_date(self.captured_at)
        return PageResponse(self.url, html, {"Content-Type": "text/html"}, captured_at=captured)


def real_pages() -> list[RealPage]:
    listed = json.loads((REAL_PAGES / "pages.json").read_text("utf-8"))
    return [RealPage(**entry) for entry in listed]


def all_cases() -> list[Case]:
    return [
        Case(folder.parent.name, folder.name, folder)
        for folder in sorted(PAGES.glob("*/*"))
        if (folder / "output.json").exists()
    ]
