"""Bringing a summary's sections and claims in line with a new parse, without undoing curator work.

New claims are matched to the summary's existing ones by fingerprint (the imported text, normalised),
then by position and kind. A claim a curator touched (edited fields, reviewed or hidden, a curator tag)
is kept exactly as the curator left it, even when the file no longer has it; only its place in the
order follows the file. Untouched claims follow the file: changed, added or deleted.

The later parts of a claim a curator split (``split_from``, notes/services/claim_text.py) are never
matched to the file: they follow their first part, which the file's text still matches.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from notes.importer.types import ParsedClaim, ParsedSection
from notes.models import Claim, Section, Speaker, Summary, Talk
from notes.services.curation import claim_ids_with_curator_tags
from notes.services.insert_rows import insert_rows

_SPACE = re.compile(r"\s+")
_CLAIM_FIELDS = ("talk_id", "text", "language", "kind", "section_id", "speaker_id", "start_seconds")


def claim_fingerprint(text: str) -> str:
    """sha256 of the claim text with case, width and spacing folded."""
    folded = _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "").casefold()).strip()
    return hashlib.sha256(folded.encode()).hexdigest()


def sync_sections(
    summary: Summary, parsed: list[ParsedSection], *, summary_is_new: bool = False
) -> list[Section]:
    """Make the summary's sections those of the parse, reusing rows by position
    (``summary_is_new``: just created, it has none to reuse)."""
    old = [] if summary_is_new else list(summary.sections.order_by("position"))
    result, new = [], []
    for position, item in enumerate(parsed):
        values = {
            "heading": (item.heading or "")[:500],
            "level": max(0, min(item.level, 6)),
            "start_seconds": item.start_seconds,
            "end_seconds": item.end_seconds,
        }
        if position < len(old):
            section = old[position]
            if any(getattr(section, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(section, k, v)
                section.save()
        else:
            section = Section(summary=summary, position=position, **values)
            new.append(section)
        result.append(section)
    if new:
        insert_rows(new)
    if len(old) > len(parsed):
        Section.objects.filter(pk__in=[s.pk for s in old[len(parsed) :]]).delete()
    return result


@dataclass
class ClaimChanges:
    claims: list[Claim] = field(default_factory=list)  # one per parsed claim, in order
    created: list[int] = field(default_factory=list)
    changed: list[int] = field(
        default_factory=list
    )  # text or placement changed: re-theme, re-index
    kept_curated: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)

    @property
    def touched(self) -> list[int]:
        return self.created + self.changed


def _match(
    old: list[Claim], parsed: list[ParsedClaim], prints: list[str], place: dict[int, int]
) -> list[Claim | None]:
    """For each parsed claim, the existing claim it continues (fingerprint first, then position).

    ``place`` is each old claim's place in the file as last imported (its position without the
    split-off parts before it).
    """
    unused = {claim.pk: claim for claim in old}
    by_print: dict[str, list[Claim]] = defaultdict(list)
    for claim in sorted(old, key=lambda c: place[c.pk]):
        by_print[claim.fingerprint].append(claim)
    matched: list[Claim | None] = [None] * len(parsed)
    for index, fingerprint in enumerate(prints):
        candidates = [c for c in by_print.get(fingerprint, []) if c.pk in unused]
        if candidates:
            best = min(candidates, key=lambda c: abs(place[c.pk] - index))
            matched[index] = unused.pop(best.pk)
    by_position = {place[claim.pk]: claim for claim in old}
    for index, item in enumerate(parsed):
        claim = by_position.get(index)
        if matched[index] is None and claim and claim.pk in unused and claim.kind == item.kind:
            matched[index] = unused.pop(claim.pk)
    return matched


def _split_off(
    existing: list[Claim],
) -> tuple[list[Claim], dict[int, list[Claim]], dict[int, int]]:
    """The summary's claims the file can match; the split-off parts of each, in order; and each
    matchable claim's place in the file as last imported (its position less the parts before it)."""
    ids = {claim.pk for claim in existing}
    old, split_parts = [], defaultdict(list)
    for claim in sorted(existing, key=lambda c: (c.position, c.pk)):
        if claim.split_from_id in ids:
            split_parts[claim.split_from_id].append(claim)
        else:
            old.append(claim)
    parts_seen, place = 0, {}
    part_positions = sorted(p.position for parts in split_parts.values() for p in parts)
    for claim in old:
        while parts_seen < len(part_positions) and part_positions[parts_seen] < claim.position:
            parts_seen += 1
        place[claim.pk] = claim.position - parts_seen
    return old, split_parts, place


