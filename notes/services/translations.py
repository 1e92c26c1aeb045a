"""Translation pairs set by hand: the English and Chinese versions of one point, linked or unlinked.

A pair points both ways (``a.translation = b`` and ``b.translation = a``). Every claim touched gets
"translation" in its curated fields, so a re-import neither re-pairs nor unpairs it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from notes.models import Claim


def _touch(claims: list[Claim]) -> None:
    for claim in claims:
        claim.curated_fields = sorted({*(claim.curated_fields or []), "translation"})
    Claim.objects.bulk_update(claims, ["translation", "curated_fields"])


def unlink_translation(claim: Claim) -> list[int]:
    """Take ``claim`` out of its pair (both directions). Returns the ids of the claims changed."""
    from notes.search import index_claims

    with transaction.atomic():
        touched = list(
            Claim.objects.filter(
                Q(pk=claim.pk) | Q(translation_id=claim.pk) | Q(translated_from=claim)
            )
        )
        for one in touched:
            one.translation = None
        _touch(touched)
        index_claims([one.pk for one in touched])
    return [one.pk for one in touched]


def link_translations(first: Claim, second: Claim) -> None:
    """Make ``first`` and ``second`` one point in two languages; their old partners are unpaired.

    Raises ValueError for a claim paired with itself or two claims in the same language.
    """
    if first.pk == second.pk:
        raise ValueError("A claim cannot be its own translation.")
    if first.language == second.language:
        raise ValueError("A translation pair needs two languages; both claims are in the same one.")
    with transaction.atomic():
        unlink_translation(first)
        unlink_translation(second)
        first.refresh_from_db()
        second.refresh_from_db()
        first.translation, second.translation = second, first
        _touch([first, second])
        from notes.search import index_claims

        index_claims([first.pk, second.pk])
