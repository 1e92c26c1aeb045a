"""Reading a kb export (notes/services/export.py, docs/export-format.md) back into the database.

An export restores talk by talk: a talk whose slug already exists is left as it is (so restoring the
same export twice changes nothing); a new one is created with its summaries, sections, claims, tags and
curator state exactly as exported. Any inconsistency fails the whole file with one sentence.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError

from notes.importer.export_check import check_export
from notes.importer.identity import add_alias, find_speaker, unique_slug
from notes.importer.limits import ImportLimits
from notes.importer.persist import DocumentOutcome, sha256_text
from notes.importer.previews import TalkPreview
from notes.importer.talk_fields import identity_keys
from notes.importer.types import ImportFailure, SourceFile
from notes.models import (
    Claim,
    ClaimRelation,
    DuplicateSuggestion,
    Section,
    Speaker,
    Summary,
    Tag,
    TaggedClaim,
    TaggedTalk,
    Talk,
    TalkSpeaker,
)
from notes.services.export import FORMAT, READABLE_VERSIONS
from notes.services.export_fields import (
    SPEAKER_FIELDS,
    TABLES,
    TAG_FIELDS,
    Table,
    restored_fields,
)

_SNIFF = b'"format"'


def looks_like_export(source: SourceFile) -> bool:
    """Cheap test: a JSON object that names the kb-export format near its start."""
    head = source.data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and _SNIFF in head and FORMAT.encode() in head


def read_export(source: SourceFile) -> dict:
    """The export document, or ImportFailure naming what is wrong with it."""
    try:
        data = json.loads(source.data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFailure(source.name, "the export is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ImportFailure(
            source.name, f"the export is not valid JSON ({error.msg})", error.lineno
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailure(
            source.name, 'this JSON file is not a kb export (no "format": "kb-export")'
        )
    if data.get("version") not in READABLE_VERSIONS:
        raise ImportFailure(
            source.name, f"kb export version {data.get('version')!r} is not supported"
        )
    for key in ("speakers", "tags", "talks"):
        if not isinstance(data.get(key), list):
            raise ImportFailure(source.name, f'the export has no "{key}" list')
    return data


def restore_export(source: SourceFile, limits: ImportLimits) -> DocumentOutcome:
    """Restore an export; runs inside the caller's transaction, so a failure leaves nothing behind."""
    data = read_export(source)
    check_export(source.name, data)
    try:
        return _Restorer(source.name, limits).run(data)
    except ImportFailure:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        problem = f"{type(error).__name__}: {error}"[:200]
        raise ImportFailure(source.name, f"the export is inconsistent ({problem})") from None


def _html(row: dict, render_markdown, limits: ImportLimits, name: str) -> str:
    """The summary's HTML: the exported HTML sanitised again (nothing in a file is trusted), or for
    a version 1 export, ``raw`` rendered."""
    from notes.importer.extract.hidden import readable_markdown
    from notes.importer.render import sanitise_html

    if isinstance(row.get("html"), str):
        return sanitise_html(row["html"])
    return render_markdown(readable_markdown(row["raw"]), limits, source_name=name)


