"""What the index holds for a claim, read from the database in bulk (a fixed number of queries
per batch, whatever the batch holds).

* body  - the claim's text;
* extra - its speaker's name and aliases (so "Ilya 泛化" finds his claims), ranked lower;
* meta  - filter tokens: every tag on the claim, its speaker, talk, language and kind, and ``all``;
* public: talk public and claim not hidden (a column on PostgreSQL, a ``private`` meta token on
  the rows that are not public on SQLite).

Visibility is in the index so a bounded candidate set can come from the index alone, but searches
also check the claim and talk rows: a talk made private (or a claim hidden) disappears at once; a
talk made public (or a claim shown again) appears once its claims are re-indexed.

A translated point is one document: of two visible claims that translate each other, the one
with the lower id (the same rule as notes.points) carries its partner's text in ``extra`` and its
partner's language, tags and speaker in ``meta``, so a word in either language finds the point and
``lang:`` keeps points with a version in that language. The partner's own row is indexed with
``public`` false: it is the same point, and public searches list each point once.

Not indexed, on purpose: the talk title (each title word would match every claim of the talk;
talks are matched by title separately).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db.models import Q

from notes.models import Claim, ClaimStatus, SpeakerAlias, TaggedClaim

from .plan import (
    META_ALL,
    meta_kind,
    meta_language,
    meta_speaker,
    meta_tag,
    meta_talk,
)
from .tokenizer import token_texts


@dataclass(frozen=True)
class ClaimDocument:
    """Index tokens for one claim, in order (positions matter for phrases), and ``public`` (talk
    public, claim not hidden, and not the partner of a point another row stands for)."""

    claim_id: int
    body: list[str]
    extra: list[str]
    meta: list[str]
    public: bool = False


_CLAIM_FIELDS = (
    "id", "text", "language", "kind", "status", "speaker_id", "speaker__name", "talk_id",
    "talk__public", "translation_id",
)  # fmt: skip


def _visible(row: dict) -> bool:
    return bool(row["talk__public"]) and row["status"] != ClaimStatus.HIDDEN


def partner_ids(claim_ids: Iterable[int]) -> set[int]:
    """Ids of the claims that translate these claims, either link direction (one query)."""
    ids = list(set(claim_ids))
    if not ids:
        return set()
    links = Claim.objects.filter(Q(pk__in=ids) | Q(translation_id__in=ids)).values_list(
        "pk", "translation_id"
    )
    found = {pk for pk, _ in links} | {target for _, target in links if target}
    return found - set(ids)


def load_documents(claim_ids: Iterable[int]) -> list[ClaimDocument]:
    """Documents for those claims that exist (at most five queries, whatever the batch holds)."""
    ids = sorted(set(claim_ids))
    if not ids:
        return []
    rows = {
        row["id"]: row for row in Claim.objects.filter(id__in=ids).order_by().values(*_CLAIM_FIELDS)
    }
    # Partners: linked from these rows, or linking to them; their rows too (one query for both).
    partners = {
        row["id"]: row
        for row in Claim.objects.filter(
            Q(id__in=[r["translation_id"] for r in rows.values() if r["translation_id"]])
            | Q(translation_id__in=ids)
        )
        .order_by()
        .values(*_CLAIM_FIELDS)
    }
    partner_of = _partners_of(rows, partners)
    every_id = set(rows) | {p["id"] for p in partner_of.values()}
    tags: dict[int, list[int]] = defaultdict(list)
    for claim_id, tag_id in TaggedClaim.objects.filter(content_object_id__in=every_id).values_list(
        "content_object_id", "tag_id"
    ):
        tags[claim_id].append(tag_id)
    aliases: dict[int, list[str]] = defaultdict(list)
    speaker_ids = {
        row["speaker_id"] for row in [*rows.values(), *partner_of.values()] if row["speaker_id"]
    }
    if speaker_ids:
        for speaker_id, alias in SpeakerAlias.objects.filter(
            speaker_id__in=speaker_ids
        ).values_list("speaker_id", "alias"):
            aliases[speaker_id].append(alias)
    return _build(ids, rows, partner_of, tags, aliases)


def new_claim_documents(
    claims: Iterable[Claim],
    *,
    talk_public: bool,
    speaker_names: dict[int, str],
    aliases: dict[int, list[str]],
    tags: dict[int, list[int]],
    bodies: dict[str, list[str]] | None = None,
) -> list[ClaimDocument]:
    """Documents for claims created in the caller's transaction, built from the objects in hand:
    the same documents load_documents would read back, without reading them.

    Only for claims whose translation partners are all among ``claims`` (an import's new summary
    pairs its own claims only), of one talk (``talk_public`` its visibility now), carrying the tags
    ``tags`` ({claim id: tag ids}, every tagging they have) and said by speakers named
    ``speaker_names`` with ``aliases`` ({speaker id: every alias}). ``bodies``: {text: its
    token_texts} already made (by an import's worker process) for some of the claims' texts.
    """
    rows = {}
    for claim in claims:
        rows[claim.pk] = {
            "id": claim.pk,
            "text": claim.text,
            "language": claim.language,
            "kind": claim.kind,
            "status": claim.status,
            "speaker_id": claim.speaker_id,
            "speaker__name": speaker_names.get(claim.speaker_id),
            "talk_id": claim.talk_id,
            "talk__public": talk_public,
            "translation_id": claim.translation_id,
        }
    every_alias = defaultdict(list, aliases)
    return _build(
        sorted(rows), rows, _partners_of(rows, rows), defaultdict(list, tags), every_alias, bodies
    )


def _partners_of(rows: dict[int, dict], partners: dict[int, dict]) -> dict[int, dict]:
    """{claim id: its visible partner's row} for the visible rows with one (either link direction)."""
    linking_to = {p["translation_id"]: p for p in sorted(partners.values(), key=lambda p: -p["id"])}
    partner_of: dict[int, dict] = {}
    for row in rows.values():
        partner = partners.get(row["translation_id"]) if row["translation_id"] else None
        if partner is None:
            partner = linking_to.get(row["id"])
        if (
            partner is not None
            and partner["id"] != row["id"]
            and _visible(row)
            and _visible(partner)
        ):
            partner_of[row["id"]] = partner
    return partner_of


def _build(ids, rows, partner_of, tags, aliases, bodies=None) -> list[ClaimDocument]:
    """The documents of ``ids`` (those in ``rows``), each speaker's names tokenised once."""
    speaker_tokens: dict[int, list[str]] = {}

    def document(row: dict) -> ClaimDocument:
        speaker_id = row["speaker_id"]
        if speaker_id and speaker_id not in speaker_tokens:
            speaker_tokens[speaker_id] = [
                token for name in [row["speaker__name"], *aliases[speaker_id]]
                for token in token_texts(name)
            ]  # fmt: skip
        return _document(row, tags[row["id"]], speaker_tokens.get(speaker_id, []), bodies)

    documents = []
    for claim_id in ids:
        row = rows.get(claim_id)
        if row is None:
            continue
        partner = partner_of.get(claim_id)
        own = document(row)
        if partner is not None and partner["id"] < claim_id:
            own = replace(own, public=False)  # the partner's document stands for it
        elif partner is not None:
            own = _joined(own, document(partner), partner)
        documents.append(own)
    return documents


def _joined(own: ClaimDocument, other: ClaimDocument, partner: dict) -> ClaimDocument:
    """A point's document: its own text, then its partner's text, languages, tags and speaker."""
    meta = list(dict.fromkeys([*own.meta, *other.meta]))
    return replace(
        own,
        extra=[*own.extra, *other.body],
        meta=meta,
    )


def _document(
    row: dict, tag_ids: list[int], speaker_tokens: list[str], bodies: dict | None = None
) -> ClaimDocument:
    """One claim's document; ``speaker_tokens``: its speaker's name and aliases, tokenised;
    ``bodies``: texts already tokenised, when some are."""
    text = row["text"]
    body = list(bodies[text]) if bodies and text in bodies else token_texts(text)
    meta = [META_ALL, meta_language(row["language"]), meta_kind(row["kind"])]
    meta.append(meta_talk(row["talk_id"]))
    meta += [meta_tag(tag_id) for tag_id in sorted(tag_ids)]
    extra: list[str] = []
    if row["speaker_id"]:
        meta.append(meta_speaker(row["speaker_id"]))
        extra = list(speaker_tokens)
    return ClaimDocument(
        claim_id=row["id"],
        body=body,
        extra=extra,
        meta=meta,
        public=_visible(row),
    )
