"""Set every floor to its measured value (rounded down), never lower than before: each
section of the fixture gate, and the development-set metrics when the set is present.

python -m tests.quality.raise_floors
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

import pytest

from tests.quality import test_generic_quality
from tests.quality.test_gate import CASES, FLOORS_FILE, SECTIONS

if TYPE_CHECKING:
    from pathlib import Path


def _raise(file: Path, section: str, measured: dict[str, float]) -> None:
    data = json.loads(file.read_text("utf-8"))
    floors: dict[str, float] = data.setdefault(section, {})
    for key, value in measured.items():
        floors[key] = max(floors.get(key, 0.0), math.floor(value * 1000) / 1000)
        print(f"{section:16s} {key:60s} {floors[key]:.3f}")
    data[section] = dict(sorted(floors.items()))
    data["lowered"] = data.pop("lowered", {})  # kept last in the file
    file.write_text(json.dumps(data, indent=2) + "\n", "utf-8")


def main() -> None:
    for section, measure in SECTIONS.items():
        _raise(FLOORS_FILE, section, {case.id: measure(case) for case in CASES})
    try:
        generic = test_generic_quality.measured()
    except pytest.skip.Exception as exc:  # no development set here
        print(f"development-set floors left as they are: {exc}")
        return
    _raise(test_generic_quality.FLOORS_FILE, "floors", generic)


if __name__ == "__main__":
    main()
