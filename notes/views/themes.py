"""A theme's page: its claims grouped by talk, filters, related themes and a timeline of talks."""

from urllib.parse import urlencode

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from notes import charts, queries
from notes.models import Tag
from notes.points import points
from notes.services.redirects import redirect_for
from notes.views.common import CLAIMS_PER_PAGE, ClaimFilterForm, paginate


def theme_detail(request, slug):
    """Claims on one theme, newest talk first, narrowed by speaker, language and kind."""
    theme = Tag.objects.filter(slug=slug, is_theme=True).first()
    if theme is None:
        if Tag.objects.filter(slug=slug).exists():
            raise Http404("A plain tag is not a theme.")
        return redirect_for("tag", slug)  # a merged theme's old address
    on_theme = queries.public_claims().filter(queries.has_tag(theme))
    speakers = (
        queries.public_speakers()
        .filter(claims__in=on_theme.order_by().values("pk"))
        .distinct()
        .order_by("name")
    )
    form = ClaimFilterForm(request.GET, speakers=list(speakers))
    speaker, language, kind = form.selected()
    claims = points(
        queries.ClaimFilters(speaker=speaker, language=language, kind=kind).apply(on_theme)
    )
    page = paginate(
        request, queries.for_display(claims).order_by(*queries.CLAIM_ORDER), CLAIMS_PER_PAGE
    )
    tags_url = reverse("notes:tags")
    related = [
        (facet, f"{tags_url}?{urlencode([('tag', theme.slug), ('tag', facet.tag.slug)])}")
        for facet in queries.tag_facets(points(on_theme), themes_only=True, exclude=[theme])
    ]
    per_talk = dict(points(on_theme).order_by().values_list("talk_id").annotate(count=Count("pk")))
    timeline = [(talk, per_talk.get(talk.pk, 0)) for talk in queries.talks_on_theme(theme)]
    return render(
        request,
        "notes/theme_detail.html",
        {
            "theme": theme,
            "page_obj": page,
            "form": form,
            "filtered": bool(speaker or language or kind),
            "related_themes": related,
            "timeline": timeline,
            "timeline_chart": charts.timeline(timeline),
        },
    )
