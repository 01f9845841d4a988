"""Indexes and packages of archive folders: CDXJ for pywb, WACZ for ReplayWeb.page.

The indexer and the WACZ packager are imported where they are used: they bring a quarter
of a second of imports and 20 MB (frictionless) that every other command, and each crawl
worker, would pay for nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl.atomic import atomic_output
from jambicrawl.errors import JambicrawlError
from jambicrawl.export.collection import latest_rows
from jambicrawl.export.rows import ExportError, VersionProblem, database_of
from jambicrawl.replay.inputs import warc_files as archive_warc_files
from jambicrawl.replay.problems import RecordProblem
from jambicrawl.replay.reader import scan_file
from jambicrawl.state.paths import STATE_FILE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jambicrawl.export.rows import Row

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages", "hasText": True}


class PackagingError(JambicrawlError):
    """An archive that cannot be indexed or packaged; the message says why in one line."""


def warc_files(archives: Sequence[Path]) -> list[Path]:
    """The closed WARC files of archive folders (not their subfolders: a package and its
    index name files by their place in these folders), each folder's in name (and so
    time) order."""
    files = []
    for archive in archives:
        if not archive.is_dir():
            raise PackagingError(f"{archive}: not a directory")
        found, _ = archive_warc_files([archive], recursive=False)
        if not found:
            message = "no WARC files (an .open file needs 'archive repair')"
            raise PackagingError(f"{archive}: {message}")
        files += found
    return files


def index_root(archives: Sequence[Path]) -> Path:
    """The folder an index names files from: the archive folder itself, or the innermost
    folder holding all of several (``worker1/NAME.warc.gz``, ``worker2/NAME.warc.gz``)."""
    if len(archives) == 1:
        return archives[0]
    return Path(os.path.commonpath([archive.absolute() for archive in archives]))


def damaged_records(files: Sequence[Path]) -> list[RecordProblem]:
    """Every record of ``files`` that cannot be read whole, as replay reports them."""
    return [
        found for path in files for found in scan_file(path) if isinstance(found, RecordProblem)
    ]


def _cannot_write(output: Path, exc: OSError) -> PackagingError:
    return PackagingError(f"{output}: cannot write: {exc.strerror or exc}")


def write_cdxj(archives: Sequence[Path], output: Path) -> tuple[int, list[RecordProblem]]:
    """One sorted CDXJ index of every readable record of the archives' WARC files, each
    file named from :func:`index_root`: the number of lines, and the damaged records left
    out."""
    from jambicrawl.replay.cdxj import cdxj_lines, sorted_index

    files = warc_files(archives)
    root = index_root(archives)
    problems = damaged_records(files)
    lines: list[str] = []
    for path in files:
        try:
            lines += cdxj_lines(path.absolute(), root, post_append=True)
        except OSError as exc:
            raise PackagingError(f"{exc.filename or path}: cannot read: {exc.strerror}") from None
        except Exception as exc:  # the indexer raises many kinds on a broken file
            raise PackagingError(f"{path}: cannot index: {_first_line(exc)}") from None
    with atomic_output(output) as partial:
        try:
            with partial.open("w", encoding="utf-8") as out:
                out.writelines(sorted_index(lines))
        except OSError as exc:
            raise _cannot_write(output, exc) from None
        # Counted as written: the output is what a reader of the index will see.
        with partial.open(encoding="utf-8") as written:
            return sum(1 for _ in written), problems


def pages(archives: Sequence[Path]) -> list[dict[str, object]]:
    """One page entry per article of the archives' state databases, each article once (its
    latest version in any of them): URL as archived, capture time, title and text, so that
    ReplayWeb.page lists and searches them; oldest capture first."""
    rows: list[Row] = []
    try:
        databases = [database_of(a) for a in archives if (a / STATE_FILE).exists()]
        for row in latest_rows(databases):
            if isinstance(row, VersionProblem):
                raise PackagingError(f"{row}: a WACZ lists every article")
            rows.append(row)
    except ExportError as exc:
        raise PackagingError(str(exc)) from None
    rows.sort(key=lambda row: (row["captured_at"], row["canonical_url"]))
    return [
        {
            "id": row["canonical_url"],
            "url": row["url"],
            "ts": row["captures"][0]["captured_at"] if row["captures"] else row["captured_at"],
            "title": row["title"] or "",
            "text": row["body"] or "",
        }
        for row in rows
    ]


def package_names(files: Sequence[Path]) -> dict[str, Path]:
    """The name of each WARC file inside a package: its own, unless a file before it has
    that name (two workers' folders may), then ``STEM-N.warc.gz`` with the first free N
    from 2."""
    names: dict[str, Path] = {}
    for path in files:
        name, n = path.name, 1
        stem, dot, suffix = path.name.partition(".warc")
        while name in names:
            n += 1
            name = f"{stem}-{n}{dot}{suffix}"
        names[name] = path
    return names


def write_wacz(archives: Sequence[Path], output: Path) -> int:
    """Package the archives' WARC files as one WACZ (the ``wacz`` package) with a complete
    ``pages/pages.jsonl``, validate it, and return the number of pages. An archive with a
    damaged record is refused: a package holds whole WARC files."""
    from wacz.main import main as wacz_main

    files = warc_files(archives)
    problems = damaged_records(files)
    if problems:
        more = f" (and {len(problems) - 1} more damaged records)" if len(problems) > 1 else ""
        raise PackagingError(f"{problems[0]}{more}: a WACZ needs every WARC record whole")
    entries = pages(archives)
    with tempfile.TemporaryDirectory() as tmp, atomic_output(output) as partial:
        try:
            partial.open("wb").close()  # fail on the output now, not inside the packager
        except OSError as exc:
            raise _cannot_write(output, exc) from None
        pages_file = Path(tmp) / "pages.jsonl"
        lines = [json.dumps(PAGES_HEADER)] + [json.dumps(e, ensure_ascii=False) for e in entries]
        pages_file.write_text("\n".join(lines) + "\n", "utf-8")
        inputs = _named_inputs(package_names(files), Path(tmp) / "archive")
        args = ["create", "-o", str(partial), "--pages", str(pages_file), "--copy-pages"]
        try:
            created = _quiet(wacz_main, [*args, *map(str, inputs)])
        except OSError as exc:
            raise _cannot_write(output, exc) from None
        except Exception as exc:  # the indexer raises many kinds on a broken file
            raise PackagingError(f"{output}: cannot package: {_first_line(exc)}") from None
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


def _named_inputs(names: dict[str, Path], folder: Path) -> list[Path]:
    """The files to give the packager, which names each by its base name: a file packaged
    under another name goes as a symbolic link of that name in ``folder``."""
    folder.mkdir()
    inputs = []
    for name, path in names.items():
        if name != path.name:
            link = folder / name
            link.symlink_to(path.absolute())
            path = link
        inputs.append(path)
    return inputs


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
