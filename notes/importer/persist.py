"""Writing one parsed file to the database: talk, summary, sections, speakers, claims, tags, themes.

Runs inside the caller's per-file transaction. Idempotent: the same text again writes nothing, and an
edited file updates its summary in place (see claims_sync for what happens to curated claims).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.text import slugify

from notes.importer.claims_sync import sync_claims, sync_sections
from notes.importer.duplicates import DuplicateIndex, Fingerprint, text_fingerprint
from notes.importer.evidence_log import evidence_rows, skipped_rows
from notes.importer.identity import (
    SpeakerResolver,
    add_talk_speakers,
    find_talk,
    new_talk,
    stated_title_key,
)
from notes.importer.limits import DEFAULT_LIMITS, ImportLimits
from notes.importer.prepare import Prepared, Preparer, part_raw, shown_markdown
from notes.importer.previews import PartWritten, TalkPreview, describe_new_part, describe_part
from notes.importer.run_cache import RunCache
from notes.importer.source_paths import same_file_summary
from notes.importer.talk_fields import identity_keys, refresh_talk, talk_metadata
from notes.importer.types import ParsedDocument, ParsedTalk
from notes.models import (
    Claim,
    SlugRedirect,
    Speaker,
    SpeakerAlias,
    Summary,
    Tag,
    TagAlias,
    TaggedTalk,
    Talk,
)
from notes.models.tags import alias_key
from notes.normalise import normalise_url
from notes.services.counters import count_new_talk, refresh_counts
from notes.services.insert_rows import insert_rows
from notes.services.merge import merge_talks
from notes.services.tagging import apply_themes, theme_new_claims


@dataclass
class DocumentOutcome:
    outcome: str  # "imported" | "updated" | "unchanged"
    talks: list[TalkPreview]
    summary: Summary | None = None
    talk: Talk | None = None
    fingerprints: dict[int, Fingerprint] = field(default_factory=dict)  # to index after commit


@dataclass
class PersistContext:
    """What persisting needs beyond the document: limits and the run's duplicate index."""

    limits: ImportLimits = DEFAULT_LIMITS
    duplicates: DuplicateIndex = field(default_factory=DuplicateIndex)
    cache: RunCache = field(default_factory=RunCache)  # emptied whenever a file rolls back
    known_new: bool = False  # this attempt's file was just checked: no summary has its bytes
    merged_talk_ids: list[int] = field(default_factory=list)  # by the file being imported
    written_summary_ids: set[int] = field(default_factory=set)  # this run's files, each distinct
    prepared: Prepared | None = None  # the file's pure work, done ahead by a worker process
    preparer: Preparer | None = None  # the run's worker processes, when it has some


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def persist_document(doc: ParsedDocument, ctx: PersistContext) -> DocumentOutcome:
    """Write every talk of ``doc``; the outcome says whether anything was imported or updated."""
    previews, first_summary, first_talk, prints = [], None, None, {}
    for part, parsed in enumerate(doc.talks):
        done = _persist_part(doc, part, parsed, ctx)
        preview, talk, summary = done.preview, done.talk, done.summary
        previews.append(preview)
        first_summary = first_summary or summary
        first_talk = first_talk or talk
        if preview.action != "unchanged" and talk is not None:
            # done.fingerprint: the talk's as the database now holds it, when known without asking
            prints[talk.pk] = done.fingerprint or ctx.duplicates.fingerprint_of(talk)
            preview.likely_duplicates = [
                str(s.other) for s in ctx.duplicates.suggest(talk, prints[talk.pk])
            ]
    actions = {p.action for p in previews}
    if actions & {"creates", "joins"}:
        outcome = "imported"
    elif "updates" in actions:
        outcome = "updated"
    else:
        outcome = "unchanged"
    return DocumentOutcome(outcome, previews, first_summary, first_talk, prints)


@dataclass
class _Written:
    """One part of the file as persisted: its preview, talk and summary."""

    preview: TalkPreview
    talk: Talk | None
    summary: Summary | None
    fingerprint: Fingerprint | None = None  # the talk's, when known without reading it back


