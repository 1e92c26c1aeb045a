"""Remembering what a curator changed, so that re-imports leave it alone."""

from collections.abc import Iterable

from django.db import models

# Bookkeeping fields that never count as curator work.
_NOT_CURATED = {"curated_fields", "created", "updated", "fingerprint"}


def mark_curated(obj: models.Model, fields: Iterable[str]) -> None:
    """Add ``fields`` (e.g. a form's ``changed_data``) to ``obj.curated_fields``.

    The list stays sorted and free of duplicates. A saved object is updated in the database at once
    (without touching its ``updated`` timestamp or other fields); an unsaved one only in memory, so the
    caller's own ``save()`` stores it.
    """
    new = {name for name in fields if name and name not in _NOT_CURATED}
    current = list(obj.curated_fields or [])
    merged = sorted(set(current) | new)
    if merged == current:
        return
    obj.curated_fields = merged
    if obj.pk is not None:
        type(obj).objects.filter(pk=obj.pk).update(curated_fields=merged)


def is_claim_curated(claim, curator_tagged_ids: set[int] | None = None) -> bool:
    """Whether a curator touched the claim: edited fields, a reviewed/hidden status, or a curator tag.

    ``curator_tagged_ids`` is the set of claim ids having a ``by_curator`` tag, when the caller has
    already fetched it for many claims; otherwise it is looked up.
    """
    if claim.curated_fields or claim.status != "imported":
        return True
    if curator_tagged_ids is not None:
        return claim.pk in curator_tagged_ids
    return claim_ids_with_curator_tags([claim.pk]) == {claim.pk}


def claim_ids_with_curator_tags(claim_ids: Iterable[int]) -> set[int]:
    """The ids among ``claim_ids`` that carry at least one tag a curator set."""
    from notes.models import TaggedClaim

    rows = TaggedClaim.objects.filter(content_object_id__in=list(claim_ids), by_curator=True)
    return set(rows.values_list("content_object_id", flat=True))
