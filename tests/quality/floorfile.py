"""Floors files (``{"floors": {...}, "SECTION": {...}, "lowered": {...}}``) and their
committed versions: a floor only goes down with a reason under ``"lowered"`` (keyed by the
case for ``floors``, by ``SECTION:case`` for the other sections)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

ROOT = Path(__file__).resolve().parents[2]


def _flat(data: dict[str, Any], sections: Sequence[str]) -> dict[str, float]:
    return {
        key if section == "floors" else f"{section}:{key}": value
        for section in sections
        for key, value in data.get(section, {}).items()
    }


def committed(
    file: Path, rev: str, sections: Sequence[str] = ("floors",)
) -> dict[str, float] | None:
    """The floors of ``file`` at git revision ``rev``; None when it has none."""
    rel = file.resolve().relative_to(ROOT).as_posix()
    try:
        out = subprocess.run(
            ["git", "show", f"{rev}:{rel}"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return _flat(json.loads(out), sections)


def lowered_without_reason(
    file: Path, newer_rev: str | None, older_rev: str, sections: Sequence[str] = ("floors",)
) -> dict[str, tuple[float, float]] | None:
    """Floors lower at ``newer_rev`` (None: the working tree) than at ``older_rev`` with no
    reason recorded; None when either version has no floors."""
    current = json.loads(file.read_text("utf-8"))
    newer = _flat(current, sections) if newer_rev is None else committed(file, newer_rev, sections)
    older = committed(file, older_rev, sections)
    if older is None or newer is None:
        return None
    reasons = current.get("lowered", {})
    return {
        key: (old, newer[key])
        for key, old in older.items()
        if key in newer and newer[key] < old and key not in reasons
    }
