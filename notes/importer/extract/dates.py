"""Dates as notes write them, to a date and a precision ("day", "month" or "year")."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
_MONTH_NAME_FIRST = re.compile(
    r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE
)
_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_YEAR_ONLY = re.compile(r"^\s*(\d{4})\s*(?:年)?\s*$")
_EARLIEST_YEAR = 1900


def _make(year: int, month: int, day: int | None) -> tuple[dt.date, str] | None:
    if not (_EARLIEST_YEAR <= year <= 2200 and 1 <= month <= 12):
        return None
    try:
        if day is None:
            return dt.date(year, month, 1), "month"
        return dt.date(year, month, day), "day"
    except ValueError:
        return None


def parse_date(value: object) -> tuple[dt.date, str] | None:
    """A date and its precision from a front-matter value or a line of text, or None.

    Understands ISO dates and datetimes ("2025-10-08T11:43:00.000Z" keeps its written day),
    "2023/05", "2025年11月25日", "Nov 19th, 2022", "27 Jan 2025", "January 2024", a bare year and
    numeric day-first dates ("13/06/2014", "13.06.2014"; "06/13/2014" only when the day is > 12).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, int):
        return (dt.date(value, 1, 1), "year") if _EARLIEST_YEAR <= value <= 2200 else None
    text = str(value).strip()
    if not text or len(text) > 400:
        return None
    for pattern in (_ISO, _CHINESE):
        match = pattern.search(text)
        if match:
            day = int(match.group(3)) if match.group(3) else None
            made = _make(int(match.group(1)), int(match.group(2)), day)
            if made:
                return made
    match = _DAY_MONTH_YEAR.search(text)
    if match:
        first, second = int(match.group(1)), int(match.group(3))
        # Day first ("13/06/2014", "13.06.2014") unless only month-first can be right (06/13/2014).
        day, month = (second, first) if second > 12 >= first else (first, second)
        made = _make(int(match.group(4)), month, day)
        if made:
            return made
    match = _MONTH_NAME_FIRST.search(text)
    if match and match.group(1).lower() in _MONTHS:
        made = _make(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
        if made:
            return made
    match = _DAY_FIRST.search(text)
    if match and match.group(2).lower() in _MONTHS:
        made = _make(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
        if made:
            return made
    match = _MONTH_YEAR.search(text)
    if match and match.group(1).lower() in _MONTHS:
        made = _make(int(match.group(2)), _MONTHS[match.group(1).lower()], None)
        if made:
            return made
    match = _YEAR_ONLY.match(text)
    if match and _EARLIEST_YEAR <= int(match.group(1)) <= 2200:
        return dt.date(int(match.group(1)), 1, 1), "year"
    return None
