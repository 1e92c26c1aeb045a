"""What importing a file did (or, in a dry run, would do) to each talk: the per-talk preview.

Previews are read back from the database after a part is written, or for files found unchanged,
in bulk: a fixed number of queries for any number of summaries (a re-import of many unchanged files
asks once per batch, not once per file).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from notes.importer.evidence_log import EvidenceLine, evidence_lines, skipped_lines
from notes.importer.identity import ROLE_RANK
from notes.models import Claim, Section, Summary, TaggedClaim, Talk, TalkSpeaker

CHUNK = 500  # summaries per round of queries (keeps IN lists well under SQLite's variable limit)


@dataclass
class TalkPreview:
    """What importing one talk of a file does (or, in a dry run, would do)."""

    title: str
    action: str  # "creates" | "joins" | "updates" | "unchanged"
    talk_id: int | None = None
    talk_slug: str = ""
    matched_by: str = ""  # "url" | "title" | "file" | ""
    speakers: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    sections: int = 0
    claims: int = 0
    translation_pairs: int = 0
    themes: list[tuple[str, int]] = field(default_factory=list)  # (theme name, claims)
    likely_duplicates: list[str] = field(default_factory=list)  # titles of probable same talks
    public: bool = True  # False: the talk is a draft (e.g. `draft: true`), hidden from public pages
    note: str = ""  # what changed, for updates and unchanged parts
    evidence: list[EvidenceLine] = field(default_factory=list)  # why each field came out so
    skipped: list[str] = field(default_factory=list)  # blocks left out as noise, with reasons


@dataclass(frozen=True)
class PartWritten:
    """One part of a file as the database now holds it, and how importing it went."""

    talk: Talk
    summary: Summary
    action: str
    how: str
    note: str = ""


def describe_part(
    talk: Talk, summary: Summary, action: str, how: str, note: str = ""
) -> TalkPreview:
    """The preview of one talk after its part of the file was written."""
    return describe_parts([PartWritten(talk, summary, action, how, note)])[0]


def describe_parts(parts: list[PartWritten]) -> list[TalkPreview]:
    """The previews of these parts, in order (five queries per 500 summaries)."""
    facts = _PartFacts()
    for start in range(0, len(parts), CHUNK):
        chunk = parts[start : start + CHUNK]
        facts.load([p.summary.pk for p in chunk], {p.talk.pk for p in chunk})
    return [facts.preview(part) for part in parts]


def describe_new_part(
    part: PartWritten,
    *,
    claims: list[Claim],
    sections: int,
    themes: dict[str, int],
    speakers: list[tuple[str, str]],
) -> TalkPreview:
    """The preview of a part whose summary this file just created, from what the importer holds:
    the preview describe_part would read back. ``claims``: every claim of the summary (translation
    links set); ``themes``: claims per theme name; ``speakers``: the talk's (name, role) rows."""
    facts = _PartFacts()
    summary_id = part.summary.pk
    facts.claims[summary_id] = len(claims)
    facts.sections[summary_id] = sections
    facts.links[summary_id] = {
        frozenset((claim.pk, claim.translation_id)) for claim in claims if claim.translation_id
    }
    facts.themes[summary_id] = list(themes.items())
    facts.speakers[part.talk.pk] = list(speakers)
    return facts.preview(part)


class _PartFacts:
    """Counts, translation pairs, themes and speakers of many summaries, read in bulk."""

    def __init__(self):
        self.claims: dict[int, int] = {}
        self.sections: dict[int, int] = {}
        self.links: dict[int, set[frozenset]] = defaultdict(set)
        self.themes: dict[int, list[tuple[str, int]]] = defaultdict(list)
        self.speakers: dict[int, list[tuple[str, str]]] = defaultdict(list)

    def load(self, summary_ids: list[int], talk_ids: set[int]) -> None:
        claims = Claim.objects.filter(summary_id__in=summary_ids).order_by()
        self.claims.update(claims.values_list("summary_id").annotate(n=Count("pk")))
        sections = Section.objects.filter(summary_id__in=summary_ids).order_by()
        self.sections.update(sections.values_list("summary_id").annotate(n=Count("pk")))
        linked = claims.filter(translation__isnull=False)
        for summary_id, pk, partner in linked.values_list("summary_id", "pk", "translation_id"):
            self.links[summary_id].add(frozenset((pk, partner)))
        themes = (
            TaggedClaim.objects.filter(
                content_object__summary_id__in=summary_ids, tag__is_theme=True
            )
            .values_list("content_object__summary_id", "tag__name")
            .annotate(n=Count("content_object", distinct=True))
            .order_by()
        )
        for summary_id, name, n in themes:
            self.themes[summary_id].append((name, n))
        rows = TalkSpeaker.objects.filter(talk_id__in=talk_ids).values_list(
            "talk_id", "speaker__name", "role"
        )
        for talk_id, name, role in rows:
            self.speakers[talk_id].append((name, role))

    def preview(self, part: PartWritten) -> TalkPreview:
        talk, summary = part.talk, part.summary
        return TalkPreview(
            title=talk.title,
            action=part.action,
            talk_id=talk.pk,
            talk_slug=talk.slug,
            public=talk.public,
            matched_by=part.how,
            speakers=sorted(
                self.speakers[talk.pk], key=lambda item: (ROLE_RANK.get(item[1], 9), item[0])
            ),
            sections=self.sections.get(summary.pk, 0),
            claims=self.claims.get(summary.pk, 0),
            translation_pairs=len(self.links[summary.pk]),
            themes=sorted(self.themes[summary.pk], key=lambda item: (-item[1], item[0])),
            note=part.note,
            evidence=evidence_lines(summary.evidence),
            skipped=skipped_lines(summary.skipped),
        )


def counted(n: int, noun: str) -> str:
    """``1 claim``, ``2 claims``: English plurals for the import's messages."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def describe_outcome(outcome) -> str:
    """One sentence for the person: what importing a file did (a persist.DocumentOutcome)."""
    talks = outcome.talks
    claims = sum(t.claims for t in talks)
    if len(talks) != 1:
        names = ", ".join(f"“{t.title}”" for t in talks[:5]) + ("…" if len(talks) > 5 else "")
        verb = {"imported": "Imported", "updated": "Updated", "unchanged": "Unchanged:"}[
            outcome.outcome
        ]
        return f"{verb} {counted(len(talks), 'talk')} with {counted(claims, 'claim')}: {names}."
    talk = talks[0]
    if talk.action == "creates":
        return f"Created the talk “{talk.title}” with {counted(claims, 'claim')}."
    if talk.action == "joins":
        return f"Added a summary with {counted(claims, 'claim')} to the talk “{talk.title}”."
    if talk.action == "updates":
        return f"Updated the summary of “{talk.title}”: {talk.note}."
    if talk.note:
        return f"Unchanged: the {talk.note}, already in “{talk.title}”."
    return f"Unchanged: already imported into “{talk.title}”."
