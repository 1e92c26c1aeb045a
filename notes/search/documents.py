"""What the index holds for a claim, read from the database in bulk (a fixed number of queries
per batch, whatever the batch holds).

* body  - the claim's text;
* extra - its speaker's name and aliases (so "Ilya 泛化" finds his claims), ranked lower;
* meta  - filter tokens: every tag on the claim, its speaker, talk, language and kind, and ``all``;
* public (talk public and claim not hidden), tier and published: columns for filtering and
  ranking without a join.

Visibility is in the index so a bounded candidate set can come from the index alone, but searches
also check the claim and talk rows: a talk made private (or a claim hidden) disappears at once; a
talk made public (or a claim shown again) appears once its claims are re-indexed.

Not indexed, on purpose: the talk title (each title word would match every claim of the talk;
talks are matched by title separately) and the translation (the translated claim is its own row).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from notes.models import Claim, ClaimKind, ClaimStatus, SpeakerAlias, TaggedClaim

from .plan import (
    META_ALL,
    meta_kind,
    meta_language,
    meta_speaker,
    meta_tag,
    meta_talk,
)
from .tokenizer import token_texts

FIRST_TIER_KINDS = (ClaimKind.KEY_POINT.value, ClaimKind.HIGHLIGHT.value)


@dataclass(frozen=True)
class ClaimDocument:
    """Index tokens for one claim, in order (positions matter for phrases), and its sort keys:
    ``public`` (talk public, claim not hidden), ``tier`` 0 for key points and highlights, 1 for
    the rest, and its talk's ``published`` date."""

    claim_id: int
    body: list[str]
    extra: list[str]
    meta: list[str]
    public: bool = False
    tier: int = 1
    published: dt.date | None = None


_CLAIM_FIELDS = (
    "id", "text", "language", "kind", "status", "speaker_id", "speaker__name", "talk_id",
    "talk__public", "talk__published",
)  # fmt: skip


def load_documents(claim_ids: Iterable[int]) -> list[ClaimDocument]:
    """Documents for those claims that exist (at most three queries)."""
    ids = sorted(set(claim_ids))
    if not ids:
        return []
    rows = list(Claim.objects.filter(id__in=ids).order_by().values(*_CLAIM_FIELDS))
    tags: dict[int, list[int]] = defaultdict(list)
    for claim_id, tag_id in TaggedClaim.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag_id"
    ):
        tags[claim_id].append(tag_id)
    aliases: dict[int, list[str]] = defaultdict(list)
    speaker_ids = {row["speaker_id"] for row in rows if row["speaker_id"]}
    if speaker_ids:
        for speaker_id, alias in SpeakerAlias.objects.filter(
            speaker_id__in=speaker_ids
        ).values_list("speaker_id", "alias"):
            aliases[speaker_id].append(alias)
    return [_document(row, tags[row["id"]], aliases[row["speaker_id"]]) for row in rows]


def _document(row: dict, tag_ids: list[int], aliases: list[str]) -> ClaimDocument:
    meta = [META_ALL, meta_language(row["language"]), meta_kind(row["kind"])]
    meta.append(meta_talk(row["talk_id"]))
    meta += [meta_tag(tag_id) for tag_id in sorted(tag_ids)]
    extra: list[str] = []
    if row["speaker_id"]:
        meta.append(meta_speaker(row["speaker_id"]))
        for name in [row["speaker__name"], *aliases]:
            extra.extend(token_texts(name))
    return ClaimDocument(
        claim_id=row["id"],
        body=token_texts(row["text"]),
        extra=extra,
        meta=meta,
        public=bool(row["talk__public"]) and row["status"] != ClaimStatus.HIDDEN,
        tier=0 if row["kind"] in FIRST_TIER_KINDS else 1,
        published=row["talk__published"],
    )
