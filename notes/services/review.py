"""Reviewing claims: status, speaker, kind and tags set as curator decisions (kept by re-imports)."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from notes.models import Claim, ClaimKind, ClaimStatus, Tag, TaggedClaim
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


def _curate(claims: QuerySet[Claim], field: str, **values) -> list[int]:
    """Set ``values`` on the claims, add ``field`` to their curated fields; returns their ids."""
    changed = list(Claim.objects.filter(pk__in=claims.values("pk")).only("id", "curated_fields"))
    now = timezone.now()
    for claim in changed:
        for name, value in values.items():
            setattr(claim, name, value)
        claim.curated_fields = sorted(set(claim.curated_fields or []) | {field})
        claim.updated = now
    Claim.objects.bulk_update(changed, [*values, "curated_fields", "updated"])
    return [claim.pk for claim in changed]


def _reindex(ids: list[int]) -> None:
    """Keep the search index and the counters (speakers, tags per talk) in step with the edit."""
    if ids:
        from notes.search import index_claims

        index_claims(ids)
        refresh_counts(set(Claim.objects.filter(pk__in=ids).values_list("talk_id", flat=True)))


def set_claims_speaker(claims: QuerySet[Claim], speaker) -> int:
    """Attribute the claims to ``speaker`` (None: to nobody), as a curator decision."""
    with transaction.atomic():
        ids = _curate(claims, "speaker", speaker=speaker)
        _reindex(ids)
    return len(ids)


def set_claims_kind(claims: QuerySet[Claim], kind: str) -> int:
    """Give the claims another kind ("promote a passage to a key point"), as a curator decision."""
    if kind not in ClaimKind.values:
        raise ValueError(
            f"Unknown claim kind {kind!r}; expected one of {', '.join(ClaimKind.values)}."
        )
    with transaction.atomic():
        ids = _curate(claims, "kind", kind=kind)
        _reindex(ids)
    return len(ids)


def add_claims_tag(claims: QuerySet[Claim], tag: Tag) -> int:
    """Tag the claims with ``tag`` as a curator (a keyword re-match or re-import never removes it)."""
    with transaction.atomic():
        ids = _curate(claims, "tags")
        have = set(
            TaggedClaim.objects.filter(tag=tag, content_object_id__in=ids).values_list(
                "content_object_id", flat=True
            )
        )
        TaggedClaim.objects.filter(tag=tag, content_object_id__in=have).update(by_curator=True)
        TaggedClaim.objects.bulk_create(
            [
                TaggedClaim(
                    content_object_id=pk, tag=tag, by_curator=True, reason="set by a curator"
                )
                for pk in ids
                if pk not in have
            ]
        )
        _reindex(ids)
    return len(ids)


def remove_claims_tag(claims: QuerySet[Claim], tag: Tag) -> int:
    """Take ``tag`` off the claims; they are marked curated, so a re-import does not put it back."""
    with transaction.atomic():
        ids = _curate(claims, "tags")
        TaggedClaim.objects.filter(tag=tag, content_object_id__in=ids).delete()
        _reindex(ids)
    return len(ids)
