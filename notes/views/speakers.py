"""The speakers list and a speaker's page: aliases, talks, themes, and claims by talk, newest first."""

from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import render

from notes import charts, lists, queries
from notes.models import Speaker, TalkSpeaker, TalkSpeakerCount
from notes.services.redirects import redirect_for
from notes.views.common import CLAIMS_PER_PAGE, SPEAKERS_PER_PAGE, paginate

# The talks section lists the latest this many talks; the rest is counted ("…and 12 earlier talks").
SPEAKER_TALKS = 50


def speaker_list(request):
    """Every speaker of a public talk, with counts of their public talks and claims."""
    speakers = queries.with_speaker_counts(queries.public_speakers()).order_by("name")
    return render(
        request,
        "notes/speaker_list.html",
        {"page_obj": paginate(request, speakers, SPEAKERS_PER_PAGE)},
    )


def speaker_talk_rows(speaker: Speaker) -> list[TalkSpeakerCount]:
    """The speaker's public talks in listing order, newest first: one counter row per talk that
    names them or holds a claim of theirs, with the talk, its claims by them (``claims``) and the
    first role the talk gives them (``role``, "" when they only said something there).

    One query serves both the talks section and the walk of the claim list (lists.ClaimListing).
    """
    first_role = TalkSpeaker.objects.filter(
        talk_id=OuterRef("talk_id"), speaker_id=OuterRef("speaker_id")
    ).order_by("position", "pk")
    rows = (
        TalkSpeakerCount.objects.filter(speaker=speaker)
        .filter(Q(claims__gt=0) | Q(in_talk=True))
        .select_related("talk")
        .annotate(role=Subquery(first_role.values("role")[:1]))
        .order_by(*lists.TALK_ORDER_VIA)
    )
    return list(rows)


def speaker_detail(request, slug):
    """One speaker: their talks, their themes, and their claims newest talk first.

    The claims are in the order of every other claim list (``queries.CLAIM_ORDER``), grouped by talk:
    the walk over the speaker's counter rows reads one page of claims by index (see
    docs/decisions.md, "The speaker page lists claims by talk"); their themes link to the theme
    page narrowed to this speaker.
    """
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
    rows = speaker_talk_rows(speaker)
    listing = lists.speaker_listing(speaker, rows)
    page = paginate(request, listing, CLAIMS_PER_PAGE, count=listing.total)
    themes = lists.sampled_facets(
        queries.ClaimFilters(speaker=speaker),
        capped=speaker.claim_count > lists.FACET_SAMPLE,
        themes_only=True,
    )
    named = [row for row in rows if row.in_talk]
    roles = dict(TalkSpeaker.Role.choices)
    return render(
        request,
        "notes/speaker_detail.html",
        {
            "speaker": speaker,
            "talks": [(row.talk, roles.get(row.role, "")) for row in named[:SPEAKER_TALKS]],
            "earlier_talks": max(0, len(named) - SPEAKER_TALKS),
            "page_obj": page,
            "themes": themes,
            "theme_chart": charts.bar_chart([(facet.tag, facet.count) for facet in themes]),
        },
    )
