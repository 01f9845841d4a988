"""Set every case's floor to its measured F1 (rounded down), never lower than before.

python -m tests.quality.raise_floors
"""

from __future__ import annotations

import json
import math

from tests.quality.test_gate import CASES, FLOORS, FLOORS_FILE, measured_f1


def main() -> None:
    floors: dict[str, float] = FLOORS["floors"]
    for case in CASES:
        measured = math.floor(measured_f1(case) * 1000) / 1000
        floors[case.id] = max(floors.get(case.id, 0.0), measured)
        print(f"{case.id:60s} {floors[case.id]:.3f}")
    FLOORS["floors"] = dict(sorted(floors.items()))
    FLOORS_FILE.write_text(json.dumps(FLOORS, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
