"""Points: a claim and its translation are one point, listed once with both versions.

A translation pair is linked through ``Claim.translation`` from either side (or both). Of two
visible claims that translate each other, the one with the lower id stands for the point in lists
(its partner is left out of the rows and the counts); it is the same rule the search index uses
(notes/search/documents.py), so pages, feeds, the API and search agree on what a point is.
The partner is shown under the point when it is visible; a hidden partner is not shown.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import get_language

from notes.models import Claim, ClaimStatus


def partner_q() -> Q:
    """Condition, seen from a claim P, that P translates the outer claim (either link direction)."""
    return Q(translation_id=OuterRef("pk")) | Q(pk=OuterRef("translation_id"))


def points(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """``claims`` with one row per point: a claim whose partner with a lower id is also among
    ``claims`` is left out (an EXISTS probe in the same query).

    On PostgreSQL the probe is two EXISTS, one per link direction: with both links in one OR its
    planner can run the probe as a materialised anti join comparing every candidate with every
    other — under some statistics a narrowed list's capped sample ran for minutes, and the claim
    page's related claims compared 230,000 pairs. SQLite probes the OR through both indexes at
    once (split, it re-read the candidate set per candidate).
    """
    lower = claims.order_by().filter(pk__lt=OuterRef("pk"))
    if connection.vendor != "postgresql":
        return claims.exclude(Exists(lower.filter(partner_q())))
    return claims.exclude(Exists(lower.filter(translation_id=OuterRef("pk")))).exclude(
        Exists(lower.filter(pk=OuterRef("translation_id")))
    )


def visible_partner(claim: Claim) -> Claim | None:
    """The same point in the other language, when anyone may see it (both link directions).

    Reads ``translation`` and ``translated_from``, which notes.queries.for_display selects.
    """
    partner = claim.translation
    if partner is None:
        try:
            partner = claim.translated_from
        except Claim.DoesNotExist:
            partner = None
    if partner is None or partner.pk == claim.pk or partner.status == ClaimStatus.HIDDEN:
        return None
    if partner.talk_id != claim.talk_id and not partner.talk.public:
        return None
    return partner


def interface_language() -> str:
    """The claim language that matches the interface language: "zh" or "en"."""
    return "zh" if (get_language() or "").lower().startswith("zh") else "en"


def _reads_as(claim: Claim) -> str:
    # Mixed-language text is Chinese with English terms: it reads as the Chinese version.
    return "en" if claim.language == "en" else "zh"


def ordered_versions(claim: Claim, partner: Claim | None, language: str = "") -> list[Claim]:
    """The point's versions, the one in ``language`` (default: the interface language) first."""
    if partner is None:
        return [claim]
    language = language or interface_language()
    if _reads_as(claim) != language and _reads_as(partner) == language:
        return [partner, claim]
    return [claim, partner]


def point_versions(claim: Claim, language: str = "") -> list[Claim]:
    """``claim`` and its visible partner, the version in the interface language first."""
    return ordered_versions(claim, visible_partner(claim), language)


def points_in(claims: list[Claim]) -> list[Claim]:
    """The rows of a list already fetched: a claim whose partner with a lower id is in the list is
    left out (the Python twin of :func:`points`, for pages that group claims themselves)."""
    ids = {claim.pk for claim in claims}
    kept = []
    for claim in claims:
        partner = visible_partner(claim)
        if partner is not None and partner.pk in ids and partner.pk < claim.pk:
            continue
        kept.append(claim)
    return kept
