"""Date shapes learnt from a fixture, to print another date the same way.

A fixture page prints its publication date in the site's own shape (``Senin 15-01-2024,10:23
WIB``, ``Rabu, 1 April 2026 | 13:12 WIB``) and in ISO 8601 shapes (``2024-05-21 08:30:00``,
``2026-05-06T02:30:11+00:00``). Knowing the date the fixture was published, the mirror finds
those strings, learns their shape, and prints a generated article's date in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from jambicrawl.normalize.dates import WIB

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTH_NAMES = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")

_DAYS = {name.lower(): name for name in DAY_NAMES} | {"jum'at": "Jumat"}
_MONTHS_FULL = {name.lower() for name in MONTH_NAMES}
_MONTHS_SHORT = {name.lower() for name in MONTH_SHORT} | {"agt", "ags"}

#: A printed date with a year, optionally a day name before and a time and zone after.
PRINTED = re.compile(
    r"(?:(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu),?\s*)?"
    r"\d{1,2}(?:\s+[A-Za-z]{3,9}\.?\s+|[-/.]\d{1,2}[-/.])\d{4}"
    r"(?:\s*[,|\-–/]?\s*(?:pukul\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?"
    r"(?:\s*(?:WIB|WITA|WIT)\b)?",
    re.IGNORECASE,
)
#: An ISO 8601 date and time, as JSON-LD, meta tags and ``<time datetime>`` carry them.
ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")

_TOKEN = re.compile(r"\d+|[A-Za-z']+")


def _cased(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    return word.lower() if like.islower() else word


@dataclass(frozen=True, slots=True)
class PrintedFormat:
    """A printed date shape: literal text and fields (``A`` day name, ``d`` day, ``B`` month
    name, ``b`` short month, ``m`` month, ``Y`` year, ``H``, ``M``, ``S``)."""

    #: (field, how): field "" is literal text ``how``; otherwise ``how`` is "2" for a
    #: zero-padded number, "1" for an unpadded one, or a sample word whose case to copy.
    parts: tuple[tuple[str, str], ...]

    @classmethod
    def infer(cls, text: str) -> PrintedFormat | None:
        """The shape of ``text``; None when it has no four-digit year."""
        tokens = list(_TOKEN.finditer(text))
        year_at = next((i for i, t in enumerate(tokens) if re.fullmatch(r"\d{4}", t[0])), None)
        if year_at is None:
            return None
        named_month = any(t[0].lower() in _MONTHS_FULL | _MONTHS_SHORT for t in tokens)
        before = ["d"] if named_month else ["d", "m"]
        after = ["H", "M", "S"]
        parts: list[tuple[str, str]] = []
        end = 0
        for i, token in enumerate(tokens):
            parts.append(("", text[end : token.start()]))
            end = token.end()
            word = token[0]
            low = word.lower()
            if i == year_at:
                parts.append(("Y", "4"))
            elif word.isdigit():
                queue = before if i < year_at else after
                if not queue:
                    return None
                field = queue.pop(0)
                ambiguous = len(word) == 2 and word[0] != "0" and field == "d"
                padded = word.startswith("0") or (ambiguous and not named_month)
                parts.append((field, "2" if padded or field in "HMS" else "1"))
            elif low in _DAYS:
                parts.append(("A", word))
            elif low in _MONTHS_FULL:
                parts.append(("B", word))
            elif low in _MONTHS_SHORT:
                parts.append(("b", word))
            else:
                parts.append(("", word))
        parts.append(("", text[end:]))
        return cls(tuple(p for p in parts if p != ("", "")))

    def render(self, when: datetime) -> str:
        """``when`` (in the zone it should be printed in) in this shape."""
        values = {
            "d": when.day, "m": when.month, "Y": when.year,
            "H": when.hour, "M": when.minute, "S": when.second,
        }  # fmt: skip
        out = []
        for field, how in self.parts:
            if not field:
                out.append(how)
            elif field == "A":
                out.append(_cased(DAY_NAMES[when.weekday()], how))
            elif field == "B":
                out.append(_cased(MONTH_NAMES[when.month - 1], how))
            elif field == "b":
                out.append(_cased(MONTH_SHORT[when.month - 1], how))
            else:
                out.append(f"{values[field]:0{how}d}")
        return "".join(out)


#: How the mirror prints a date when a site's fixture showed none (listings).
DEFAULT_PRINTED = PrintedFormat(
    (("A", "Senin"), ("", ", "), ("d", "1"), ("", " "), ("B", "September"), ("", " "),
     ("Y", "4"), ("", " "), ("H", "2"), ("", ":"), ("M", "2"), ("", " WIB"))
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class IsoShape:
    """An ISO 8601 shape: separator, seconds, fraction digits, zone style and offset."""

    sep: str
    seconds: bool
    fraction: int
    #: "Z", "+HH:MM", "+HHMM" or "" (no zone: the site's local time).
    zone: str
    offset: timedelta

    @classmethod
    def infer(cls, text: str) -> tuple[IsoShape, datetime] | None:
        """The shape of ``text`` and the instant it names; None when it is no ISO date."""
        m = re.fullmatch(
            r"(\d{4}-\d{2}-\d{2})([T ])(\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?", text
        )
        if m is None:
            return None
        date, sep, hm, sec, frac, zone = m.groups()
        try:
            value = datetime.fromisoformat(f"{date}T{hm}{sec or ''}{zone or ''}")
        except ValueError:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=WIB)
        style = "" if zone is None else "Z" if zone == "Z" else "+HH:MM" if ":" in zone else "+HHMM"
        offset = value.utcoffset() or timedelta(0)
        return cls(sep, sec is not None, len(frac or "") - 1 if frac else 0, style, offset), value

    def render(self, when: datetime) -> str:
        local = when.astimezone(timezone(self.offset) if self.zone else WIB)
        text = local.strftime(f"%Y-%m-%d{self.sep}%H:%M" + (":%S" if self.seconds else ""))
        if self.fraction:
            text += "." + "0" * self.fraction
        if self.zone == "Z":
            return text + "Z"
        if not self.zone:
            return text
        sign = "-" if self.offset < timedelta(0) else "+"
        minutes = abs(int(self.offset.total_seconds())) // 60
        hours = f"{sign}{minutes // 60:02d}"
        sep = ":" if self.zone == "+HH:MM" else ""
        return f"{text}{hours}{sep}{minutes % 60:02d}"
