"""Chart rows rendered in Python: the speaker × theme map's (notes.charts.SpeakerThemeMap), a
speaker's theme bars (notes.charts.BarChart) and a theme's timeline (notes.charts.Timeline, and the
list of talks beside it).

The same markup templates/notes/charts/map.html and bars.html once gave for them, every value
escaped as autoescaping does. A full map is 12 speakers × every theme, each cell a circle and a
table cell with a link: resolved one variable at a time by the template engine, with a
``reverse()`` per link, that was most of the home page's time; a busy speaker's forty bars, each
with five localised numbers, were a third of their page's rendering. Here each theme's link and
name and each speaker's are built once, and each number is localised once.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from django.conf import settings
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from notes.charts import BarChart, SpeakerThemeMap, Timeline
from notes.templatetags.kb_tags import tag_name, talk_date, talk_date_iso


def _esc(value) -> str:
    return html.escape(str(value))


class _Numbers:
    """Numbers, and "N claims", as the template engine shows them, each localised once."""

    def __init__(self):
        self.shown: dict[tuple, str] = {}
        self.claims: dict[int, str] = {}
        self.point = get_format("DECIMAL_SEPARATOR")

    def number(self, value) -> str:
        key = (type(value), value)  # 142 and 142.0 are one dict key, and read "142" and "142.0"
        if key not in self.shown:
            # What ``localize`` gives a plain int or float when numbers are not grouped.
            shown = localize(value) if settings.USE_THOUSAND_SEPARATOR else str(value)
            self.shown[key] = _esc(shown.replace(".", self.point))
        return self.shown[key]

    def counted(self, count: int) -> str:
        if count not in self.claims:
            self.claims[count] = ngettext("%(counter)s claim", "%(counter)s claims", count) % {
                "counter": self.number(count)
            }
        return self.claims[count]


def map_rows(chart: SpeakerThemeMap) -> tuple[SafeString, SafeString]:
    """The map's speaker rows as (the SVG labels and circles, the table's body rows)."""
    themes = {
        theme.pk: (_esc(theme.get_absolute_url()), _esc(tag_name(theme)))
        for theme, _ in chart.themes
    }
    numbers = _Numbers()
    number, counted = numbers.number, numbers.counted
    label_x = number(chart.left - 8)
    svg, table = [], []
    for row in chart.rows:
        name = _esc(row.speaker.name)
        query = f"?speaker={_esc(quote(row.speaker.slug))}"
        cy = number(row.cy)
        svg.append(f'<text class="map-speaker" x="{label_x}" y="{cy}" dy="4">{name}</text>')
        cells = []
        for cell in row.cells:
            if not cell.count:
                cells.append("<td></td>")
                continue
            url, theme_name = themes[cell.theme.pk]
            circle = f'cx="{number(cell.cx)}" cy="{cy}" r="{number(cell.radius)}"'
            title = f"{name} · {theme_name}: {counted(cell.count)}"
            svg.append(
                f'<a href="{url}{query}"><circle class="map-cell" {circle}><title>{title}'
                "</title></circle></a>"
            )
            cells.append(f'<td><a href="{url}{query}">{number(cell.count)}</a></td>')
        speaker_url = _esc(row.speaker.get_absolute_url())
        table.append(
            f'<tr><th scope="row"><a href="{speaker_url}">{name}</a></th>{"".join(cells)}</tr>'
        )
    # Every value above is escaped (_esc) or fixed markup.
    return mark_safe("\n".join(svg)), mark_safe("\n".join(table))


def bar_rows(chart: BarChart, speaker) -> SafeString:
    """A speaker's theme bars (inside the chart's ``<svg>``): each a link to the theme narrowed to
    ``speaker``, with its name, bar and count."""
    numbers = _Numbers()
    number, counted = numbers.number, numbers.counted
    query = f"?speaker={_esc(quote(speaker.slug))}"
    label_x, bar_x = number(chart.label_width - 8), number(chart.label_width)
    count_x = number(chart.label_width + 6)
    rows = []
    for bar in chart.bars:
        name = _esc(tag_name(bar.item))
        text_y = number(bar.y + 16)
        rows.append(
            f'<a href="{_esc(bar.item.get_absolute_url())}{query}">'
            f"<title>{name}: {counted(bar.count)}</title>"
            f'<text class="bar-label" x="{label_x}" y="{text_y}">{name}</text>'
            f'<rect class="bar" x="{bar_x}" y="{number(bar.y + 4)}" width="{number(bar.width)}" '
            'height="16"></rect>'
            f'<text class="bar-count" x="{count_x}" dx="{number(bar.width)}" y="{text_y}">'
            f"{number(bar.count)}</text></a>"
        )
    # Every value above is escaped (_esc) or fixed markup.
    return mark_safe("\n".join(rows))


def timeline_bars(chart: Timeline) -> SafeString:
    """A theme's timeline bars (inside the chart's ``<svg>``): each a link to its talk, titled with
    the talk's title, date and count. Up to 50 bars, each with a translated count and a talk link,
    were a quarter of a theme page's time in the template engine."""
    numbers = _Numbers()
    number, counted = numbers.number, numbers.counted
    bars = []
    for bar in chart.bars:
        talk = bar.talk
        title = f"{_esc(talk.title)} · {_esc(talk_date(talk))} · {counted(bar.count)}"
        bars.append(
            f'<a href="{_esc(talk.get_absolute_url())}"><rect class="bar" x="{number(bar.x)}" '
            f'y="{number(bar.y)}" width="10" height="{number(bar.height)}"><title>{title}</title>'
            "</rect></a>"
        )
    # Every value above is escaped (_esc) or fixed markup.
    return mark_safe("\n".join(bars))


def timeline_items(rows: list[tuple[object, int]]) -> SafeString:
    """The ``<li>`` rows of a theme's list of talks beside its timeline: each talk's date (or
    "undated"), its link and its number of claims on the theme; ``rows`` are (talk, count)."""
    numbers = _Numbers()
    undated = f'<span class="undated">{_esc(gettext("undated"))}</span>'
    items = []
    for talk, count in rows:
        if talk.published:
            when = f'<time datetime="{_esc(talk_date_iso(talk))}">{_esc(talk_date(talk))}</time>'
        else:
            when = undated
        items.append(
            f'<li>{when}\n        <a href="{_esc(talk.get_absolute_url())}">{_esc(talk.title)}</a>'
            f'\n        <span class="count">{numbers.counted(count)}</span></li>'
        )
    # Every value above is escaped (_esc) or fixed markup.
    return mark_safe("\n".join(items))