def sync_claims(
    summary: Summary,
    talk: Talk,
    parsed: list[ParsedClaim],
    sections: list[Section],
    speaker_for: Callable[[str | None, bool], Speaker | None],
    *,
    summary_is_new: bool = False,
) -> ClaimChanges:
    """Create, update and delete the summary's claims to follow ``parsed``; see the module docstring.

    ``summary_is_new``: the summary was just created, so it has no claims yet (none is read).
    """
    from notes.search import remove_claims

    existing = list(Claim.objects.filter(summary=summary)) if not summary_is_new else []
    old, split_parts, place = _split_off(existing)
    curated = {c.pk for c in old if c.curated_fields or c.status != Claim.Status.IMPORTED}
    if old:
        curated |= claim_ids_with_curator_tags([c.pk for c in old])
    prints = [claim_fingerprint(item.text) for item in parsed]
    matched = _match(old, parsed, prints, place)
    changes = ClaimChanges()
    # Each parsed claim's position: its index, plus the split-off parts that follow earlier claims.
    positions, next_position = [], 0
    for claim in matched:
        positions.append(next_position)
        next_position += 1 + len(split_parts.get(claim.pk, ())) if claim else 1
    now = timezone.now()
    to_create, to_update, positions_only = [], [], []
    for index, item in enumerate(parsed):
        section = (
            sections[item.section]
            if item.section is not None and 0 <= item.section < len(sections)
            else None
        )
        values = {
            "talk_id": talk.pk,
            "text": item.text,
            "language": item.language,
            "kind": item.kind,
            "section_id": section.pk if section else None,
            "speaker_id": getattr(speaker_for(item.speaker, item.speaker_if_known), "pk", None),
            "start_seconds": item.start_seconds,
        }
        claim, position = matched[index], positions[index]
        if claim is None:
            claim = Claim(summary=summary, position=position, fingerprint=prints[index], **values)
            to_create.append(claim)
        elif claim.pk in curated:
            changes.kept_curated.append(claim.pk)
            if claim.position != position:
                claim.position = position
                positions_only.append(claim)
        else:
            differs = any(getattr(claim, k) != v for k, v in values.items())
            if differs or claim.position != position or claim.fingerprint != prints[index]:
                for k, v in values.items():
                    setattr(claim, k, v)
                claim.position, claim.fingerprint, claim.updated = position, prints[index], now
                to_update.append(claim)
                if differs:
                    changes.changed.append(claim.pk)
        changes.claims.append(claim)

        for offset, part in enumerate(split_parts.get(claim.pk, ()) if claim.pk else (), 1):
            changes.kept_curated.append(part.pk)
            if part.position != position + offset:
                part.position = position + offset
                positions_only.append(part)

    matched_ids = {c.pk for c in matched if c is not None}
    gone = [c.pk for c in old if c.pk not in matched_ids and c.pk not in curated]
    changes.kept_curated += [c.pk for c in old if c.pk not in matched_ids and c.pk in curated]
    # Parts of a first part the file no longer has stay where they are, as their first part does.
    changes.kept_curated += [
        part.pk for pk, parts in split_parts.items() if pk not in matched_ids for part in parts
    ]
    if gone:
        remove_claims(gone)
        Claim.objects.filter(pk__in=gone).delete()
        changes.deleted = gone
    if to_update:
        Claim.objects.bulk_update(to_update, [*_CLAIM_FIELDS, "position", "fingerprint", "updated"])
    if positions_only:
        Claim.objects.bulk_update(positions_only, ["position"])
    if to_create:
        insert_rows(to_create)
        changes.created = [c.pk for c in to_create]
    _link_translations(changes.claims, parsed, curated, all_new=not old)
    return changes


def _link_translations(
    claims: list[Claim], parsed: list[ParsedClaim], curated: set[int], *, all_new: bool = False
) -> None:
    """Pair each claim with its translation both ways; curated claims keep whatever they have.

    ``all_new``: every claim was just created (none is linked, and nothing links to them yet).
    """
    wanted: dict[int, int | None] = {c.pk: None for c in claims if c.pk not in curated}
    for index, item in enumerate(parsed):
        target = item.translation
        if target is None or not (0 <= target < len(claims)) or target == index:
            continue
        a, b = claims[index], claims[target]
        for source, dest in ((a, b), (b, a)):
            if source.pk in wanted and wanted[source.pk] is None and dest.pk not in wanted.values():
                wanted[source.pk] = dest.pk
    current = {c.pk: c.translation_id for c in claims}
    stale = [pk for pk, target in wanted.items() if current.get(pk) != target]
    if not stale:
        return
    taken: set[int] = set()
    if not all_new:
        # Two steps so that re-pairing never trips the one-to-one constraint half way.
        Claim.objects.filter(pk__in=stale).update(translation=None)
        taken = set(
            Claim.objects.filter(
                translation_id__in=[wanted[pk] for pk in stale if wanted[pk]]
            ).values_list("translation_id", flat=True)
        )
    by_pk = {c.pk: c for c in claims}
    linked = []
    for pk in stale:
        target = wanted[pk]
        by_pk[pk].translation_id = None
        if target and target not in taken:
            by_pk[pk].translation_id = target
            taken.add(target)
            linked.append(by_pk[pk])
    if linked:
        _set_translations(linked)


def _set_translations(claims: list[Claim]) -> None:
    """``bulk_update(claims, ["translation"])`` as one batch of plain UPDATEs: Django's bulk_update
    builds a CASE expression per row, ~0.3 ms of CPU a row, more than the rows' whole insert."""
    quote = connection.ops.quote_name
    table = quote(Claim._meta.db_table)
    column, key = quote(Claim._meta.get_field("translation").column), quote(Claim._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {column} = %s WHERE {key} = %s",
            [(claim.translation_id, claim.pk) for claim in claims],
        )
