"""Where a crawl keeps what it writes: every path derives from the archive folder setting."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jambicrawl import settings as defaults

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.settings import BaseSettings

#: The state database's file name in the archive folder.
STATE_FILE = "state.sqlite3"


def archive_dir(settings: BaseSettings) -> Path:
    """``JAMBICRAWL_ARCHIVE_DIR``: WARC files, the state database, items/, jobs/, stats/."""
    return Path(settings.get("JAMBICRAWL_ARCHIVE_DIR") or defaults.JAMBICRAWL_ARCHIVE_DIR)


def state_db(settings: BaseSettings) -> Path:
    """``JAMBICRAWL_STATE_DB``, or the archive folder's state database."""
    return Path(settings.get("JAMBICRAWL_STATE_DB") or archive_dir(settings) / STATE_FILE)


def items_dir(settings: BaseSettings) -> Path:
    """The JSON Lines files of what each job found new or changed."""
    return archive_dir(settings) / "items"


def distinct_folders(folders: Iterable[Path]) -> list[Path]:
    """Each folder once, in the order given: two names of one folder (``a``, ``./a/``, its
    absolute path, a symlink to it) are the same archive."""
    seen: set[Path] = set()
    kept = []
    for folder in folders:
        if (real := folder.resolve()) not in seen:
            seen.add(real)
            kept.append(folder)
    return kept
