"""The kb export: the whole knowledge base as one JSON document (see docs/export-format.md).

Everything is sorted by stable keys (slugs, file names, positions), and claim ids are export-local
numbers given in that order, so exporting, restoring into an empty database and exporting again
yields the same bytes. A summary's rendered HTML is exported since version 2 (what the importer
rendered is the body of its part, which only the extraction knows); a restore sanitises it again
with the same allow-list, and renders ``raw`` for a version 1 export that lacks it.
"""

from __future__ import annotations

import json
from collections import defaultdict

from notes.models import (
    Claim,
    ClaimRelation,
    DismissedSpeakerPair,
    DuplicateSuggestion,
    Speaker,
    SpeakerAlias,
    Tag,
    TaggedClaim,
    TaggedTalk,
    Talk,
    TalkSpeaker,
)
from notes.services.export_fields import TABLES, plain_value, speaker_row, table_rows, tag_row

FORMAT = "kb-export"
# 2: every theme field (description_zh), the glossary, old slugs (redirects), speaker pairs judged
# different, theme patterns, tag aliases, which claim a curator split each part from. A restore still reads version 1 (what it lacks gets the models' defaults).
VERSION = 2
READABLE_VERSIONS = (1, 2)


def export_json() -> str:
    """The export as pretty-printed UTF-8 JSON text (Chinese kept readable), ending in a newline."""
    return json.dumps(build_export(), ensure_ascii=False, indent=2) + "\n"


def build_export() -> dict:
    """The export document as plain Python data."""
    talks = _by_slug(Talk.objects.all())
    claim_ids: dict[int, int] = {}
    talk_docs = [_talk(talk, claim_ids) for talk in talks]
    for doc in talk_docs:
        for claim in doc["claims"]:
            claim["translation"] = claim_ids.get(claim["translation"])
            claim["split_from"] = claim_ids.get(claim["split_from"])
    return {
        "format": FORMAT,
        "version": VERSION,
        "speakers": _speakers(),
        "tags": _tags(),
        "talks": talk_docs,
        "relations": _relations(claim_ids),
        "duplicate_suggestions": _suggestions(),
        "dismissed_speaker_pairs": _dismissed_pairs(),
        **{table.key: table_rows(table) for table in TABLES},
    }


def _by_slug(rows) -> list:
    """Sorted in Python: the databases' collations order slugs differently (PostgreSQL's locale)."""
    return sorted(rows, key=lambda row: row.slug)


def _speakers() -> list[dict]:
    aliases = defaultdict(list)
    for speaker_id, alias in SpeakerAlias.objects.values_list("speaker_id", "alias"):
        aliases[speaker_id].append(alias)
    return [
        speaker_row(speaker, aliases[speaker.pk]) for speaker in _by_slug(Speaker.objects.all())
    ]


def _tags() -> list[dict]:
    return [tag_row(tag) for tag in _by_slug(Tag.objects.all())]


def _talk(talk: Talk, claim_ids: dict[int, int]) -> dict:
    summaries = sorted(talk.summaries.all(), key=lambda s: (s.source_name, s.part, s.sha256))
    summary_rank = {s.pk: index for index, s in enumerate(summaries)}
    tag_slugs = sorted(
        TaggedTalk.objects.filter(content_object=talk).values_list("tag__slug", flat=True)
    )
    speakers = (
        TalkSpeaker.objects.filter(talk=talk)
        .select_related("speaker")
        .order_by("position", "speaker__name", "role")
    )
    return {
        "title": talk.title,
        "slug": talk.slug,
        "url": talk.url,
        "published": talk.published.isoformat() if talk.published else None,
        "published_precision": talk.published_precision,
        "duration_seconds": talk.duration_seconds,
        "description": talk.description,
        "public": talk.public,
        "curated_fields": sorted(talk.curated_fields or []),
        "tags": tag_slugs,
        "speakers": [{"name": row.speaker.name, "role": row.role} for row in speakers],
        "summaries": [_summary(summary) for summary in summaries],
        "claims": _claims(talk, summary_rank, claim_ids),
    }


