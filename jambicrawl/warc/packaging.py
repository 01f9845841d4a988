"""Indexes and packages of an archive folder: CDXJ for pywb, WACZ for ReplayWeb.page.

The indexer and the WACZ packager are imported where they are used: they bring a quarter
of a second of imports and 20 MB (frictionless) that every other command, and each crawl
worker, would pay for nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl.atomic import atomic_output
from jambicrawl.replay.inputs import warc_files as archive_warc_files
from jambicrawl.replay.problems import Problem
from jambicrawl.replay.reader import scan_file
from jambicrawl.state.articles import STATE_FILE, ArticleStore

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages", "hasText": True}


class PackagingError(Exception):
    """An archive that cannot be indexed or packaged; the message says why in one line."""


def warc_files(archive: Path) -> list[Path]:
    """The closed WARC files of an archive folder (not its subfolders: a package and its
    index name files by their base name), in name (and so time) order."""
    if not archive.is_dir():
        raise PackagingError(f"{archive}: not a directory")
    files, _ = archive_warc_files([archive], recursive=False)
    if not files:
        raise PackagingError(f"{archive}: no WARC files (an .open file needs 'archive repair')")
    return files


def damaged_records(files: Sequence[Path]) -> list[Problem]:
    """Every record of ``files`` that cannot be read whole, as replay reports them."""
    return [found for path in files for found in scan_file(path) if isinstance(found, Problem)]


def _cannot_write(output: Path, exc: OSError) -> PackagingError:
    return PackagingError(f"{output}: cannot write: {exc.strerror or exc}")


def write_cdxj(archive: Path, output: Path) -> tuple[int, list[Problem]]:
    """A sorted CDXJ index of every readable record of the archive: the number of lines,
    and the damaged records left out."""
    from jambicrawl.replay.cdxj import cdxj_lines, sorted_index

    files = warc_files(archive)
    problems = damaged_records(files)
    lines: list[str] = []
    for path in files:
        try:
            lines += cdxj_lines(path, archive, post_append=True)
        except OSError as exc:
            raise PackagingError(f"{exc.filename or path}: cannot read: {exc.strerror}") from None
        except Exception as exc:  # the indexer raises many kinds on a broken file
            raise PackagingError(f"{archive}: cannot index: {_first_line(exc)}") from None
    with atomic_output(output) as partial:
        try:
            with partial.open("w", encoding="utf-8") as out:
                out.writelines(sorted_index(lines))
        except OSError as exc:
            raise _cannot_write(output, exc) from None
        # Counted as written: the output is what a reader of the index will see.
        with partial.open(encoding="utf-8") as written:
            return sum(1 for _ in written), problems


def pages(archive: Path) -> Iterator[dict[str, object]]:
    """One page entry per article (its latest version): URL as archived, capture time,
    title and text, so that ReplayWeb.page lists and searches them."""
    db = archive / STATE_FILE
    if not db.exists():
        return
    store = ArticleStore(db)
    try:
        rows = store.latest_versions()
    finally:
        store.close()
    for article_json, captured_at in rows:
        article = json.loads(article_json)
        captures = article.get("captures") or []
        ts = captures[0]["captured_at"] if captures else captured_at
        yield {
            "id": article["canonical_url"],
            "url": article["url"],
            "ts": ts,
            "title": article.get("title") or "",
            "text": article.get("body") or "",
        }


def write_wacz(archive: Path, output: Path) -> int:
    """Package the archive as WACZ (the ``wacz`` package) with a complete
    ``pages/pages.jsonl``, validate it, and return the number of pages. An archive with a
    damaged record is refused: a package holds whole WARC files."""
    from wacz.main import main as wacz_main

    files = warc_files(archive)
    problems = damaged_records(files)
    if problems:
        more = f" (and {len(problems) - 1} more damaged records)" if len(problems) > 1 else ""
        raise PackagingError(f"{problems[0]}{more}: a WACZ needs every WARC record whole")
    entries = list(pages(archive))
    with tempfile.TemporaryDirectory() as tmp, atomic_output(output) as partial:
        try:
            partial.open("wb").close()  # fail on the output now, not inside the packager
        except OSError as exc:
            raise _cannot_write(output, exc) from None
        pages_file = Path(tmp) / "pages.jsonl"
        lines = [json.dumps(PAGES_HEADER)] + [json.dumps(e, ensure_ascii=False) for e in entries]
        pages_file.write_text("\n".join(lines) + "\n", "utf-8")
        args = ["create", "-o", str(partial), "--pages", str(pages_file), "--copy-pages"]
        try:
            created = _quiet(wacz_main, [*args, *map(str, files)])
        except OSError as exc:
            raise _cannot_write(output, exc) from None
        except Exception as exc:  # the indexer raises many kinds on a broken file
            raise PackagingError(f"{archive}: cannot package: {_first_line(exc)}") from None
        if created != 0:
            raise PackagingError(f"{output}: the wacz package could not create it")
        _frictionless_resource_names(partial)
        if _quiet(wacz_main, ["validate", "-f", str(partial)]) != 0:
            raise PackagingError(f"{output}: created but does not validate")
        # The validator accepts a WACZ without pages: check them ourselves.
        with zipfile.ZipFile(partial) as package:
            listed = package.read("pages/pages.jsonl").decode("utf-8").splitlines()
        if len(listed) - 1 != len(entries):
            raise PackagingError(f"{output}: pages.jsonl lists {len(listed) - 1} of {len(entries)}")
    return len(entries)


#: What frictionless, which ``wacz validate`` runs, accepts in a resource name.
_RESOURCE_NAME_UNSAFE = re.compile(r"[^-a-z0-9._/]")


def _frictionless_resource_names(output: Path) -> None:
    """Make every datapackage resource name valid for frictionless.

    The wacz package names a resource after its file, and Heritrix-style WARC names hold a
    ``~``, which frictionless rejects: ``wacz validate`` then fails the package. The names
    are changed (``~`` to ``-``), the paths stay the WARC files' own names, and
    ``datapackage-digest.json`` is recomputed.
    """
    with zipfile.ZipFile(output) as package:
        datapackage = json.loads(package.read("datapackage.json"))
        digest = json.loads(package.read("datapackage-digest.json"))
    resources = datapackage.get("resources", [])
    if not any(_RESOURCE_NAME_UNSAFE.search(r["name"]) for r in resources):
        return
    for resource in resources:
        resource["name"] = _RESOURCE_NAME_UNSAFE.sub("-", resource["name"].lower())
    encoded = json.dumps(datapackage, indent=2).encode("utf-8")
    digest["hash"] = "sha256:" + hashlib.sha256(encoded).hexdigest()
    metadata = {"datapackage.json", "datapackage-digest.json"}
    with (
        atomic_output(output) as rewritten,
        zipfile.ZipFile(output) as source,
        zipfile.ZipFile(rewritten, "w") as target,
    ):
        for info in source.infolist():
            if info.filename in metadata:
                continue
            with source.open(info) as src, target.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
        target.writestr("datapackage.json", encoded, zipfile.ZIP_DEFLATED)
        target.writestr(
            "datapackage-digest.json", json.dumps(digest, indent=2), zipfile.ZIP_DEFLATED
        )


def _quiet(command: object, args: list[str]) -> int:
    """Run a library's main() without its progress chatter on our stdout."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        result = command(args)  # type: ignore[operator]
    return int(result or 0)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