def _persist_part(doc: ParsedDocument, part: int, parsed: ParsedTalk, ctx: PersistContext):
    from notes.importer.render import render_markdown
    from notes.search import index_claims

    raw = part_raw(doc, parsed)
    part_sha = sha256_text(raw)
    match = find_talk(parsed, source_name=doc.source_name, part=part)
    talk = match.talk
    if talk and match.same_as:
        ctx.merged_talk_ids.extend(t.pk for t in match.same_as)
        talk = merge_talks(talk, match.same_as)
    summary, how = _same_file(doc.source_name, part, parsed, talk, ctx)
    if summary and talk is None:
        talk = summary.talk
    how = how or match.how
    same_text = Summary.objects.filter(sha256=part_sha).exclude(pk=getattr(summary, "pk", None))
    if (summary and summary.sha256 == part_sha) or same_text.exists():
        kept = summary if summary and summary.sha256 == part_sha else same_text.first()
        if kept.file_sha256 != doc.sha256 and kept.source_name == doc.source_name:
            Summary.objects.filter(pk=kept.pk).update(file_sha256=doc.sha256)
        note = "" if kept.source_name == doc.source_name else f"same text as {kept.source_name}"
        preview = describe_part(kept.talk, kept, "unchanged", how, note=note)
        return _Written(preview, kept.talk, kept)

    action = "updates" if summary else ("joins" if talk else "creates")
    talk_is_new, summary_is_new = talk is None, summary is None
    talk = talk or new_talk(parsed)  # inserted by refresh_talk below, with all its fields
    summary = summary or Summary(talk=talk, source_name=doc.source_name[:500], part=part)
    metadata = talk_metadata(parsed)
    summary.title_key, summary.source_url = identity_keys(metadata)
    summary.metadata = metadata
    summary.raw = raw
    summary.sha256 = part_sha
    summary.file_sha256 = doc.sha256
    summary.encoding = (doc.encoding or "")[:20]
    summary.front_matter_format = doc.front_matter.format or ""
    summary.front_matter = doc.front_matter.data or {}
    summary.language = parsed.language
    summary.title_as_written = "" if parsed.title_is_derived else (parsed.title or "")[:500]
    if ctx.prepared is not None:  # rendered by a worker process (notes.importer.prepare)
        summary.html = ctx.prepared.html_of(part)
    else:
        shown = shown_markdown(doc, parsed)
        summary.html = render_markdown(shown, ctx.limits, source_name=doc.source_name)
    summary.warnings = list(doc.warnings)
    summary.evidence = evidence_rows(parsed)
    summary.skipped = skipped_rows(parsed)
    if talk_is_new:
        refresh_talk(talk, [summary])  # its one summary: the talk is inserted with its fields
    summary.save()
    ctx.written_summary_ids.add(summary.pk)

    sections = sync_sections(summary, parsed.sections, summary_is_new=summary_is_new)
    resolver = SpeakerResolver(talk, ctx.cache, talk_is_new=talk_is_new)
    resolver.add_people(parsed.speakers)
    changes = sync_claims(
        summary,
        talk,
        parsed.claims,
        sections,
        resolver.for_claim,
        summary_is_new=summary_is_new,
    )
    talk_speakers = add_talk_speakers(talk, resolver.roles, talk_is_new=talk_is_new)
    add_talk_tags(talk, parsed.tags, ctx.cache, talk_is_new=talk_is_new)
    talk_changed = []
    if not talk_is_new:
        talk.refresh_from_db()
        talk_changed = refresh_talk(talk)
    touched = set(changes.touched)
    retheme = [claim for claim in changes.claims if claim.pk in touched]  # text and curated_fields
    themes, new_tags = ctx.cache.themes(), {}
    if summary_is_new:  # its claims are all new, untagged: their taggings are known, not read
        new_tags = theme_new_claims(retheme, themes)
    else:
        apply_themes(retheme, themes=themes, reindex=False, recount=False)
    stale = Claim.objects.none()
    if {"public", "published"} & set(talk_changed):  # the index holds both for each claim
        stale = talk.claims.all()
    if resolver.renamed:  # the index holds each speaker's name and aliases
        stale = stale | Claim.objects.filter(speaker_id__in=resolver.renamed)
    stale_ids = set(stale.values_list("pk", flat=True))
    note, fingerprint = "", None
    if summary_is_new:  # every claim is new, paired only with claims of this summary
        bodies = ctx.prepared.bodies if ctx.prepared is not None else None
        # a new talk's speakers are the objects just resolved and saved: their names are current
        known = {row.speaker_id: row.speaker.name for row in talk_speakers} if talk_is_new else None
        theme_counts = _index_new_claims(changes.claims, talk, themes, new_tags, bodies, known)
        stale_ids -= {claim.pk for claim in changes.claims}
        if stale_ids:
            index_claims(sorted(stale_ids))
        preview = describe_new_part(
            PartWritten(talk, summary, action, how),
            claims=changes.claims,
            sections=len(sections),
            themes=theme_counts,
            speakers=[(row.speaker.name, row.role) for row in talk_speakers],
        )
        if talk_is_new:  # the talk's claims and speakers are all in hand
            # the phrases of the claims' texts, which are the parse's: made by the worker
            phrases = ctx.prepared.phrases[part] if ctx.prepared is not None else None
            fingerprint = text_fingerprint(
                [claim.text for claim in changes.claims],
                [row.speaker_id for row in talk_speakers if row.role != "mentioned"],
                phrases=phrases,
            )
    else:
        reindex = touched | stale_ids
        if reindex:
            index_claims(sorted(reindex))
        note = (
            f"{len(changes.created)} claims added, {len(changes.changed)} changed, "
            f"{len(changes.deleted)} removed, {len(changes.kept_curated)} kept as the curator left them"
        )
        preview = describe_part(talk, summary, action, how, note=note)
    if talk_is_new:
        # A talk this part created has no counter rows yet (no merge can involve a talk nothing
        # had found), and its claims, taggings and speakers are all in hand: counted from them.
        count_new_talk(talk, changes.claims, new_tags, [row.speaker_id for row in talk_speakers])
    else:
        refresh_counts([talk.pk])
    return _Written(preview, talk, summary, fingerprint)


