"""Claim relations a curator draws: one claim supports, contradicts or refines another, or makes
the same point. Used by the review queue and the claim admin; shown on claim and theme pages."""

from __future__ import annotations

from django.db import transaction

from notes.models import Claim, ClaimRelation


def link_claims(
    source: Claim, target: Claim, kind: str, note: str = ""
) -> tuple[ClaimRelation, bool]:
    """Relate ``source`` to ``target`` by ``kind``; returns (the relation, whether it is new).

    An existing relation from ``source`` to ``target`` takes the new kind and note. Raises
    ValueError for an unknown kind, a claim related to itself, or a pair already related the other
    way round (one pair, one relation: the theme page shows each pair once).
    """
    if kind not in ClaimRelation.Kind.values:
        raise ValueError(
            f"Unknown relation {kind!r}; expected one of {', '.join(ClaimRelation.Kind.values)}."
        )
    if source.pk == target.pk:
        raise ValueError("A claim cannot be related to itself.")
    with transaction.atomic():
        reverse = ClaimRelation.objects.filter(source=target, target=source).first()
        if reverse is not None:
            raise ValueError(
                f"Claim {target.pk} already {reverse.get_kind_display()} claim {source.pk}; "
                "change or delete that relation instead."
            )
        relation, created = ClaimRelation.objects.update_or_create(
            source=source, target=target, defaults={"kind": kind, "note": note}
        )
    return relation, created
