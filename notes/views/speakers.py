"""The speakers list and a speaker's page: aliases, talks, and claims grouped by theme."""

from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import render

from notes import charts, lists, queries
from notes.models import Speaker, TaggedClaim, TalkSpeaker
from notes.points import points
from notes.services.redirects import redirect_for
from notes.views.common import CLAIMS_PER_PAGE, SPEAKERS_PER_PAGE, paginate


def speaker_list(request):
    """Every speaker of a public talk, with counts of their public talks and claims."""
    speakers = queries.with_speaker_counts(queries.public_speakers()).order_by("name")
    return render(
        request,
        "notes/speaker_list.html",
        {"page_obj": paginate(request, speakers, SPEAKERS_PER_PAGE)},
    )


def _primary_theme(field: str):
    """Subquery: the claim's first theme (by theme position), as ``field`` of the tag."""
    return Subquery(
        TaggedClaim.objects.filter(content_object=OuterRef("pk"), tag__is_theme=True)
        .order_by("tag__position", "tag__name")
        .values(f"tag__{field}")[:1]
    )


def group_by_primary_theme(claims) -> list[dict]:
    """Consecutive claims with the same first theme, as ``{"theme": Tag|None, "claims": [...]}``."""
    groups = []
    for claim in claims:
        theme = next(
            (link.tag for link in claim.tag_links if link.tag_id == claim.primary_theme_id), None
        )
        if groups and groups[-1]["theme_id"] == claim.primary_theme_id:
            groups[-1]["claims"].append(claim)
        else:
            groups.append({"theme_id": claim.primary_theme_id, "theme": theme, "claims": [claim]})
    return groups


def speaker_detail(request, slug):
    """One speaker. Each claim is listed once, under its first theme; unthemed claims come last."""
    speaker = (
        queries.with_speaker_counts(queries.public_speakers())
        .prefetch_related("aliases")
        .filter(slug=slug)
        .first()
    )
    if speaker is None:
        if Speaker.objects.filter(slug=slug).exists():
            raise Http404("No such speaker.")
        return redirect_for("speaker", slug)  # a merged speaker's old address
    roles = (
        TalkSpeaker.objects.filter(speaker=speaker, talk__public=True)
        .select_related("talk")
        .order_by(F("talk__published").desc(nulls_last=True), "-talk__created")
    )
    claims = (
        queries.for_display(points(queries.public_claims().filter(speaker=speaker)))
        .annotate(
            primary_theme_id=_primary_theme("id"), primary_theme_position=_primary_theme("position")
        )
        .order_by(
            F("primary_theme_position").asc(nulls_last=True),
            "primary_theme_id",
            *queries.CLAIM_ORDER,
        )
    )
    page = paginate(request, claims, CLAIMS_PER_PAGE, count=speaker.claim_count)
    themes = lists.sampled_facets(
        queries.ClaimFilters(speaker=speaker),
        capped=speaker.claim_count > lists.FACET_SAMPLE,
        themes_only=True,
    )
    return render(
        request,
        "notes/speaker_detail.html",
        {
            "speaker": speaker,
            "roles": roles,
            "page_obj": page,
            "theme_groups": group_by_primary_theme(page.object_list),
            "themes": themes,
            "theme_chart": charts.bar_chart([(facet.tag, facet.count) for facet in themes]),
        },
    )
