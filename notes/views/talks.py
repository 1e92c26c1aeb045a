"""The talks list and a talk's page: metadata, summaries, sections and its claims side by side."""

from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import render

from notes import lists, queries
from notes.models import Section, Summary, TalkSpeaker
from notes.views.common import TALKS_PER_PAGE, paginate


def talk_list(request):
    """Every public talk, newest first."""
    talks = queries.talks_for_listing(queries.public_talks()).order_by(
        F("published").desc(nulls_last=True), "-created", "pk"
    )
    return render(
        request, "notes/talk_list.html", {"page_obj": paginate(request, talks, TALKS_PER_PAGE)}
    )


def pair_translations(claims: list) -> list[dict]:
    """Rows of the talk's claims, each English claim beside its Chinese version when there is one.

    A row is ``{"en": claim|None, "zh": claim|None, "single": claim|None}``: a translated pair fills
    ``en`` and ``zh`` (mixed-language text counts as the Chinese side); a claim without a visible
    partner in this list is ``single``. Rows follow the position of the first claim of each pair.
    """
    by_id = {claim.pk: claim for claim in claims}
    partner_of = {}
    for claim in claims:
        if claim.translation_id in by_id and claim.translation_id != claim.pk:
            partner_of.setdefault(claim.pk, claim.translation_id)
            partner_of.setdefault(claim.translation_id, claim.pk)
    rows, placed = [], set()
    for claim in claims:
        if claim.pk in placed:
            continue
        partner = by_id.get(partner_of.get(claim.pk))
        if partner is None or partner.pk in placed or partner.language == claim.language:
            rows.append({"en": None, "zh": None, "single": claim})
            placed.add(claim.pk)
            continue
        english, chinese = (claim, partner) if claim.language == "en" else (partner, claim)
        if english.language != "en":
            rows.append({"en": None, "zh": None, "single": claim})
            placed.add(claim.pk)
            continue
        rows.append({"en": english, "zh": chinese, "single": None})
        placed.update({claim.pk, partner.pk})
    return rows


def talk_detail(request, slug):
    """One public talk; a talk that is not public is not found."""
    talks = queries.public_talks().prefetch_related(
        Prefetch("talk_speakers", queryset=TalkSpeaker.objects.select_related("speaker")),
        "tags",
        Prefetch(
            "summaries",
            queryset=Summary.objects.order_by("part", "source_name").prefetch_related(
                Prefetch("sections", queryset=Section.objects.order_by("position"))
            ),
        ),
    )
    talk = talks.filter(slug=slug).first()
    if talk is None:
        raise Http404("No such talk.")
    talk_claims = queries.public_claims().filter(talk=talk)
    claims = list(
        queries.for_display(talk_claims).order_by("summary__part", "summary_id", "position", "pk")
    )
    return render(
        request,
        "notes/talk_detail.html",
        {
            "talk": talk,
            "claim_rows": pair_translations(claims),
            "claim_count": len(claims),
            "themes": lists.talk_theme_facets(talk),
        },
    )
