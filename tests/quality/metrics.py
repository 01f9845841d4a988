"""Token F1 of an extracted body against the expected one (as trafilatura's evaluation)."""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str | None) -> Counter[str]:
    return Counter(_TOKEN.findall((text or "").lower()))


def token_f1(actual: str | None, expected: str | None) -> float:
    got, want = tokens(actual), tokens(expected)
    if not got or not want:
        return 1.0 if got == want else 0.0
    overlap = sum((got & want).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)
