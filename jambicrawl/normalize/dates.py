"""Dates as Indonesian news sites print them, turned into aware datetimes.

Handles ISO 8601 (JSON-LD, ``<time datetime>``), RFC 822 (RSS), the printed shapes
(``Senin 05-09-2022,14:59 WIB``, ``Senin, 5 September 2022 14:59 WIB``,
``Rabu, 04 Februari 2026 - 16:20:18 WIB``, ``Rabu, 1 April 2026 | 13:12 WIB``) and relative
ones (``3 jam yang lalu``, ``baru saja``). A printed zone wins (WIB +7, WITA +8, WIT +9);
a time without one is in the site's zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WIB = timezone(timedelta(hours=7), "WIB")

_ZONE_OFFSETS = {"WIB": 7, "WITA": 8, "WIT": 9, "UTC": 0, "GMT": 0, "Z": 0}

MONTHS: dict[str, int] = {
    # Indonesian full and short forms, then the English ones that differ.
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agust": 8, "september": 9, "sep": 9,
    "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip
# Pages of sites nobody registered print their dates in their own language too: the other
# languages of news sites' printed dates (Spanish, Portuguese, French, Italian, German,
# Dutch), where they differ from the names above.
MONTHS.update({
    "enero": 1, "janeiro": 1, "janvier": 1, "gennaio": 1, "januar": 1,
    "febrero": 2, "fevereiro": 2, "février": 2, "fevrier": 2, "febbraio": 2, "februar": 2,
    "marzo": 3, "março": 3, "marco": 3, "mars": 3, "märz": 3, "maerz": 3, "maart": 3,
    "abril": 4, "avril": 4, "aprile": 4,
    "mayo": 5, "maio": 5, "mai": 5, "maggio": 5,
    "junio": 6, "junho": 6, "juin": 6, "giugno": 6,
    "julio": 7, "julho": 7, "juillet": 7, "luglio": 7,
    "agosto": 8, "août": 8, "aout": 8, "augustus": 8,
    "septiembre": 9, "setiembre": 9, "setembro": 9, "septembre": 9, "settembre": 9,
    "octubre": 10, "outubro": 10, "octobre": 10, "ottobre": 10,
    "noviembre": 11, "novembro": 11, "novembre": 11,
    "diciembre": 12, "dezembro": 12, "décembre": 12, "decembre": 12, "dicembre": 12,
    "dezember": 12,
})  # fmt: skip

_ISO = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# Day, month (name or number), year: "5 September 2022", "05-09-2022", "05/09/2022".
# "2 de abril de 2020", "1er mars 2020": the words some languages put between; English
# ordinals ("6th October 2023", Antara's English edition).
_JOIN = r"(?:\s+(?:de|del|do|da)\s+|\s+)"
_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:er|º|st|nd|rd|th)?(?:\s*[-/.]\s*|{_JOIN})({_MONTH_NAMES}|\d{{1,2}})\.?"
    rf"(?:\s*[-/.,]\s*|{_JOIN})(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
# "September 5, 2022" (English order, seen in some feeds), "October 6th, 2023".
_MDY = re.compile(
    rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE
)
# "2020-03-04", "2020/04/17", and as Chinese, Japanese and Korean print it: "2020年07月03日",
# "2020년 3월 4일".
_YMD = re.compile(
    r"(?<!\d)(\d{4})(?:[-/.]|\s*[年년]\s*)(\d{1,2})(?:[-/.]|\s*[月월]\s*)(\d{1,2})(?!\d)"
)
# "01/09/23, 14.05": a two-digit year, day first, read only with a time of day after it (a
# bare "1/9/23" is as often a score or a fraction).
_DMY_SHORT = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{2})(?![\d/])(?=\s*,?\s*\d{1,2}[:.]\d{2})"
)
# A time of day, with the 12-hour clock's half ("1:39 PM") or the Indonesian part of the
# day after it ("pukul 9.25 malam"): group 4 the half's letter, group 5 the part's word.
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?![\d])"
    r"(?:\s*([AaPp])\.?[Mm]\b\.?|\s+(pagi|siang|sore|petang|malam)\b)?",
    re.IGNORECASE,
)
#: The hours of a 12-hour time that the Indonesian part of the day puts after noon: "pukul
#: 2.10 siang" is 14:10, "4.30 sore" 16:30, "9.25 malam" 21:25 ("1.00 malam" is 01:00,
#: "11.30 siang" 11:30: left as printed).
_AFTERNOON_HOURS = {
    "siang": range(1, 6), "sore": range(1, 12), "petang": range(1, 12), "malam": range(6, 12),
}  # fmt: skip
# WITA before WIT: alternation order matters.
_ZONE = re.compile(
    r"\b(WITA|WIB|WIT|UTC|GMT)\b\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?|([+-]\d{2}):?(\d{2})\b"
)
_RELATIVE = re.compile(
    r"(\d+|se)\s*(detik|menit|jam|hari|minggu|bulan|tahun)\s*(?:yang\s*)?lalu", re.IGNORECASE
)
_RELATIVE_UNITS = {
    "detik": timedelta(seconds=1),
    "menit": timedelta(minutes=1),
    "jam": timedelta(hours=1),
    "hari": timedelta(days=1),
    "minggu": timedelta(weeks=1),
    "bulan": timedelta(days=30),
    "tahun": timedelta(days=365),
}
_FIXED_ZONES = {"Asia/Jakarta": 7, "Asia/Pontianak": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}


def site_zone(name: str) -> tzinfo:
    """The zone of a site's registry entry; Indonesian zones need no tz database."""
    if name in _FIXED_ZONES:
        hours = _FIXED_ZONES[name]
        return WIB if hours == 7 else timezone(timedelta(hours=hours))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return WIB


