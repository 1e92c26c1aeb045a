"""The home page: themes with their counts, recent talks, a search box."""

from django.db.models import F
from django.shortcuts import render

from notes import queries

RECENT_TALKS = 10


def home(request):
    """Themes (with claim and talk counts) and the most recent public talks."""
    talks = queries.talks_for_listing(queries.public_talks()).order_by(
        F("published").desc(nulls_last=True), "-created"
    )[:RECENT_TALKS]
    return render(
        request,
        "notes/home.html",
        {"themes": queries.themes_with_counts(), "talks": talks},
    )
