"""A claim's page: the claim, its translation, where it was said, its tags and related claims."""

from django.db.models import Q, Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from notes import queries
from notes.models import Claim, ClaimRelation, Speaker, TaggedClaim, Talk
from notes.points import visible_partner

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


# What the related list shows of a claim: its text and link, its speaker and its talk.
RELATED_COLUMNS = (
    "pk",
    "translation_id",
    "text",
    "language",
    "talk_id",
    "talk__title",
    "talk__slug",
    "speaker_id",
    "speaker__name",
    "speaker__slug",
)


def related_claims(claim: Claim, theme_ids: list[int]) -> list[Claim]:
    """The newest ``RELATED_CLAIMS`` public points of other talks among the latest
    ``RELATED_WINDOW`` claims tagged with each of ``theme_ids``, newest first.

    One query reads the candidates' rows (a few hundred per theme) as values; the rule of
    notes.points (a claim whose translation partner with a lower id is a candidate too is left
    out) is applied here, over the same rows. Asked of the database, the rule re-read every
    theme's window per candidate, and PostgreSQL spent more time planning the query than running it.
    """
    if not theme_ids:
        return []
    candidates = list(
        queries.public_claims()
        .exclude(talk_id=claim.talk_id)
        .filter(_newest_on_themes(theme_ids))
        .order_by("-created", "-pk")
        .values_list(*RELATED_COLUMNS)
    )
    ids = {row[0] for row in candidates}
    # A candidate that names this one as its translation, with a lower id, stands for the point.
    named_by_lower = {row[1] for row in candidates if row[1] in ids and row[0] < row[1]}
    related = []
    for (
        pk,
        partner,
        text,
        language,
        talk_id,
        title,
        slug,
        speaker_id,
        name,
        speaker_slug,
    ) in candidates:
        if pk in named_by_lower or (partner in ids and partner < pk):
            continue
        shown = Claim(pk=pk, text=text, language=language, talk_id=talk_id, speaker_id=speaker_id)
        shown.talk = Talk(pk=talk_id, title=title, slug=slug)
        shown.speaker = Speaker(pk=speaker_id, name=name, slug=speaker_slug) if speaker_id else None
        related.append(shown)
        if len(related) == RELATED_CLAIMS:
            break
    return related


def claim_detail(request, pk):
    """One public claim; hidden claims and claims of non-public talks are not found."""
    # Ordered by the key alone: the model's default ordering joins the summary and its talk again.
    claim = queries.for_display(queries.public_claims()).filter(pk=pk).order_by("pk").first()
    if claim is None:
        raise Http404("No such claim.")
    theme_ids = [link.tag_id for link in claim.tag_links if link.tag.is_theme]
    related = related_claims(claim, theme_ids)
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
