"""The WARC files named on a command line: files as given, folders walked for WARC files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.replay.problems import RecordProblem

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

#: Names a folder's WARC files end with; ``.open`` files are still being written and skipped.
WARC_SUFFIXES = (".warc", ".warc.gz")


def warc_files(
    paths: Iterable[Path], *, recursive: bool = True
) -> tuple[list[Path], list[RecordProblem]]:
    """Every file to read, each once, in the order given (a folder's files sorted, its
    subfolders too unless ``recursive`` is False), and a problem for each path that names
    nothing readable."""
    files: dict[Path, None] = {}
    problems: list[RecordProblem] = []
    for path in paths:
        if path.is_dir():
            listed = path.rglob("*") if recursive else path.iterdir()
            found = sorted(p for p in listed if p.name.endswith(WARC_SUFFIXES) and p.is_file())
            if not found:
                problems.append(
                    RecordProblem(str(path), 0, "folder holds no .warc or .warc.gz file")
                )
            files.update(dict.fromkeys(found))
        elif path.exists():
            files[path] = None
        else:
            problems.append(RecordProblem(str(path), 0, "no such file or folder"))
    return list(files), problems
