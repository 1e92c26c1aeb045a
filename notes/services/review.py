"""Reviewing claims: setting their status as a curator decision."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from notes.models import Claim, ClaimStatus
from notes.services.counters import refresh_counts


def set_claim_status(claims: QuerySet[Claim], status: str) -> int:
    """Give ``claims`` the ``status`` (imported/reviewed/hidden) and mark "status" curated on each.

    Returns how many claims were changed. Raises ValueError for an unknown status.
    """
    if status not in ClaimStatus.values:
        raise ValueError(
            f"Unknown claim status {status!r}; expected one of {', '.join(ClaimStatus.values)}."
        )
    with transaction.atomic():
        # A fresh query on the ids: the caller's queryset may carry joins or annotations.
        changed = list(
            Claim.objects.filter(pk__in=claims.values("pk")).only("id", "talk_id", "curated_fields")
        )
        now = timezone.now()
        for claim in changed:
            claim.status = status
            claim.curated_fields = sorted(set(claim.curated_fields or []) | {"status"})
            claim.updated = now
        Claim.objects.bulk_update(changed, ["status", "curated_fields", "updated"])
        if changed:
            from notes.search import index_claims

            index_claims([claim.pk for claim in changed])
            refresh_counts({claim.talk_id for claim in changed})
    return len(changed)
