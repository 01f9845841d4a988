"""Outputs written whole or not at all: to a temporary name beside them, renamed when done.

A file by the asked name is then always a complete index, package or export; an error or a
Ctrl-C leaves an earlier complete output in place and no temporary file behind.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def partial_path(path: Path) -> Path:
    """Where ``path`` is written until it is complete (hidden, in the same folder, so that
    the rename is atomic)."""
    return path.with_name(f".{path.name}.part")


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yields the temporary path to write; renames it to ``path`` when the block ends
    normally, removes it when the block raises (KeyboardInterrupt included)."""
    partial = partial_path(path)
    try:
        yield partial
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
