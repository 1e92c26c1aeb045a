"""A claim's page: the claim, its translation, where it was said, its tags and related claims."""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from notes import queries
from notes.models import ClaimRelation, TaggedClaim
from notes.points import points, visible_partner

RELATED_CLAIMS = 6

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


def claim_detail(request, pk):
    """One public claim; hidden claims and claims of non-public talks are not found."""
    claim = queries.for_display(queries.public_claims()).filter(pk=pk).first()
    if claim is None:
        raise Http404("No such claim.")
    theme_ids = [link.tag_id for link in claim.tag_links if link.tag.is_theme]
    related = []
    if theme_ids:
        # Bounded: same themes, other talks, newest first; an EXISTS probe instead of a DISTINCT join.
        on_same_themes = TaggedClaim.objects.filter(
            content_object=OuterRef("pk"), tag_id__in=theme_ids
        )
        # One per point: a related pair shows once.
        related = list(
            points(
                queries.public_claims()
                .exclude(talk_id=claim.talk_id)
                .filter(Exists(on_same_themes))
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
