"""Reading the page fixtures the mirror serves (layout: tests/fixtures/README.md)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jambicrawl.errors import JambicrawlError
from jambicrawl.normalize.dates import WIB

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Environment variable naming a folder of page fixtures to use instead of the packaged one.
FIXTURES_ENV = "JAMBICRAWL_FIXTURES"


class MirrorError(JambicrawlError):
    """The mirror cannot be built; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class FixturePage:
    url: str
    body: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class FixtureCase:
    """One fixture case: its pages (page 1 first) and what the article is known to be."""

    site: str
    folder: Path
    pages: tuple[FixturePage, ...]
    title: str
    published: datetime
    modified: datetime | None
    paragraphs: tuple[str, ...]


#: The page fixtures in a checkout: the project's ``tests/fixtures/``.
CHECKOUT_PAGES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def packaged_pages() -> Path:
    """The page fixtures that come with jambicrawl: an installed wheel's copy
    (``jambicrawl/mirror/pages/``, where pyproject.toml maps ``tests/fixtures/``), else
    those of the checkout the package is imported from."""
    pages = resources.files(__package__).joinpath("pages")
    # A Path unless the package is imported from a zip file, whose folders the mirror
    # cannot walk as it does a disk's.
    if not isinstance(pages, Path):
        raise MirrorError(f"page fixtures inside {pages} cannot be read (set {FIXTURES_ENV})")
    # Not an empty folder a checkout may keep from before the fixtures moved out of it.
    return pages if pages.is_dir() and any(pages.iterdir()) else CHECKOUT_PAGES


def fixtures_folder(explicit: Path | None = None) -> Path:
    """The page fixtures: ``explicit``, else $JAMBICRAWL_FIXTURES, else the packaged ones."""
    env = os.environ.get(FIXTURES_ENV)
    if explicit is not None:
        folder = explicit
    elif env:
        folder = Path(env)
    else:
        folder = packaged_pages()
    if not folder.is_dir():
        raise MirrorError(
            f"page fixtures not found at {folder} (set {FIXTURES_ENV} to a folder of them)"
        )
    return folder


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MirrorError(f"{path}: cannot read fixture file: {exc}") from None


def _date(value: Any, path: Path) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise MirrorError(f"{path}: bad date {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=WIB)


def page_files(inputs: Path) -> Iterator[tuple[Path, Path]]:
    """Body and info file of each page of a fixture case, page 1 first (web-poet's names,
    ``HttpResponse-N-body.html`` for page N of a split article)."""
    for n in range(1, 100):
        stem = "HttpResponse" if n == 1 else f"HttpResponse-{n}"
        body = inputs / f"{stem}-body.html"
        if not body.exists():
            return
        yield body, inputs / f"{stem}-info.json"


def _pages(inputs: Path) -> tuple[FixturePage, ...]:
    pages = []
    for body, info_path in page_files(inputs):
        info = _json(info_path)
        if not isinstance(info, dict) or "url" not in info:
            raise MirrorError(f"{info_path}: no url")
        headers = {str(k).lower(): str(v) for k, v in info.get("headers", [])}
        pages.append(
            FixturePage(
                url=str(info["url"]),
                body=body.read_bytes(),
                content_type=headers.get("content-type", "text/html; charset=UTF-8"),
            )
        )
    return tuple(pages)


def read_case(site: str, folder: Path) -> FixtureCase | None:
    """The case in ``folder``; None when it is not a complete case (no output or pages)."""
    output = folder / "output.json"
    if not output.exists():
        return None
    pages = _pages(folder / "inputs")
    if not pages:
        return None
    expected = _json(output)
    if not isinstance(expected, dict) or not expected.get("title"):
        raise MirrorError(f"{output}: no title")
    modified = expected.get("date_modified")
    return FixtureCase(
        site=site,
        folder=folder,
        pages=pages,
        title=str(expected["title"]),
        published=_date(expected["date_published"], output),
        modified=_date(modified, output) if modified else None,
        paragraphs=tuple(p for p in str(expected.get("body") or "").split("\n\n") if p),
    )


def site_cases(root: Path, site: str) -> list[FixtureCase]:
    """The cases of one site, in folder-name order."""
    folder = root / site
    if not folder.is_dir():
        return []
    found = (read_case(site, case) for case in sorted(folder.iterdir()) if case.is_dir())
    return [case for case in found if case is not None]
