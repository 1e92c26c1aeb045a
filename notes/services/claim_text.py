"""A curator's changes to a claim's text: editing it, and splitting one claim into several.

Both mark ``text`` curated, so a re-import keeps the curator's words. A split keeps the claim itself
as the first part (its id, translation link, relations and admin history stay with it) and adds the
other parts right after it. The parts keep the claim's fingerprint, the print of the text the file
had: a re-import matches the file's text to the first part, and the later parts, linked to it by
``split_from``, follow it (notes/importer/claims_sync.py), so nothing is recreated or duplicated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notes.models import Claim, TaggedClaim
from notes.services.counters import refresh_counts

# Where a curator marks a split in the text: an empty line.
_SPLIT_MARK = re.compile(r"\n[ \t]*\n")


def parts_at_blank_lines(text: str) -> list[str]:
    """``text`` cut at its empty lines, each part stripped, empty parts left out."""
    return [part.strip() for part in _SPLIT_MARK.split(text.replace("\r\n", "\n")) if part.strip()]


def _curated(claim: Claim) -> list[str]:
    return sorted(set(claim.curated_fields or []) | {"text"})


def _reindex(claim_ids: list[int], talk_id: int) -> None:
    from notes.search import index_claims

    index_claims(claim_ids)
    refresh_counts([talk_id])


def edit_claim_text(claim: Claim, text: str) -> bool:
    """Give ``claim`` the curator's ``text`` and mark ``text`` curated; False when nothing changed.

    Raises ValueError for empty text.
    """
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValueError("A claim needs some text; hide it instead of emptying it.")
    if text == claim.text:
        return False
    with transaction.atomic():
        claim.text = text
        claim.curated_fields = _curated(claim)
        claim.updated = timezone.now()
        claim.save(update_fields=["text", "curated_fields", "updated"])
        _reindex([claim.pk], claim.talk_id)
    return True


def split_claim(claim: Claim, parts: Sequence[str]) -> list[Claim]:
    """Split ``claim`` into ``parts`` (two or more texts, in order); returns the claims, first is ``claim``.

    The new parts keep the claim's talk, summary, section, speaker, time, language, kind, status and
    tags; the claims after it in its summary move down to make room. Search index and counters are
    updated in the same transaction. Raises ValueError for fewer than two non-empty parts.
    """
    parts = [part.replace("\r\n", "\n").strip() for part in parts]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        raise ValueError(
            "Mark where the claim splits with an empty line: it needs two parts or more."
        )
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        later = Claim.objects.filter(
            talk_id=claim.talk_id, summary_id=claim.summary_id, position__gt=claim.position
        )
        later.update(position=F("position") + len(parts) - 1)
        now = timezone.now()
        curated = _curated(claim)
        claim.text, claim.curated_fields, claim.updated = parts[0], curated, now
        claim.save(update_fields=["text", "curated_fields", "updated"])
        added = [
            Claim.objects.create(
                talk_id=claim.talk_id,
                summary_id=claim.summary_id,
                section_id=claim.section_id,
                speaker_id=claim.speaker_id,
                text=text,
                language=claim.language,
                kind=claim.kind,
                start_seconds=claim.start_seconds,
                position=claim.position + offset,
                status=claim.status,
                fingerprint=claim.fingerprint,
                split_from_id=claim.split_from_id or claim.pk,
                curated_fields=curated,
            )
            for offset, text in enumerate(parts[1:], start=1)
        ]
        links = list(TaggedClaim.objects.filter(content_object=claim))
        TaggedClaim.objects.bulk_create(
            [
                TaggedClaim(
                    content_object=part,
                    tag_id=link.tag_id,
                    by_curator=link.by_curator,
                    reason=link.reason,
                )
                for part in added
                for link in links
            ]
        )
        _reindex([claim.pk, *(part.pk for part in added)], claim.talk_id)
    return [claim, *added]