def _offset(sign: str, hours: str, minutes: str | None) -> timezone:
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    return timezone(-delta if sign == "-" else delta)


def _zone_in(text: str) -> tzinfo | None:
    match = _ZONE.search(text)
    if match is None:
        return None
    name, sign, hours, minutes, numeric, numeric_minutes = match.groups()
    if numeric:
        return _offset(numeric[0], numeric[1:], numeric_minutes)
    if sign and hours:  # "GMT+7", "UTC +07:00"
        return _offset(sign, hours, minutes)
    return timezone(timedelta(hours=_ZONE_OFFSETS[name.upper()]))


def _parse_iso(text: str, default_tz: tzinfo) -> datetime | None:
    match = _ISO.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    tz: tzinfo = default_tz
    if zone == "Z":
        tz = UTC
    elif zone:
        tz = _offset(zone[0], zone[1:3], zone[-2:])
    try:
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            tzinfo=tz,
        )  # fmt: skip
    except ValueError:
        return None


def _month(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return MONTHS.get(token.lower())


def _printed_date(text: str) -> tuple[re.Match[str], str, str, str] | None:
    """The printed date in ``text``: its match, and day, month and year as written."""
    if (dmy := _DMY.search(text)) is not None:
        day_s, month_s, year_s = dmy.groups()
        return dmy, day_s, month_s, year_s
    if (mdy := _MDY.search(text)) is not None:
        month_s, day_s, year_s = mdy.groups()
        return mdy, day_s, month_s, year_s
    if (ymd := _YMD.search(text)) is not None:
        year_s, month_s, day_s = ymd.groups()
        return ymd, day_s, month_s, year_s
    if (short := _DMY_SHORT.search(text)) is not None:
        day_s, month_s, year_s = short.groups()
        return short, day_s, month_s, f"20{year_s}"
    return None


def _printed_time(text: str, date_match: re.Match[str]) -> re.Match[str] | None:
    """The time of day printed with a date: after it, else before it."""
    rest = text[date_match.end() :] + " " + text[: date_match.start()]
    return _TIME.search(text[date_match.end() :]) or _TIME.search(rest)


def gives_time(text: str | None) -> bool:
    """True when ``text`` holds a date with a time of day, not a day alone."""
    if not text:
        return False
    text = " ".join(text.split())
    if (iso_match := _ISO.match(text)) is not None:
        return iso_match.group(4) is not None
    printed = _printed_date(text)
    return printed is not None and _printed_time(text, printed[0]) is not None


def _parse_printed(text: str, default_tz: tzinfo) -> datetime | None:
    printed = _printed_date(text)
    if printed is None:
        return None
    date_match, day_s, month_s, year_s = printed
    month = _month(month_s)
    if month is None:
        return None
    time_match = _printed_time(text, date_match)
    hour = minute = second = 0
    if time_match:
        hour, minute = int(time_match.group(1)), int(time_match.group(2))
        second = int(time_match.group(3) or 0)
        half, part = (time_match.group(4) or "").lower(), (time_match.group(5) or "").lower()
        if half and hour <= 12:  # 12-hour clocks of English pages: "1:39 PM", "12:05 am"
            hour = hour % 12 + (12 if half == "p" else 0)
        elif hour in _AFTERNOON_HOURS.get(part, ()):
            hour += 12
    tz = _zone_in(text[date_match.end() :]) or default_tz
    try:
        return datetime(int(year_s), month, int(day_s), hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def _parse_relative(text: str, reference: datetime) -> datetime | None:
    lowered = text.lower()
    if "baru saja" in lowered or "just now" in lowered:
        return reference
    match = _RELATIVE.search(lowered)
    if match:
        count = 1 if match.group(1) == "se" else int(match.group(1))
        return reference - count * _RELATIVE_UNITS[match.group(2)]
    if "kemarin" in lowered:
        return reference - timedelta(days=1)
    return None


def parse_date(
    text: str | None,
    *,
    default_tz: tzinfo = WIB,
    reference: datetime | None = None,
) -> datetime | None:
    """An aware datetime for ``text``, or None when it holds no date.

    ``default_tz`` is the site's zone for times printed without one; ``reference`` (the
    capture time) anchors relative dates, which are not parsed without it.
    """
    if not text:
        return None
    text = " ".join(text.split())
    parsed = _parse_iso(text, default_tz) or _parse_printed(text, default_tz)
    if parsed is None and reference is not None:
        relative = _parse_relative(text, reference)
        if relative is not None:
            # Relative dates are anchored on the capture, shown in the site's zone and
            # rounded to the minute: their precision is no finer.
            parsed = relative.astimezone(default_tz).replace(second=0, microsecond=0)
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    return parsed


def iso(value: datetime) -> str:
    """ISO 8601 with seconds and offset: ``2022-09-05T14:59:00+07:00``."""
    return value.replace(microsecond=0).isoformat(timespec="seconds")


#: What a relative date is known to: the day for anything up to weeks ago (its hour is a
#: guess from the capture time), the month, the year.
_RELATIVE_PRECISION = {
    "detik": "day", "menit": "day", "jam": "day", "hari": "day", "minggu": "day",
    "bulan": "month", "tahun": "year",
}  # fmt: skip
_RELATIVE_WORDS = re.compile(r"baru\s+saja|just\s+now|kemarin|yesterday|\bago\b", re.IGNORECASE)


def relative_precision(text: str | None) -> str | None:
    """The precision of a relative date (``6 bulan lalu``: ``month``), None when ``text``
    is no relative date (an absolute one parses first)."""
    if not text:
        return None
    text = " ".join(text.split())
    # The relative words first: most texts have none, and then need not be read as dates.
    match = _RELATIVE.search(text.lower())
    if match is None and not _RELATIVE_WORDS.search(text):
        return None
    if _parse_iso(text, WIB) or _parse_printed(text, WIB):
        return None
    return _RELATIVE_PRECISION[match.group(2)] if match else "day"


_DATE_LINE_TOKENS = re.compile(r"[^\W\d_]+|\d+")
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)")
#: The days' names pages print: Indonesian (``Ahad`` for Sunday, ``Jum'at`` beside
#: ``Jumat``), then English.
DAY_NAMES = (
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Sabtu", "Minggu", "Ahad",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
#: What a date line holds besides numbers and month names: the day's name (in words as
#: tokens cut them: ``Jum'at`` is ``jum`` and ``at``), its short English form, the zone,
#: the clock's words.
_DATE_LINE_WORDS = frozenset(
    token for day in DAY_NAMES for token in re.findall(r"[^\W\d_]+", day.lower())
) | frozenset(
    "mon tue wed thu fri sat sun wib wita wit utc gmt pukul am pm st nd rd th".split()  # noqa: SIM905
)
#: Longer than this, a line that opens with a date says something else too.
_DATE_LINE_CHARS = 60


def is_date_line(text: str) -> bool:
    """True for a line that is a date and nothing else: ``27Mar2023`` (a date badge's
    spans), ``Rabu, 06 Maret 2019 15:21 WIB``, ``Monday, March 4, 2024``, ``01/09/23, 14.05``."""
    if len(text) > _DATE_LINE_CHARS:
        return False
    tokens = _DATE_LINE_TOKENS.findall(text.lower())
    words = [t for t in tokens if not t.isdigit()]
    if not all(w in MONTHS or w in _DATE_LINE_WORDS for w in words):
        return False
    if any(w in MONTHS for w in words):
        return any(len(t) == 4 and t.isdigit() for t in tokens)
    # All in numbers: "01/09/23, 14.05", "15-02-2016 16:15".
    return bool(_NUMERIC_DATE.search(text))


def at_precision(value: datetime, precision: str) -> str:
    """``value`` written to its precision: ISO 8601 with offset for ``minute``, else the
    reduced forms ``2022-09-05``, ``2022-09``, ``2022`` (of its own zone's calendar)."""
    if precision == "minute":
        return iso(value)
    return value.date().isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]


def parse_stored(text: str | None) -> datetime | None:
    """A stored ``date_published`` as a datetime: the full form, or a reduced one
    (``2022-09-05``, ``2022-09``, ``2022``) as the start of its day, month or year in WIB."""
    if not text:
        return None
    if re.fullmatch(r"\d{4}(-\d{2})?", text):
        text = (text + "-01-01")[:10] if len(text) == 4 else text + "-01"
    return parse_date(text)
