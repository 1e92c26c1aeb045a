"""The home page: themes with their counts, recent talks, a search box."""

from django.db.models import Count, Q
from django.shortcuts import render

from notes.models import ClaimStatus, Tag, Talk


def home(request):
    visible = Q(claim_items__content_object__talk__public=True) & ~Q(
        claim_items__content_object__status=ClaimStatus.HIDDEN
    )
    themes = (
        Tag.objects.filter(is_theme=True)
        .annotate(
            claim_count=Count("claim_items__content_object", filter=visible, distinct=True),
            talk_count=Count("claim_items__content_object__talk", filter=visible, distinct=True),
        )
        .order_by("position", "name")
    )
    talks = Talk.objects.filter(public=True).order_by("-published", "-created")[:10]
    return render(request, "notes/home.html", {"themes": themes, "talks": talks})
