"""Merging duplicates: several talks into one, several speaker rows into one person.

Nothing is lost: summaries, claims (with their tags, relations and translation links), roles, aliases
and import records move to the survivor; the merged rows' slugs keep working as permanent redirects
(notes/services/redirects.py). What a merge would move is shown first by notes/services/merge_preview.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from notes.models import (
    Claim,
    DuplicateSuggestion,
    ImportFile,
    Speaker,
    SpeakerAlias,
    Summary,
    TaggedTalk,
    Talk,
    TalkSpeaker,
)
from notes.normalise import normalise_name
from notes.services.counters import refresh_counts, talk_ids_of_claims
from notes.services.redirects import move_redirects, record_old_slug
from notes.services.speaker_duplicates import move_dismissals


def default_visibility(talks: Iterable[Talk]) -> bool:
    """A merged talk is public when any of the talks merged was: merging never hides anything."""
    return any(talk.public for talk in talks)


def merge_talks(keep: Talk, others: Iterable[Talk], *, public: bool | None = None) -> Talk:
    """Fold ``others`` into ``keep`` in one transaction and delete them.

    Their summaries, claims, speakers, tags and import records move to ``keep``; suggestions that
    paired ``keep`` with one of them are closed as merged (and stay on record); their suggestions with
    third talks move to ``keep``; their slugs (and keep's, if it changes) redirect to ``keep``.
    ``keep``'s fields are then recomputed from all its summaries, except those a curator set.

    ``public`` is a curator's choice of the result's visibility (see ``default_visibility``): it is
    recorded as curated so no re-import changes it. ``None`` (the importer's merges of talks a file
    proved identical) leaves visibility to the summaries, as for any import. Returns ``keep``.
    """
    from notes.importer.talk_fields import refresh_talk
    from notes.search import index_claims

    others = [talk for talk in others if talk.pk != keep.pk]
    if not others:
        return keep
    other_ids = [talk.pk for talk in others]
    old_slug = keep.slug
    with transaction.atomic():
        Summary.objects.filter(talk_id__in=other_ids).update(talk=keep)
        Claim.objects.filter(talk_id__in=other_ids).update(talk=keep)
        ImportFile.objects.filter(talk_id__in=other_ids).update(talk=keep)
        _move_talk_speakers(keep, other_ids)
        _move_talk_tags(keep, other_ids)
        _close_suggestions(keep, others)
        move_redirects(keep, others)
        Talk.objects.filter(pk__in=other_ids).delete()
        keep.refresh_from_db()
        _fill_blanks(keep, others)
        if public is not None:
            keep.public = public
            keep.curated_fields = sorted({*keep.curated_fields, "public"})
            keep.save()
        refresh_talk(keep)
        keep.refresh_from_db()
        record_old_slug(keep, old_slug)
        index_claims(list(keep.claims.values_list("pk", flat=True)))
        refresh_counts([keep.pk, *other_ids])
    return keep


def _move_talk_speakers(keep: Talk, other_ids: list[int]) -> None:
    have = set(TalkSpeaker.objects.filter(talk=keep).values_list("speaker_id", "role"))
    position = TalkSpeaker.objects.filter(talk=keep).count()
    for row in TalkSpeaker.objects.filter(talk_id__in=other_ids).order_by("talk_id", "position"):
        if (row.speaker_id, row.role) in have:
            row.delete()
            continue
        have.add((row.speaker_id, row.role))
        row.talk, row.position = keep, position
        position += 1
        row.save(update_fields=["talk", "position"])


def _move_talk_tags(keep: Talk, other_ids: list[int]) -> None:
    have = set(TaggedTalk.objects.filter(content_object=keep).values_list("tag_id", flat=True))
    for row in TaggedTalk.objects.filter(content_object_id__in=other_ids):
        if row.tag_id in have:
            row.delete()
        else:
            have.add(row.tag_id)
            row.content_object = keep
            row.save(update_fields=["content_object"])


def _close_suggestions(keep: Talk, others: list[Talk]) -> None:
    other_ids = {talk.pk for talk in others}
    titles = {talk.pk: talk.title for talk in others}
    between = DuplicateSuggestion.objects.filter(
        Q(talk=keep, other_id__in=other_ids) | Q(talk_id__in=other_ids, other=keep)
    )
    for suggestion in between:
        merged_id = suggestion.other_id if suggestion.talk_id == keep.pk else suggestion.talk_id
        # Keep the record on the surviving talk; the merged talk's side becomes empty.
        suggestion.talk, suggestion.other = keep, None
        suggestion.status = DuplicateSuggestion.Status.MERGED
        note = f" Merged “{titles.get(merged_id, '')}” into this talk."
        suggestion.reason = (suggestion.reason + note)[:500]
        suggestion.save()
    pairs = set(
        DuplicateSuggestion.objects.filter(Q(talk=keep) | Q(other=keep)).values_list(
            "talk_id", "other_id"
        )
    )
    third = DuplicateSuggestion.objects.filter(Q(talk_id__in=other_ids) | Q(other_id__in=other_ids))
    for suggestion in third:
        if suggestion.talk_id in other_ids:
            suggestion.talk = keep
        if suggestion.other_id in other_ids:
            suggestion.other = keep
        pair = (suggestion.talk_id, suggestion.other_id)
        if suggestion.talk_id == suggestion.other_id or pair in pairs or pair[::-1] in pairs:
            suggestion.delete()
            continue
        pairs.add(pair)
        suggestion.save()


def _fill_blanks(keep: Talk, others: list[Talk]) -> None:
    """Fields ``keep`` lacks, from the merged talks (in the order given)."""
    changed = []
    for name in ("published", "duration_seconds", "description"):
        if getattr(keep, name) in (None, ""):
            value = next(
                (getattr(t, name) for t in others if getattr(t, name) not in (None, "")), None
            )
            if value not in (None, ""):
                setattr(keep, name, value)
                changed.append(name)
    if not keep.url:
        url = next((t.url for t in others if t.url), "")
        if url and not Talk.objects.filter(url=url).exclude(pk=keep.pk).exists():
            keep.url = url
            changed.append("url")
    if changed:
        keep.save()


def merge_speakers(keep: Speaker, others: Iterable[Speaker]) -> Speaker:
    """Fold ``others`` into ``keep``: their claims, roles and aliases move; their names become aliases.

    One transaction; the others are deleted and their slugs redirect to ``keep``. Returns ``keep``.
    """
    from notes.search import index_claims

    others = [speaker for speaker in others if speaker.pk != keep.pk]
    if not others:
        return keep
    other_ids = [speaker.pk for speaker in others]
    with transaction.atomic():
        move_redirects(keep, others)
        move_dismissals(keep, other_ids)
        claim_ids = list(
            Claim.objects.filter(speaker_id__in=other_ids).values_list("pk", flat=True)
        )
        touched_talks = talk_ids_of_claims(claim_ids) | set(
            TalkSpeaker.objects.filter(speaker_id__in=other_ids).values_list("talk_id", flat=True)
        )
        Claim.objects.filter(pk__in=claim_ids).update(speaker=keep)
        have = set(TalkSpeaker.objects.filter(speaker=keep).values_list("talk_id", "role"))
        for row in TalkSpeaker.objects.filter(speaker_id__in=other_ids).order_by("pk"):
            if (row.talk_id, row.role) in have:
                row.delete()
            else:
                have.add((row.talk_id, row.role))
                row.speaker = keep
                row.save(update_fields=["speaker"])
        SpeakerAlias.objects.filter(speaker_id__in=other_ids).update(speaker=keep)
        if not keep.bio:
            keep.bio = next((s.bio for s in others if s.bio), "")
            if keep.bio:
                keep.save(update_fields=["bio"])
        names = [speaker.name for speaker in others]
        Speaker.objects.filter(pk__in=other_ids).delete()
        for name in names:
            key = normalise_name(name)
            if (
                key
                and key != keep.name_key
                and not SpeakerAlias.objects.filter(normalised=key).exists()
            ):
                SpeakerAlias.objects.create(speaker=keep, alias=name)
        # The index holds each claim's speaker name and aliases: all of keep's claims change.
        index_claims(Claim.objects.filter(speaker=keep).values_list("pk", flat=True))
        refresh_counts(touched_talks)
    return keep
