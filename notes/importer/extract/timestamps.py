"""Times in a talk's notes: every style becomes seconds from the start of the talk.

Recognised: ``（00:23:20 - 00:25:18）`` (full-width), ``[10:39]``, ```[00:00-00:45]```,
``[00:15:32 - 00:25:10]``, ``(00:00 - 01:11)``, ``[Estimated 00:00:00 - 00:05:00]``, ``(Time 2:29:53)``,
a list ``[07:30, 42:00, 48:00]``, a line that starts with a time (``02:20 topic``), a heading that
starts or ends with a bare time. ``H:MM:SS``, ``HH:MM:SS`` and ``MM:SS`` (minutes may exceed 59).
Links ``[9:25](…&t=565s)`` and ``data-t="00:06:20"`` attributes are turned into ``[9:25]`` /
``[00:06:20]`` text by markdown_tree before these rules run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLOCK = r"\d{1,3}:\d{2}(?::\d{2})?"
_RANGE = r"\s*(?:-|–|—|~|～|to|至|到)\s*"
_LABEL = r"(?:(?:time|at|estimated|approx\.?|timestamp|ts|时间|约)\s*[:：]?\s*)?"
_BRACKETED = re.compile(
    r"`?[\[(（【]\s*" + _LABEL + rf"(?P<a>{_CLOCK})(?:{_RANGE}(?P<b>{_CLOCK}))?"
    rf"(?P<more>(?:\s*[,，、]\s*{_CLOCK})*)\s*[\])）】]`?",
    re.IGNORECASE,
)
_LEADING = re.compile(
    rf"^\s*(?:[-*•·]\s*)?(?P<a>(?<![\d:]){_CLOCK})(?:{_RANGE}(?P<b>{_CLOCK}))?(?![\d:])"
    r"\s*(?:[:：|]\s*|[-–—]\s+|\s+)(?=\S)"
)
_HEADING_LEADING = re.compile(
    rf"^\s*(?P<a>{_CLOCK})(?:{_RANGE}(?P<b>{_CLOCK}))?(?![\d:])\s*[-–—:：|]?\s*"
)
_HEADING_TRAILING = re.compile(
    rf"\s*[-–—|:：]?\s*(?<![\d:])(?P<a>{_CLOCK})(?:{_RANGE}(?P<b>{_CLOCK}))?\s*$"
)
_SECONDS_PARAM = re.compile(r"[?&#](?:t|start|time_continue)=(?:(\d+)h)?(?:(\d+)m)?(\d+)s?\b")


@dataclass(frozen=True)
class Marker:
    """A time found in text: start (and end for a range) in seconds, and where it sits."""

    start: int
    end: int | None
    span: tuple[int, int]


def clock_seconds(text: str) -> int | None:
    """``"01:36:01"`` -> 5761, ``"9:25"`` -> 565; None when not a valid clock time."""
    parts = text.strip().split(":")
    if len(parts) not in (2, 3) or not all(part.isdigit() for part in parts):
        return None
    if any(len(part) != 2 for part in parts[1:]):
        return None
    numbers = [int(part) for part in parts]
    if any(number >= 60 for number in numbers[1:]):
        return None
    if len(numbers) == 3:
        hours, minutes, seconds = numbers
        if len(parts[0]) > 2:
            return None
        return hours * 3600 + minutes * 60 + seconds
    minutes, seconds = numbers
    return minutes * 60 + seconds


def seconds_from_url(url: str) -> int | None:
    """The start time a video URL carries (``&t=565s``, ``?t=1h2m3s``, ``#t=90``), or None."""
    match = _SECONDS_PARAM.search(url or "")
    if not match:
        return None
    hours, minutes, seconds = (int(group) if group else 0 for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _marker(match: re.Match, offset: int = 0) -> Marker | None:
    start = clock_seconds(match.group("a"))
    if start is None:
        return None
    end = clock_seconds(match.group("b")) if match.group("b") else None
    if end is not None and end <= start:
        end = None
    return Marker(start, end, (match.start() + offset, match.end() + offset))


def find_markers(text: str) -> list[Marker]:
    """Every bracketed time or time range in ``text``, in order."""
    markers = []
    for match in _BRACKETED.finditer(text or ""):
        marker = _marker(match)
        if marker is not None:
            markers.append(marker)
    return markers


def leading_marker(text: str) -> Marker | None:
    """A time that starts a line (``02:20 topic``, ``[00:15] topic``), or None."""
    match = _BRACKETED.match(text.lstrip())
    if match:
        shift = len(text) - len(text.lstrip())
        return _marker(match, shift)
    match = _LEADING.match(text)
    return _marker(match) if match else None


def _remove(text: str, spans: list[tuple[int, int]]) -> str:
    for begin, finish in sorted(spans, reverse=True):
        text = text[:begin] + " " + text[finish:]
    return " ".join(text.split())


def strip_markers(text: str) -> tuple[str, int | None, int | None]:
    """Remove bracketed times from ``text``; return the clean text and the first start/end."""
    markers = find_markers(text)
    if not markers:
        return text, None, None
    clean = _remove(text, [marker.span for marker in markers])
    clean = re.sub(r"\(\s*\)|（\s*）|\[\s*\]", " ", clean)
    return " ".join(clean.split()), markers[0].start, markers[0].end


def heading_times(text: str) -> tuple[str, int | None, int | None]:
    """A heading without its time(s): bracketed anywhere, or bare at its start or end."""
    clean, start, end = strip_markers(text)
    if start is not None:
        return clean.strip(" -–—|:："), start, end
    for pattern in (_HEADING_LEADING, _HEADING_TRAILING):
        match = pattern.search(text)
        if match:
            marker = _marker(match)
            if marker is not None:
                rest = _remove(text, [marker.span]).strip(" -–—|:：")
                if rest:
                    return rest, marker.start, marker.end
    return text, None, None


def parse_duration(value: object) -> int | None:
    """Seconds in a duration: 4295, "1:11:35", "71m", "1h 11m 35s", "PT1H11M35S", "71 min", "1小时11分".

    A bare number of at most 300 is read as minutes (no talk is a five-minute-or-less number of
    seconds long in these notes; "duration: 40" means forty minutes), a larger one as seconds.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = int(value)
        if number <= 0:
            return None
        return number * 60 if number <= 300 else number
    text = str(value).strip().lower()
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return parse_duration(float(text))
    seconds = clock_seconds(text)
    if seconds is not None:
        return seconds or None
    match = re.fullmatch(r"p?t?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text.replace(" ", ""))
    if match and any(match.groups()):
        hours, minutes, secs = (int(group) if group else 0 for group in match.groups())
        return hours * 3600 + minutes * 60 + secs or None
    total = 0
    found = False
    units = (
        (r"(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|小时|时)", 3600),
        (r"(\d+(?:\.\d+)?)\s*(?:minutes?|mins?|分钟|分)", 60),
        (r"(\d+(?:\.\d+)?)\s*(?:seconds?|secs?|秒)", 1),
    )
    for pattern, factor in units:
        unit_match = re.search(pattern, text)
        if unit_match:
            total += int(float(unit_match.group(1)) * factor)
            found = True
    return total if found and total > 0 else None
