"""Pictures drawn on the server as SVG: where they sit and how big they are, computed from counts.

Pure functions, no queries: the views fetch the counts (of points, see notes.points) and the templates
in templates/notes/charts/ draw the shapes, each with a <title>, next to a table of the same numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

TIMELINE_WIDTH = 640
TIMELINE_HEIGHT = 160
TIMELINE_MARGIN = 24
BAR_WIDTH = 10

BAR_ROW = 24
BAR_LABEL = 180
BAR_AREA = 300

MAP_CELL = 34
MAP_LABEL_LEFT = 150
MAP_LABEL_TOP = 120
MAX_MAP_SPEAKERS = 12


@dataclass(frozen=True)
class TimelineBar:
    talk: object
    count: int
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class Timeline:
    bars: list[TimelineBar]
    width: int
    height: int
    baseline: float
    first_year: int | None
    last_year: int | None


def timeline(rows: list[tuple[object, int]]) -> Timeline:
    """Bars over time: each dated talk at its date, as tall as its count. Undated talks are left
    to the table. ``rows`` are (talk, count) with ``talk.published`` a date or None."""
    dated = [(talk, count) for talk, count in rows if talk.published and count > 0]
    baseline = TIMELINE_HEIGHT - TIMELINE_MARGIN
    if not dated:
        return Timeline([], TIMELINE_WIDTH, TIMELINE_HEIGHT, baseline, None, None)
    days = [talk.published.toordinal() for talk, _ in dated]
    first, last = min(days), max(days)
    span = max(last - first, 1)
    usable = TIMELINE_WIDTH - 2 * TIMELINE_MARGIN - BAR_WIDTH
    tallest = max(count for _, count in dated)
    top_room = baseline - TIMELINE_MARGIN
    bars = []
    for (talk, count), day in zip(dated, days, strict=True):
        x = TIMELINE_MARGIN + (usable * (day - first) / span if last > first else usable / 2)
        height = max(2.0, top_room * count / tallest)
        bars.append(
            TimelineBar(talk, count, round(x, 1), round(baseline - height, 1), round(height, 1))
        )
    return Timeline(
        bars,
        TIMELINE_WIDTH,
        TIMELINE_HEIGHT,
        baseline,
        dt.date.fromordinal(first).year,
        dt.date.fromordinal(last).year,
    )


@dataclass(frozen=True)
class Bar:
    item: object
    count: int
    y: float
    width: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int


def bar_chart(rows: list[tuple[object, int]]) -> BarChart:
    """Horizontal bars, one row per item, as long as its count (the longest fills the area)."""
    longest = max((count for _, count in rows), default=0)
    bars = [
        Bar(item, count, index * BAR_ROW, round(BAR_AREA * count / longest, 1) if longest else 0)
        for index, (item, count) in enumerate(rows)
    ]
    width = BAR_LABEL + BAR_AREA + 40
    return BarChart(bars, width, max(len(rows), 1) * BAR_ROW, BAR_LABEL)


@dataclass(frozen=True)
class MapCell:
    theme: object
    count: int
    cx: float
    radius: float


@dataclass(frozen=True)
class MapRow:
    speaker: object
    cy: float
    cells: list[MapCell]
    total: int


@dataclass(frozen=True)
class SpeakerThemeMap:
    themes: list[tuple[object, float]]  # (theme, x of its column)
    rows: list[MapRow]
    width: int
    height: int
    left: int
    top: int


def speaker_theme_map(
    speakers: list, themes: list, counts: dict[tuple[int, int], int]
) -> SpeakerThemeMap:
    """Who talks about what: a circle per speaker and theme, its area proportional to the count.

    ``counts`` maps (speaker id, theme id) to a number of points. The speakers with the most points
    on themes are kept (at most twelve), most first; themes keep their order.
    """
    totals = {s.pk: sum(counts.get((s.pk, t.pk), 0) for t in themes) for s in speakers}
    chosen = sorted((s for s in speakers if totals[s.pk]), key=lambda s: (-totals[s.pk], s.name))
    chosen = chosen[:MAX_MAP_SPEAKERS]
    largest = max(counts.values(), default=0)
    columns = [(theme, MAP_LABEL_LEFT + MAP_CELL * (i + 0.5)) for i, theme in enumerate(themes)]
    rows = []
    for index, speaker in enumerate(chosen):
        cy = MAP_LABEL_TOP + MAP_CELL * (index + 0.5)
        cells = []
        for theme, cx in columns:
            count = counts.get((speaker.pk, theme.pk), 0)
            radius = (MAP_CELL / 2 - 2) * math.sqrt(count / largest) if count and largest else 0
            cells.append(MapCell(theme, count, cx, round(max(radius, 2.5) if count else 0, 1)))
        rows.append(MapRow(speaker, cy, cells, totals[speaker.pk]))
    return SpeakerThemeMap(
        themes=columns,
        rows=rows,
        width=MAP_LABEL_LEFT + MAP_CELL * len(themes) + MAP_LABEL_TOP,  # room for slanted labels
        height=MAP_LABEL_TOP + MAP_CELL * len(rows) + 8,
        left=MAP_LABEL_LEFT,
        top=MAP_LABEL_TOP,
    )
