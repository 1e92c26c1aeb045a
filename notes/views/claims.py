"""A claim's page: the claim, its translation, where it was said, its tags and related claims."""

from django.db.models import Q, Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from notes import queries
from notes.models import ClaimRelation, TaggedClaim
from notes.points import one_per_point, visible_partner

RELATED_CLAIMS = 6
RELATED_WINDOW = 500  # newest tagged claims per theme that related claims are chosen from

# How a relation reads from this claim's side: "this claim supports X" / "X supports this claim".
OUTGOING_LABELS = {
    ClaimRelation.Kind.SUPPORTS: _("Supports"),
    ClaimRelation.Kind.CONTRADICTS: _("Contradicts"),
    ClaimRelation.Kind.REFINES: _("Refines"),
    ClaimRelation.Kind.SAME_POINT: _("Makes the same point as"),
}
INCOMING_LABELS = {
    ClaimRelation.Kind.SUPPORTS: _("Supported by"),
    ClaimRelation.Kind.CONTRADICTS: _("Contradicted by"),
    ClaimRelation.Kind.REFINES: _("Refined by"),
    ClaimRelation.Kind.SAME_POINT: _("Makes the same point as"),
}


def _newest_on_themes(theme_ids: list[int]) -> Q:
    """Claims among the latest RELATED_WINDOW tagged on each theme.

    Each theme's window is a backward range of the (tag, claim) index, so a theme on half a million
    claims costs what a rare one does; walking claims newest first and probing their tags instead
    read the whole claim table for a rare theme (a second at a million claims).
    """
    condition = Q(pk__in=[])
    for theme_id in theme_ids:
        window = (
            TaggedClaim.objects.filter(tag_id=theme_id)
            .order_by("-content_object_id")
            .values("content_object_id")[:RELATED_WINDOW]
        )
        condition |= Q(pk__in=Subquery(window))
    return condition


def claim_detail(request, pk):
    """One public claim; hidden claims and claims of non-public talks are not found."""
    claim = queries.for_display(queries.public_claims()).filter(pk=pk).first()
    if claim is None:
        raise Http404("No such claim.")
    theme_ids = [link.tag_id for link in claim.tag_links if link.tag.is_theme]
    related = []
    if theme_ids:
        related = list(
            one_per_point(
                queries.public_claims()
                .exclude(talk_id=claim.talk_id)
                .filter(_newest_on_themes(theme_ids))
            )
            .select_related("talk", "speaker")
            .order_by("-created", "-pk")[:RELATED_CLAIMS]
        )
    visible_other = queries.visible_claim_q("target__")
    outgoing = (
        ClaimRelation.objects.filter(source=claim)
        .filter(visible_other)
        .select_related("target__talk", "target__speaker")
    )
    incoming = (
        ClaimRelation.objects.filter(target=claim)
        .filter(queries.visible_claim_q("source__"))
        .select_related("source__talk", "source__speaker")
    )
    relations = [(OUTGOING_LABELS[rel.kind], rel.kind, rel.target, rel.note) for rel in outgoing]
    relations += [(INCOMING_LABELS[rel.kind], rel.kind, rel.source, rel.note) for rel in incoming]
    return render(
        request,
        "notes/claim_detail.html",
        {
            "claim": claim,
            "translation": visible_partner(claim),
            "related": related,
            "relations": relations,
        },
    )
