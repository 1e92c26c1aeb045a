"""The home map's rows rendered in Python (notes.map_markup) read as the template once rendered them."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from notes import charts
from notes.map_markup import bar_rows, map_rows
from notes.models import Speaker, Tag

# The rows as templates/notes/charts/map.html rendered them before notes.map_markup.
SVG_ROWS = Template(
    """{% load i18n kb_tags %}{% for row in chart.rows %}
    <text class="map-speaker" x="{{ chart.left|add:-8 }}" y="{{ row.cy }}" dy="4">{{ row.speaker.name }}</text>
    {% for cell in row.cells %}{% if cell.count %}
    <a href="{{ cell.theme.get_absolute_url }}?speaker={{ row.speaker.slug|urlencode }}"><circle class="map-cell" cx="{{ cell.cx }}" cy="{{ row.cy }}" r="{{ cell.radius }}"><title>{{ row.speaker.name }} · {{ cell.theme|tag_name }}: {% blocktranslate count counter=cell.count %}{{ counter }} claim{% plural %}{{ counter }} claims{% endblocktranslate %}</title></circle></a>
    {% endif %}{% endfor %}
    {% endfor %}"""
)
TABLE_ROWS = Template(
    """{% for row in chart.rows %}
        <tr><th scope="row"><a href="{{ row.speaker.get_absolute_url }}">{{ row.speaker.name }}</a></th>{% for cell in row.cells %}<td>{% if cell.count %}<a href="{{ cell.theme.get_absolute_url }}?speaker={{ row.speaker.slug|urlencode }}">{{ cell.count }}</a>{% endif %}</td>{% endfor %}</tr>
        {% endfor %}"""
)


def squeeze(markup: str) -> str:
    """Markup without the whitespace between tags (the template's indentation)."""
    return re.sub(r">\s+<", "><", markup.strip())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_map_rows_render_as_the_template_rendered_them(language):
    themes = [
        Tag(pk=1, slug="t-one", name="One & <only>", name_zh="一", is_theme=True),
        Tag(pk=2, slug="t-two", name="Two", name_zh="", is_theme=True),
    ]
    speakers = [
        Speaker(pk=10, slug="o-brien", name="O'Brien <b>"),
        Speaker(pk=20, slug="李-四", name="李四"),
        Speaker(pk=30, slug="quiet", name="Quiet"),
    ]
    counts = {(10, 1): 1, (10, 2): 1234, (20, 1): 7}
    chart = charts.speaker_theme_map(speakers, themes, counts)
    with translation.override(language):
        svg, table = map_rows(chart)
        context = Context({"chart": chart})
        expected_svg, expected_table = SVG_ROWS.render(context), TABLE_ROWS.render(context)
    assert squeeze(svg) == squeeze(expected_svg)
    assert squeeze(table) == squeeze(expected_table)
    assert "O&#x27;Brien &lt;b&gt;" in svg and "%E6%9D%8E-%E5%9B%9B" in table  # escaped, quoted
    assert svg.count("<circle") == 3  # one per count, none for an empty cell


def test_an_empty_map_has_no_rows():
    chart = charts.speaker_theme_map([], [], {})
    assert map_rows(chart) == ("", "")


# The bars as templates/notes/charts/bars.html rendered them before notes.map_markup.bar_rows.
BAR_ROWS = Template(
    """{% load i18n kb_tags %}{% for bar in chart.bars %}
    <a href="{{ bar.item.get_absolute_url }}?speaker={{ speaker.slug|urlencode }}">
      <title>{{ bar.item|tag_name }}: {% blocktranslate count counter=bar.count %}{{ counter }} claim{% plural %}{{ counter }} claims{% endblocktranslate %}</title>
      <text class="bar-label" x="{{ chart.label_width|add:-8 }}" y="{{ bar.y|add:16 }}">{{ bar.item|tag_name }}</text>
      <rect class="bar" x="{{ chart.label_width }}" y="{{ bar.y|add:4 }}" width="{{ bar.width }}" height="16"></rect>
      <text class="bar-count" x="{{ chart.label_width|add:6 }}" dx="{{ bar.width }}" y="{{ bar.y|add:16 }}">{{ bar.count }}</text>
    </a>
    {% endfor %}"""
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_bar_rows_render_as_the_template_rendered_them(language):
    themes = [
        Tag(pk=1, slug="t-one", name="One & <only>", name_zh="一", is_theme=True),
        Tag(pk=2, slug="t-two", name="Two", name_zh="", is_theme=True),
        Tag(pk=3, slug="t-three", name="Three", name_zh="三", is_theme=True),
    ]
    speaker = Speaker(pk=10, slug="李-o'brien", name="O'Brien")
    chart = charts.bar_chart([(themes[0], 1234), (themes[1], 7), (themes[2], 1)])
    with translation.override(language):
        rows = bar_rows(chart, speaker)
        expected = BAR_ROWS.render(Context({"chart": chart, "speaker": speaker}))
    assert squeeze(rows) == squeeze(expected)
    assert rows.count("<rect") == 3
    assert ("一" if language == "zh-hans" else "One &amp; &lt;only&gt;") in rows  # escaped
    assert "?speaker=%E6%9D%8E-o%27brien" in rows  # the slug quoted as urlencode does


def test_an_empty_bar_chart_has_no_rows():
    assert bar_rows(charts.bar_chart([]), Speaker(slug="s", name="S")) == ""
