"""Output files that appear whole or not at all."""

from __future__ import annotations

import contextlib
import os
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def partial_path(path: Path) -> Path:
    """Where ``path`` is written until it is complete: hidden, beside it (same file system,
    so the final rename is atomic)."""
    return path.with_name(f".{path.name}.part")


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary stream whose content becomes ``path`` only when the block ends without an
    exception (Ctrl-C included); otherwise ``path`` is left as it was and the partial file
    is removed."""
    partial = partial_path(path)
    try:
        with partial.open("wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        partial.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
