"""Floors files (``{"floors": {...}, "lowered": {...}}``) and their committed versions: a
floor only goes down with a reason under ``"lowered"``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def committed(file: Path, rev: str) -> dict[str, float] | None:
    """The floors of ``file`` at git revision ``rev``; None when it has none."""
    rel = file.resolve().relative_to(ROOT).as_posix()
    try:
        out = subprocess.run(
            ["git", "show", f"{rev}:{rel}"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    floors: dict[str, float] = json.loads(out)["floors"]
    return floors


def lowered_without_reason(
    file: Path, newer_rev: str | None, older_rev: str
) -> dict[str, tuple[float, float]] | None:
    """Floors lower at ``newer_rev`` (None: the working tree) than at ``older_rev`` with no
    reason recorded; None when either version has no floors."""
    current = json.loads(file.read_text("utf-8"))
    newer = current["floors"] if newer_rev is None else committed(file, newer_rev)
    older = committed(file, older_rev)
    if older is None or newer is None:
        return None
    reasons = current.get("lowered", {})
    return {
        key: (old, newer[key])
        for key, old in older.items()
        if key in newer and newer[key] < old and key not in reasons
    }
