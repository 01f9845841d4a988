"""F1 of an extracted body against the expected one: over tokens (as trafilatura's
evaluation) and over 4-token shingles (as the development-set benchmark)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str | None) -> Counter[str]:
    return Counter(_TOKEN.findall((text or "").lower()))


def token_f1(actual: str | None, expected: str | None) -> float:
    return _f1(tokens(actual), tokens(expected))


def _f1(got: Counter[Any], want: Counter[Any]) -> float:
    if not got or not want:
        return 1.0 if got == want else 0.0
    overlap = sum((got & want).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def shingles(text: str | None, size: int = 4) -> Counter[tuple[str, ...]]:
    """Overlapping runs of ``size`` tokens: order matters, so boilerplate words scattered in
    the text count as little as they should, and a paragraph missing costs its shingles."""
    words = _TOKEN.findall((text or "").lower())
    if 0 < len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def shingle_f1(actual: str | None, expected: str | None, size: int = 4) -> float:
    """F1 over ``size``-token shingles of an extracted body against the expected one."""
    return _f1(shingles(actual, size), shingles(expected, size))