class _Restorer:
    def __init__(self, name: str, limits: ImportLimits):
        self.name = name
        self.limits = limits
        self.speakers: dict[str, Speaker] = {}
        self.speaker_slugs: dict[str, Speaker] = {}  # the export's slug → the speaker restored
        self.tags: dict[str, Tag] = {}
        self.claims: dict[int, Claim] = {}
        self.talks: dict[str, Talk] = {}
        self.claim_rows: list[dict] = []

    def fail(self, problem: str):
        raise ImportFailure(self.name, problem)

    def run(self, data: dict) -> DocumentOutcome:
        from notes.search import index_claims
        from notes.services.counters import refresh_counts

        for item in data["speakers"]:
            self._speaker(item)
        for item in data["tags"]:
            self._tag(item)
        previews = []
        for item in data["talks"]:
            if Talk.objects.filter(slug=item["slug"]).exists():
                previews.append(
                    TalkPreview(title=item["title"], action="unchanged", talk_slug=item["slug"])
                )
                continue
            previews.append(self._talk(item))
        self._translations(self.claim_rows)
        for item in data.get("relations", []):
            self._relation(item)
        for item in data.get("duplicate_suggestions", []):
            self._suggestion(item)
        for item in data.get("dismissed_speaker_pairs", []):
            self._dismissed_pair(item)
        for table in TABLES:
            for item in data.get(table.key, []):
                self._table_row(table, item)
        if self.claims:
            index_claims(sorted(claim.pk for claim in self.claims.values()))
        refresh_counts(talk.pk for talk in self.talks.values())
        outcome = "imported" if any(p.action == "creates" for p in previews) else "unchanged"
        first = next(iter(self.talks.values()), None)
        return DocumentOutcome(outcome, previews, None, first)

    def _speaker(self, item: dict) -> None:
        speaker = find_speaker(item["name"])
        if speaker is None:
            fields = restored_fields(Speaker, SPEAKER_FIELDS, item)
            if not fields["slug"] or Speaker.objects.filter(slug=fields["slug"]).exists():
                fields["slug"] = unique_slug(Speaker, item["name"], prefix="speaker")
            speaker = Speaker.objects.create(**fields)
        for alias in item.get("aliases", []):
            add_alias(speaker, alias)
        self.speakers[item["name"]] = speaker
        if item.get("slug"):
            self.speaker_slugs[item["slug"]] = speaker

    def _speaker_named(self, name: str | None) -> Speaker | None:
        if not name:
            return None
        speaker = self.speakers.get(name) or find_speaker(name)
        if speaker is None:
            self.fail(f"a claim names the speaker “{name}”, who is not in the export's speakers")
        return speaker

    def _tag(self, item: dict) -> None:
        fields = restored_fields(Tag, TAG_FIELDS, item)
        fields.pop("slug")
        tag = Tag.objects.filter(slug=item["slug"]).first()
        if tag is None:
            tag = Tag.objects.filter(name__iexact=item["name"]).first()
        if tag is None:
            tag = Tag.objects.create(slug=item["slug"], **fields)
        else:
            for key, value in fields.items():
                setattr(tag, key, value)
            tag.save()
        self.tags[item["slug"]] = tag

    def _tag_for(self, slug: str) -> Tag:
        if slug not in self.tags:
            self.fail(f"the tag “{slug}” is used but not in the export's tags")
        return self.tags[slug]

    def _talk(self, item: dict) -> TalkPreview:
        from notes.importer.render import render_markdown

        url = item.get("url") or ""
        if url and Talk.objects.filter(url=url).exists():
            self.fail(
                f"the talk “{item['title']}” has the URL of a talk already here under another slug"
            )
        published = item.get("published")
        talk = Talk.objects.create(
            title=item["title"],
            slug=item["slug"],
            url=url,
            published=dt.date.fromisoformat(published) if published else None,
            published_precision=item.get("published_precision", "day"),
            duration_seconds=item.get("duration_seconds"),
            description=item.get("description", ""),
            public=bool(item.get("public", True)),
            curated_fields=list(item.get("curated_fields", [])),
        )
        self.talks[talk.slug] = talk
        for slug in item.get("tags", []):
            TaggedTalk.objects.create(content_object=talk, tag=self._tag_for(slug))
        for position, row in enumerate(item.get("speakers", [])):
            TalkSpeaker.objects.get_or_create(
                talk=talk,
                speaker=self._speaker_named(row["name"]),
                role=row["role"],
                defaults={"position": position},
            )
        sections: dict[tuple[str, int], dict[int, Section]] = {}
        summaries: dict[tuple[str, int], Summary] = {}
        for row in item.get("summaries", []):
            summary = self._summary(talk, row, render_markdown)
            key = (summary.source_name, summary.part)
            summaries[key] = summary
            sections[key] = {
                position: Section.objects.create(
                    summary=summary,
                    position=position,
                    heading=section.get("heading", ""),
                    level=section.get("level", 2),
                    start_seconds=section.get("start_seconds"),
                    end_seconds=section.get("end_seconds"),
                )
                for position, section in enumerate(row.get("sections", []))
            }
        claims = [self._claim(talk, row, summaries, sections) for row in item.get("claims", [])]
        self.claim_rows.extend(item.get("claims", []))
        return TalkPreview(
            title=talk.title,
            action="creates",
            talk_id=talk.pk,
            talk_slug=talk.slug,
            speakers=[(row["name"], row["role"]) for row in item.get("speakers", [])],
            sections=sum(len(s) for s in sections.values()),
            claims=len(claims),
        )

    def _summary(self, talk: Talk, row: dict, render_markdown) -> Summary:
        raw = row["raw"]
        if sha256_text(raw) != row["sha256"]:
            self.fail(
                f"the summary {row['source_name']} does not match its sha256 (edited by hand?)"
            )
        clash = Summary.objects.filter(sha256=row["sha256"]).select_related("talk").first()
        if clash:
            self.fail(
                f"the summary {row['source_name']} is already here, in the talk “{clash.talk.title}”; "
                "restore into an empty knowledge base or remove that talk first"
            )
        metadata = row.get("metadata") or {}
        title_key, source_url = identity_keys(metadata) if metadata else ("", "")
        return Summary.objects.create(
            talk=talk,
            source_name=row["source_name"],
            part=row.get("part", 0),
            raw=raw,
            sha256=row["sha256"],
            file_sha256=row.get("file_sha256", row["sha256"]),
            encoding=row.get("encoding", ""),
            front_matter_format=row.get("front_matter_format", ""),
            front_matter=row.get("front_matter") or {},
            language=row["language"],
            title_as_written=row.get("title_as_written", ""),
            metadata=metadata,
            title_key=title_key,
            source_url=source_url,
            warnings=list(row.get("warnings", [])),
            html=_html(row, render_markdown, self.limits, self.name),
        )

    def _claim(self, talk, row: dict, summaries, sections) -> Claim:
        key = (row.get("source_name"), row.get("part") or 0)
        summary = summaries.get(key) if row.get("source_name") is not None else None
        if row.get("source_name") is not None and summary is None:
            self.fail(
                f"claim {row['id']} names the summary {row['source_name']}, which the talk lacks"
            )
        section = None
        if summary is not None and row.get("section_position") is not None:
            section = sections[key].get(row["section_position"])
        claim = Claim.objects.create(
            talk=talk,
            summary=summary,
            section=section,
            speaker=self._speaker_named(row.get("speaker")),
            text=row["text"],
            language=row["language"],
            kind=row["kind"],
            start_seconds=row.get("start_seconds"),
            position=row.get("position", 0),
            status=row.get("status", Claim.Status.IMPORTED),
            fingerprint=row.get("fingerprint", ""),
            curated_fields=list(row.get("curated_fields", [])),
        )
        if row["id"] in self.claims:
            self.fail(f"the claim id {row['id']} is used twice")
        self.claims[row["id"]] = claim
        tagging = row.get("tagging") or [{"tag": slug} for slug in row.get("tags", [])]
        TaggedClaim.objects.bulk_create(
            TaggedClaim(
                content_object=claim,
                tag=self._tag_for(t["tag"]),
                reason=t.get("reason", ""),
                by_curator=bool(t.get("by_curator", False)),
            )
            for t in tagging
        )
        return claim

    def _translations(self, rows: list[dict]) -> None:
        linked = []
        for row in rows:
            if row.get("translation") is None:
                continue
            target = self.claims.get(row["translation"])
            if target is None:
                self.fail(
                    f"claim {row['id']} is a translation of claim {row['translation']}, not in the export"
                )
            claim = self.claims[row["id"]]
            claim.translation = target
            linked.append(claim)
        Claim.objects.bulk_update(linked, ["translation"])
        parts = []
        for row in rows:
            if row.get("split_from") is None:
                continue
            claim = self.claims[row["id"]]
            claim.split_from = self.claims[
                row["split_from"]
            ]  # the check proved it is in the export
            parts.append(claim)
        Claim.objects.bulk_update(parts, ["split_from"])

    def _relation(self, item: dict) -> None:
        source, target = self.claims.get(item["source"]), self.claims.get(item["target"])
        if source and target:
            ClaimRelation.objects.get_or_create(
                source=source,
                target=target,
                defaults={"kind": item["kind"], "note": item.get("note", "")},
            )

    def _suggestion(self, item: dict) -> None:
        talk = self.talks.get(item["talk"])
        if talk is None:
            return  # only suggestions of talks this restore created
        other = None
        if item.get("other"):
            other = self.talks.get(item["other"]) or Talk.objects.filter(slug=item["other"]).first()
            if other is None:
                return
        DuplicateSuggestion.objects.create(
            talk=talk,
            other=other,
            score=item.get("score", 0),
            reason=item.get("reason", "")[:500],
            status=item.get("status", DuplicateSuggestion.Status.OPEN),
        )

    def _dismissed_pair(self, item: dict) -> None:
        from notes.services.speaker_duplicates import dismiss_speaker_pair

        first, second = (self.speaker_slugs[slug] for slug in item["speakers"])
        if first.pk != second.pk:  # two exported speakers found as one person here
            dismiss_speaker_pair(first, second)

    def _referenced(self, kind: str, slug: str | None):
        if slug is None:
            return None
        if kind == "speaker":
            return self.speaker_slugs[slug]
        if kind == "tag":
            return self.tags[slug]
        return self.talks.get(slug) or Talk.objects.get(slug=slug)

    def _table_row(self, table: Table, item: dict) -> None:
        values = restored_fields(table.model, table.fields, item)
        for ref, kind in table.refs.items():
            values[ref] = self._referenced(kind, item.get(ref))
        if table.model.objects.filter(**values).exists():
            return  # restored before, or already curated here
        row = table.model(**values)
        try:
            row.full_clean()
        except ValidationError as error:
            problems = "; ".join(
                message for messages in error.message_dict.values() for message in messages
            )
            self.fail(
                f"the {table.key} row {item!r:.80} cannot be restored ({problems.rstrip('.')})"
            )
        row.save()
