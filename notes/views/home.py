"""The home page: themes with their counts, who talks about what, recent talks, a search box."""

from django.db.models import Count, F
from django.shortcuts import render

from notes import charts, queries
from notes.models import Speaker, TaggedClaim
from notes.points import points

RECENT_TALKS = 10


def speaker_theme_counts() -> tuple[list[Speaker], dict[tuple[int, int], int]]:
    """Speakers with points on themes, and how many points each has on each theme (one query)."""
    said = points(queries.public_claims()).filter(speaker__isnull=False).order_by().values("pk")
    rows = (
        TaggedClaim.objects.filter(tag__is_theme=True, content_object__in=said)
        .values_list(
            "content_object__speaker_id",
            "content_object__speaker__name",
            "content_object__speaker__slug",
            "tag_id",
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    speakers: dict[int, Speaker] = {}
    counts: dict[tuple[int, int], int] = {}
    for speaker_id, name, slug, tag_id, count in rows:
        speakers.setdefault(speaker_id, Speaker(pk=speaker_id, name=name, slug=slug))
        counts[(speaker_id, tag_id)] = count
    return list(speakers.values()), counts


def home(request):
    """Themes (with claim and talk counts), the speaker × theme map and the most recent talks."""
    talks = queries.talks_for_listing(queries.public_talks()).order_by(
        F("published").desc(nulls_last=True), "-created"
    )[:RECENT_TALKS]
    themes = list(queries.themes_with_counts())
    speakers, counts = speaker_theme_counts()
    return render(
        request,
        "notes/home.html",
        {
            "themes": themes,
            "talks": talks,
            "map": charts.speaker_theme_map(speakers, themes, counts),
        },
    )
