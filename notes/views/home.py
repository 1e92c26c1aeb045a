"""The home page: themes with their counts, who talks about what, recent talks, a search box."""

from django.db.models import F
from django.shortcuts import render

from notes import charts, queries
from notes.map_markup import map_rows
from notes.models import Speaker, SpeakerTagCount, Tag

RECENT_TALKS = 10


def speaker_theme_counts(themes: list[Tag]) -> tuple[list[Speaker], dict[tuple[int, int], int]]:
    """The speakers with the most public points (from their counter rows), and how many points
    each has on each of ``themes`` (their (speaker, tag) counter rows).

    Both are counter rows kept by notes.services.counters: the map reads no claim and no tagging,
    and its counts are exact however many claims the speakers have.
    """
    top = list(
        Speaker.objects.filter(counter__claims__gt=0)
        .order_by("-counter__claims", "name")
        .only("pk", "name", "slug")[: charts.MAX_MAP_SPEAKERS * 2]
    )
    rows = SpeakerTagCount.objects.filter(
        speaker_id__in=[speaker.pk for speaker in top],
        tag_id__in=[theme.pk for theme in themes],
        claims__gt=0,
    ).values_list("speaker_id", "tag_id", "claims")
    counts = {(speaker_id, tag_id): count for speaker_id, tag_id, count in rows}
    return top, counts


def home(request):
    """Themes (with claim and talk counts), the speaker × theme map and the most recent talks."""
    talks = queries.talks_for_listing(queries.public_talks()).order_by(
        F("published").desc(nulls_last=True), "-created"
    )[:RECENT_TALKS]
    themes = list(queries.themes_with_counts())
    speakers, counts = speaker_theme_counts(themes)
    chart = charts.speaker_theme_map(speakers, themes, counts)
    return render(
        request,
        "notes/home.html",
        {
            "themes": themes,
            "talks": talks,
            "map": chart,
            "map_rows": map_rows(chart),
        },
    )
