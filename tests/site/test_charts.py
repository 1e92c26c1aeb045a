"""Pictures: a theme's timeline, a speaker's themes, the speaker × theme map (SVG with titles and a
table or list of the same numbers)."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from notes import charts


def talk(day: dt.date | None, title="t"):
    return SimpleNamespace(published=day, title=title)


def test_timeline_places_talks_by_date_and_sizes_them_by_count():
    early, late = talk(dt.date(2024, 1, 1)), talk(dt.date(2025, 1, 1))
    chart = charts.timeline([(early, 2), (late, 4), (talk(None), 9)])
    assert [bar.talk for bar in chart.bars] == [early, late]  # the undated talk is left to the list
    first, second = chart.bars
    assert first.x < second.x
    assert second.height == pytest.approx(2 * first.height)
    assert (chart.first_year, chart.last_year) == (2024, 2025)
    assert all(bar.y + bar.height == pytest.approx(chart.baseline) for bar in chart.bars)


def test_an_empty_timeline_has_no_bars():
    assert charts.timeline([(talk(None), 3)]).bars == []


def test_bar_chart_longest_fills_the_area():
    chart = charts.bar_chart([("a", 6), ("b", 3)])
    assert [bar.width for bar in chart.bars] == [charts.BAR_AREA, charts.BAR_AREA / 2]
    assert chart.bars[1].y > chart.bars[0].y


def test_map_keeps_speakers_with_points_most_first_and_sizes_circles_by_area():
    themes = [SimpleNamespace(pk=1), SimpleNamespace(pk=2)]
    speakers = [
        SimpleNamespace(pk=10, name="B"),
        SimpleNamespace(pk=20, name="A"),
        SimpleNamespace(pk=30, name="C"),
    ]
    counts = {(10, 1): 1, (20, 1): 4, (20, 2): 1}
    chart = charts.speaker_theme_map(speakers, themes, counts)
    assert [row.speaker.name for row in chart.rows] == ["A", "B"]  # C has no points on themes
    big, small = chart.rows[0].cells[0], chart.rows[1].cells[0]
    assert big.radius == pytest.approx(2 * small.radius)  # four times the count, twice the radius
    assert chart.rows[1].cells[1].radius == 0


def test_pages_draw_the_charts_with_titles(client, kb):
    home = client.get("/").content.decode()
    assert 'aria-labelledby="map-chart-title"' in home
    cell = re.search(
        r'<a href="(/themes/t-generalization/\?speaker=ilya-sutskever)"><circle[^>]*><title>([^<]+)</title>',
        home,
    )
    assert cell and "Generalizing: 4 claims" in cell.group(2)  # points: the pair counts once
    assert "<table>" in home  # the same numbers as a table
    theme = client.get(kb.generalization.get_absolute_url()).content.decode()
    assert 'aria-labelledby="timeline-chart-title"' in theme
    assert theme.count('<rect class="bar"') == 2  # two dated talks
    speaker = client.get(kb.ilya.get_absolute_url()).content.decode()
    assert 'aria-labelledby="bars-chart-title"' in speaker
    assert "Generalizing: 4 claims" in speaker


def test_timeline_markup_escapes_titles_and_writes_dates_and_counts():
    """The markup is written in the active language (a page's request language): English here,
    Chinese below, whatever an earlier test left active."""
    from django.utils import translation

    from notes import map_markup
    from notes.models import Talk

    dated = Talk(slug="a-b", title="<AGI> & co", published=dt.date(2024, 3, 5))
    dated.published_precision = "day"
    undated = Talk(slug="later", title="Later", published=None)
    rows = [(dated, 1), (undated, 3)]
    with translation.override("en"):
        bars = map_markup.timeline_bars(charts.timeline(rows))
        items = map_markup.timeline_items(rows)
    assert bars.count('<rect class="bar"') == 1
    assert '<a href="/talks/a-b/">' in bars
    assert "<title>&lt;AGI&gt; &amp; co · March 5, 2024 · 1 claim</title>" in bars
    assert '<time datetime="2024-03-05">March 5, 2024</time>' in items
    assert '<span class="undated">undated</span>' in items
    assert '<a href="/talks/later/">Later</a>' in items and "3 claims" in items
    assert "<AGI>" not in items
    with translation.override("zh-hans"):
        chinese = map_markup.timeline_bars(charts.timeline(rows))
    assert "<title>&lt;AGI&gt; &amp; co · 2024年3月5日 · 1 条观点</title>" in chinese
