"""The home page: themes with their counts, who talks about what, recent talks, a search box."""

from django.db.models import Count, F, Subquery
from django.shortcuts import render

from notes import charts, queries
from notes.models import Speaker, TaggedClaim
from notes.points import one_per_point

RECENT_TALKS = 10
MAP_SAMPLE = 1000  # points read for the speaker × theme map at most (as a facet sample)


def speaker_theme_counts() -> tuple[list[Speaker], dict[tuple[int, int], int]]:
    """The speakers with the most public points (from their counter rows), and how many points
    each has on each theme.

    Only the map's speakers are counted, over at most MAP_SAMPLE of their points, along the
    claims' speaker index: the map never reads every tagging (no page counts over the whole claim
    table). Below that size the counts are exact.
    """
    top = list(
        Speaker.objects.filter(counter__claims__gt=0)
        .order_by("-counter__claims", "name")
        .only("pk", "name", "slug")[: charts.MAX_MAP_SPEAKERS * 2]
    )
    # At most MAP_SAMPLE points of those speakers, by the claims' speaker index; exact below that.
    sample = (
        one_per_point(queries.public_claims().filter(speaker__in=[s.pk for s in top]))
        .order_by()
        .values("pk")[:MAP_SAMPLE]
    )
    rows = (
        TaggedClaim.objects.filter(content_object__in=Subquery(sample), tag__is_theme=True)
        .order_by()
        .values_list("content_object__speaker_id", "tag_id")
        .annotate(count=Count("pk"))
    )
    counts = {(speaker_id, tag_id): count for speaker_id, tag_id, count in rows}
    return top, counts


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