def _summary(summary) -> dict:
    return {
        "source_name": summary.source_name,
        "part": summary.part,
        "sha256": summary.sha256,
        "file_sha256": summary.file_sha256,
        "language": summary.language,
        "encoding": summary.encoding,
        "front_matter_format": summary.front_matter_format,
        "front_matter": plain_value(summary.front_matter),
        "title_as_written": summary.title_as_written,
        "metadata": plain_value(summary.metadata),
        "warnings": plain_value(summary.warnings or []),
        "raw": summary.raw,
        "html": summary.html,
        "sections": [
            {
                "heading": section.heading,
                "level": section.level,
                "start_seconds": section.start_seconds,
                "end_seconds": section.end_seconds,
            }
            for section in summary.sections.order_by("position")
        ],
    }


def _claims(talk: Talk, summary_rank: dict[int, int], claim_ids: dict[int, int]) -> list[dict]:
    claims = list(Claim.objects.filter(talk=talk).select_related("summary", "section", "speaker"))
    claims.sort(
        key=lambda c: (
            summary_rank.get(c.summary_id, len(summary_rank)),
            c.position,
            c.fingerprint,
            c.text,
        )
    )
    tagging = defaultdict(list)
    rows = TaggedClaim.objects.filter(content_object__talk=talk).select_related("tag")
    for row in rows:
        tagging[row.content_object_id].append(
            {"tag": row.tag.slug, "reason": row.reason, "by_curator": row.by_curator}
        )
    result = []
    for claim in claims:
        claim_ids[claim.pk] = len(claim_ids) + 1
        tags = sorted(tagging[claim.pk], key=lambda t: t["tag"])
        result.append(
            {
                "id": claim_ids[claim.pk],
                "text": claim.text,
                "language": claim.language,
                "kind": claim.kind,
                "speaker": claim.speaker.name if claim.speaker else None,
                "source_name": claim.summary.source_name if claim.summary else None,
                "part": claim.summary.part if claim.summary else None,
                "section": claim.section.heading if claim.section else None,
                "section_position": claim.section.position if claim.section else None,
                "start_seconds": claim.start_seconds,
                "position": claim.position,
                "tags": [t["tag"] for t in tags],
                "tagging": tags,
                "status": claim.status,
                "curated_fields": sorted(claim.curated_fields or []),
                "fingerprint": claim.fingerprint,
                "translation": claim.translation_id,  # replaced by the export-local id afterwards
                "split_from": claim.split_from_id,  # likewise: the claim a curator split this from
            }
        )
    return result


def _relations(claim_ids: dict[int, int]) -> list[dict]:
    rows = [
        {
            "source": claim_ids[r.source_id],
            "target": claim_ids[r.target_id],
            "kind": r.kind,
            "note": r.note,
        }
        for r in ClaimRelation.objects.all()
        if r.source_id in claim_ids and r.target_id in claim_ids
    ]
    return sorted(rows, key=lambda r: (r["source"], r["target"]))


def _suggestions() -> list[dict]:
    rows = [
        {
            "talk": s.talk.slug,
            "other": s.other.slug if s.other else None,
            "score": s.score,
            "reason": s.reason,
            "status": s.status,
        }
        for s in DuplicateSuggestion.objects.select_related("talk", "other")
    ]
    return sorted(rows, key=lambda r: (r["talk"], r["other"] or "", r["reason"]))


def _dismissed_pairs() -> list[dict]:
    """Speaker pairs a curator judged to be different people, each as its two slugs in order."""
    rows = DismissedSpeakerPair.objects.values_list("low__slug", "high__slug")
    return sorted(({"speakers": sorted(pair)} for pair in rows), key=lambda r: r["speakers"])