def _index_new_claims(
    claims: list[Claim],
    talk: Talk,
    themes: list[Tag],
    tags: dict[int, list[int]],
    bodies: dict | None = None,
    known_names: dict[int, str] | None = None,
) -> dict[str, int]:
    """Index claims just created for a new summary from the objects in hand (``tags``: every
    tagging they have; their speakers' aliases read in one query; ``bodies``: texts a worker
    already tokenised; ``known_names``: {speaker id: name} of the talk's speakers, in hand); returns
    claims per theme name, for the preview."""
    from notes.search import index_documents
    from notes.search.documents import new_claim_documents

    if not claims:
        return {}
    speaker_ids = {claim.speaker_id for claim in claims if claim.speaker_id}
    names = {pk: name for pk, name in (known_names or {}).items() if pk in speaker_ids}
    missing = speaker_ids - names.keys()  # a claim's speaker who is not one of the talk's
    if missing:
        names.update(Speaker.objects.filter(pk__in=missing).values_list("pk", "name"))
    aliases: dict[int, list[str]] = defaultdict(list)
    if speaker_ids:
        for speaker_id, alias in SpeakerAlias.objects.filter(
            speaker_id__in=speaker_ids
        ).values_list("speaker_id", "alias"):
            aliases[speaker_id].append(alias)
    index_documents(
        new_claim_documents(
            claims,
            talk_public=talk.public,
            speaker_names=names,
            aliases=aliases,
            tags=tags,
            bodies=bodies,
        )
    )
    theme_names = {theme.pk: theme.name for theme in themes}
    counts: dict[str, int] = defaultdict(int)
    for claim_tags in tags.values():
        for tag_id in set(claim_tags):
            if tag_id in theme_names:
                counts[theme_names[tag_id]] += 1
    return dict(counts)


def _same_file(source_name: str, part: int, parsed: ParsedTalk, talk: Talk | None, ctx):
    """The summary this file already has, by its exact name or by its name without the container.

    Within the matched talk, ``folder/sub/a.md`` and ``a.md`` are one file (source_paths.py); with
    no talk matched and nothing else to know the file by (no URL, no stated title), the name is
    looked up everywhere. Summaries this run already wrote are other files of the same import.
    """
    if talk is not None:
        exact = Summary.objects.filter(talk=talk, source_name=source_name, part=part).first()
        if exact:
            return exact, ""
        candidates = [s for s in talk.summaries.all() if s.pk not in ctx.written_summary_ids]
        return same_file_summary(source_name, part, candidates), ""
    if normalise_url(parsed.url) or stated_title_key(parsed):
        return None, ""
    found = same_file_summary(source_name, part)
    if found is None or found.pk in ctx.written_summary_ids:
        return None, ""
    return found, "file"


def add_talk_tags(
    talk: Talk, names: list[str], cache: RunCache, *, talk_is_new: bool = False
) -> None:
    """Tag the talk with the file's tags (only ever adding; a curator's tag edits are left alone).

    ``talk_is_new``: created by this file, the talk has no tags yet (none are read)."""
    if "tags" in (talk.curated_fields or []) or not names:
        return
    have = (
        set()
        if talk_is_new
        else set(TaggedTalk.objects.filter(content_object=talk).values_list("tag_id", flat=True))
    )
    new = []
    for name in names:
        tag = cache.tag(name, tag_for_name)
        if tag and tag.pk not in have:
            new.append(TaggedTalk(content_object=talk, tag=tag))
            have.add(tag.pk)
    if new:
        insert_rows(new, returning=False)


def tag_for_name(name: str) -> Tag | None:
    """The tag called ``name`` (by slug or name, any case), created when new.

    A name that is one of a tag's aliases (``RL``, ``强化学习``) is that tag, and so is a tag a curator
    merged into another: its slug redirects there."""
    name = " ".join((name or "").split())[:100]
    slug = slugify(name, allow_unicode=True)[:100]
    if not slug:
        return None
    tag = Tag.objects.filter(Q(slug=slug) | Q(name__iexact=name)).order_by("pk").first()
    if tag is None:
        alias = (
            TagAlias.objects.filter(Q(key=alias_key(name)) | Q(slug=slug))
            .select_related("tag")
            .order_by("pk")
            .first()
        )
        tag = alias.tag if alias else None
    if tag is None:
        merged = SlugRedirect.objects.filter(kind="tag", old_slug=slug, tag__isnull=False).first()
        tag = merged.tag if merged else None
    return tag or Tag.objects.create(name=name, slug=slug)
