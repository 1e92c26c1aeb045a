"""Keeping the counter rows (notes.models.counters) equal to a fresh count of public claims.

Every change to claims, their tags or visibility names the talks it touched and calls
``refresh_counts(talk_ids)`` in the same transaction: the talks' per-tag, per-speaker,
per-(speaker, tag) and per-(tag, tag) rows are recomputed from their claims (an index range per talk) and the totals
move by the difference, and the content generation is renewed (cached public pages are stale). There is no signal: the
services that change claims call this themselves. ``recount_all()`` (``manage.py recount``)
recomputes every row from scratch, for a database filled some other way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from notes.models import (
    Claim,
    ClaimStatus,
    SpeakerCount,
    SpeakerTagCount,
    TagCount,
    TaggedClaim,
    TagPairCount,
    Talk,
    TalkCount,
    TalkSpeaker,
    TalkSpeakerCount,
    TalkSpeakerTagCount,
    TalkTagCount,
    TalkTagPairCount,
)
from notes.services.generation import bump_generation
from notes.services.insert_rows import insert_rows

CHUNK = 500  # talks per round of queries (keeps IN lists well under SQLite's variable limit)
# Rows per UPDATE of bulk_update: its CASE has one branch per row, evaluated for every row, so one
# statement for a recount's tens of thousands of (speaker, tag) totals took minutes on PostgreSQL.
UPDATE_BATCH = 500


def talk_ids_of_claims(claim_ids: Iterable[int]) -> set[int]:
    """The talks the claims ``claim_ids`` belong to (call before deleting or moving them)."""
    ids = list(claim_ids)
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found |= set(Claim.objects.filter(pk__in=chunk).values_list("talk_id", flat=True))
    return found


def refresh_counts(talk_ids: Iterable[int], *, new_talk_ids: Iterable[int] = ()) -> None:
    """Recompute the counter rows of these talks (deleted ones included) and adjust the totals.

    ``new_talk_ids``: those of the talks created in the caller's transaction, which have no
    counter rows yet (none is read for them).
    """
    ids = sorted({int(pk) for pk in talk_ids if pk is not None})
    new = {int(pk) for pk in new_talk_ids}
    if not ids:
        return
    # Without a savepoint: inside a caller's transaction (an import's file) any error here undoes
    # the whole transaction anyway, and a savepoint costs two statements per call.
    with transaction.atomic(savepoint=False):
        # The cached public pages show the old claims and counts. Renewed first: on PostgreSQL the
        # row lock is then the first this transaction takes of the shared rows (before the totals'
        # select_for_update), in every transaction alike, so two refreshes cannot deadlock.
        bump_generation()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _refresh_chunk(chunk, fresh=new.issuperset(chunk))


def _refresh_chunk(talk_ids: list[int], fresh: bool = False) -> None:
    """Recount these talks; ``fresh``: none of them has counter rows yet."""
    talks = Talk.objects.filter(pk__in=talk_ids).values_list("pk", "public", "counter__claims")
    public, old_totals = set(), {}
    for pk, is_public, claims in talks:
        if is_public:
            public.add(pk)
        if claims is not None:
            old_totals[pk] = claims
    # Counters count points (notes.points): a claim is left out of a count when its translation
    # partner with a lower id is in the same counted set (the talk, the talk's claims on a tag, the
    # speaker's claims in the talk), exactly as points() does for the listed set.
    visible = Claim.objects.filter(talk_id__in=public).exclude(status=ClaimStatus.HIDDEN)
    rows = list(visible.order_by().values_list("pk", "talk_id", "speaker_id", "translation_id"))
    tags_of: dict[int, set[int]] = defaultdict(set)
    taggings = TaggedClaim.objects.filter(content_object__in=visible).order_by()
    for claim, tag in taggings.values_list("content_object_id", "tag_id"):
        tags_of[claim].add(tag)
    in_talk = TalkSpeaker.objects.filter(talk_id__in=public).values_list("talk_id", "speaker_id")
    _write_counts(talk_ids, public, old_totals, rows, tags_of, list(in_talk), fresh)


def count_new_talk(talk: Talk, claims: Iterable[Claim], tags: dict, speaker_ids: Iterable[int]):
    """``refresh_counts([talk.pk], new_talk_ids=[talk.pk])`` for a talk created in the caller's
    transaction, from the rows just written instead of reading them back: ``claims`` are every
    claim of the talk, ``tags`` {claim id: its tag ids} every tagging they have, ``speaker_ids``
    the talk's speakers (its TalkSpeaker rows). The counter rows are those a recount makes."""
    with transaction.atomic(savepoint=False):
        bump_generation()  # first, as in refresh_counts (the lock order of the shared rows)
        public = {talk.pk} if talk.public else set()
        rows = [
            (claim.pk, talk.pk, claim.speaker_id, claim.translation_id)
            for claim in claims
            if public and claim.status != ClaimStatus.HIDDEN
        ]
        tags_of = {pk: set(tags.get(pk, ())) for pk, _, _, _ in rows}
        in_talk = [(talk.pk, speaker) for speaker in speaker_ids] if public else []
        _write_counts([talk.pk], public, {}, rows, tags_of, in_talk, fresh=True)


def _write_counts(talk_ids, public, old_totals, rows, tags_of, in_talk, fresh: bool) -> None:
    """Count ``rows`` ((claim, talk, speaker, translation) of the talks' visible claims, carrying
    the tags ``tags_of``; ``in_talk`` the public talks' (talk, speaker) rows) and write the talks'
    counter rows and the totals' differences (``old_totals``: {talk: its stored claim count})."""
    speaker_of = {pk: speaker for pk, _, speaker, _ in rows}
    partners: dict[int, set[int]] = defaultdict(set)
    for pk, _, _, partner in rows:
        if partner is not None and partner in speaker_of and partner != pk:
            partners[pk].add(partner)
            partners[partner].add(pk)
    per_talk: dict[int, int] = defaultdict(int)
    speaker_new: dict[tuple[int, int], list] = {}
    tag_new: dict[tuple[int, int], int] = defaultdict(int)
    speaker_tag_new: dict[tuple[int, int, int], int] = defaultdict(int)
    pair_new: dict[tuple[int, int, int], int] = defaultdict(int)
    for pk, talk, speaker, _ in rows:
        lower = [p for p in partners.get(pk, ()) if p < pk]
        if not lower:
            per_talk[talk] += 1
        _count_pairs(pair_new, talk, pk, lower, tags_of)
        if speaker is not None and not any(speaker_of[p] == speaker for p in lower):
            speaker_new.setdefault((talk, speaker), [0, False])[0] += 1
        for tag in tags_of.get(pk, ()):
            if not any(tag in tags_of.get(p, ()) for p in lower):
                tag_new[(talk, tag)] += 1
            if speaker is not None and not any(
                speaker_of[p] == speaker and tag in tags_of.get(p, ()) for p in lower
            ):
                speaker_tag_new[(talk, speaker, tag)] += 1
    for talk, speaker in in_talk:
        speaker_new.setdefault((talk, speaker), [0, False])[1] = True

    tag_delta = _sync_claim_rows(TalkTagCount, ("tag_id",), talk_ids, tag_new, fresh)
    speaker_delta = _sync_speaker_rows(
        talk_ids, {k: tuple(v) for k, v in speaker_new.items()}, fresh
    )
    speaker_tag_delta = _sync_claim_rows(
        TalkSpeakerTagCount, ("speaker_id", "tag_id"), talk_ids, speaker_tag_new, fresh
    )
    pair_delta = _sync_claim_rows(
        TalkTagPairCount, ("tag_a_id", "tag_b_id"), talk_ids, pair_new, fresh
    )
    _move_totals(TagCount, "tag_id", tag_delta)
    _move_totals(SpeakerCount, "speaker_id", speaker_delta)
    _move_pair_totals(SpeakerTagCount, ("speaker_id", "tag_id"), speaker_tag_delta)
    _move_pair_totals(TagPairCount, ("tag_a_id", "tag_b_id"), pair_delta)
    _sync_talk_totals(public, old_totals, per_talk)


def _count_pairs(pair_new: dict, talk: int, pk: int, lower: list[int], tags_of: dict) -> None:
    """Count claim ``pk`` in ``pair_new`` ({(talk, tag_a, tag_b): claims}, tag_a < tag_b) for each
    pair of its tags, unless a partner of a lower id (``lower``) carries both (the point rule)."""
    tags = sorted(tags_of.get(pk, ()))
    for n, tag_a in enumerate(tags):
        for tag_b in tags[n + 1 :]:
            if not any(tag_a in tags_of.get(p, ()) and tag_b in tags_of.get(p, ()) for p in lower):
                pair_new[(talk, tag_a, tag_b)] += 1


def _sync_claim_rows(model, fields: tuple[str, ...], talk_ids, new: dict, fresh=False) -> dict:
    """Make the talks' ``model`` rows ``new`` ({(talk, *fields): claims}); returns the totals' deltas
    {key: [claims delta, talks delta]}, the key being the one field's value or the tuple of them.

    For the per-talk rows that hold only a claim count: TalkTagCount (tag), TalkSpeakerTagCount
    (speaker, tag) and TalkTagPairCount (tag_a, tag_b).
    """
    total_key = (lambda key: key[1]) if len(fields) == 1 else (lambda key: key[1:])
    delta: dict = defaultdict(lambda: [0, 0])
    old = {
        (row.talk_id, *(getattr(row, field) for field in fields)): row
        for row in ([] if fresh else model.objects.filter(talk_id__in=talk_ids))
    }
    gone = [row.pk for key, row in old.items() if key not in new]
    changed, created = [], []
    for key, row in old.items():
        n = new.get(key, 0)
        delta[total_key(key)][0] += n - row.claims
        if not n:
            delta[total_key(key)][1] -= 1
        elif n != row.claims:
            row.claims = n
            changed.append(row)
    for key, n in new.items():
        if key not in old:
            created.append(
                model(talk_id=key[0], claims=n, **dict(zip(fields, key[1:], strict=True)))
            )
            delta[total_key(key)][0] += n
            delta[total_key(key)][1] += 1
    _write(model, gone, changed, created, ["claims"])
    return {key: d for key, d in delta.items() if d != [0, 0]}


def _sync_speaker_rows(talk_ids, new: dict, fresh=False) -> dict[int, list[int]]:
    """Make the talks' TalkSpeakerCount rows ``new`` ({(talk, speaker): (claims, in_talk)})."""
    delta: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = [] if fresh else TalkSpeakerCount.objects.filter(talk_id__in=talk_ids)
    old = {(r.talk_id, r.speaker_id): r for r in rows}
    gone = [row.pk for key, row in old.items() if key not in new]
    changed, created = [], []
    for (talk, speaker), row in old.items():
        n, in_talk = new.get((talk, speaker), (0, False))
        delta[speaker][0] += n - row.claims
        delta[speaker][1] += int(in_talk) - int(row.in_talk)
        if (talk, speaker) in new and (n, in_talk) != (row.claims, row.in_talk):
            row.claims, row.in_talk = n, in_talk
            changed.append(row)
    for (talk, speaker), (n, in_talk) in new.items():
        if (talk, speaker) not in old:
            created.append(
                TalkSpeakerCount(talk_id=talk, speaker_id=speaker, claims=n, in_talk=in_talk)
            )
            delta[speaker][0] += n
            delta[speaker][1] += int(in_talk)
    _write(TalkSpeakerCount, gone, changed, created, ["claims", "in_talk"])
    return {speaker: d for speaker, d in delta.items() if d != [0, 0]}


def _write(model, gone: list[int], changed: list, created: list, fields: list[str]) -> None:
    if gone:
        model.objects.filter(pk__in=gone).delete()
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=UPDATE_BATCH)
    if created:
        insert_rows(created, returning=False)


def _add_to_totals(model, columns: tuple[str, ...], delta: dict) -> None:
    """Add ``delta`` ({key: [claims, talks]}, both ≥ 0; a key is one value or a tuple, one per
    column of ``columns``, the rows' unique key) to the total rows, creating missing ones: one
    upsert per UPDATE_BATCH rows, in key order (on PostgreSQL each row is locked as it is added
    to, always in the same order, so two transactions never add to a stale value nor deadlock)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in (*columns, "claims", "talks"))
    row_marks = "(" + ", ".join(["%s"] * (len(columns) + 2)) + ")"
    items = sorted(delta.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), UPDATE_BATCH):
            batch = items[start : start + UPDATE_BATCH]
            params = [
                value
                for key, (claims, talks) in batch
                for value in (*(key if isinstance(key, tuple) else (key,)), claims, talks)
            ]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([row_marks] * len(batch))} "
                f"ON CONFLICT ({', '.join(quote(column) for column in columns)}) DO UPDATE SET "
                f"claims = {table}.claims + excluded.claims, talks = {table}.talks + excluded.talks",
                params,
            )


def _move_totals(model, key: str, delta: dict[int, list[int]]) -> None:
    """Add ``delta`` ({key: [claims, talks]}) to the total rows, creating missing ones.

    Deltas that only add (an import's new talk) go in one upsert (_add_to_totals); the others
    lock their rows first (PostgreSQL), so two transactions never add to the same stale value,
    and clamp each total at 0.
    """
    adding = {pk: d for pk, d in delta.items() if d[0] >= 0 and d[1] >= 0}
    if adding:
        _add_to_totals(model, (model._meta.get_field(key).column,), adding)
    delta = {pk: d for pk, d in delta.items() if pk not in adding}
    if not delta:
        return
    rows = {
        getattr(row, key): row
        for row in model.objects.select_for_update().filter(**{f"{key}__in": list(delta)})
    }
    changed, created = [], []
    for pk, (claims, talks) in delta.items():
        row = rows.get(pk)
        if row is None:
            created.append(model(**{key: pk, "claims": max(claims, 0), "talks": max(talks, 0)}))
            continue
        row.claims, row.talks = max(row.claims + claims, 0), max(row.talks + talks, 0)
        changed.append(row)
    if changed:
        model.objects.bulk_update(changed, ["claims", "talks"], batch_size=UPDATE_BATCH)
    if created:
        # Deltas come from rows of existing tags and speakers: deleting one cascades to its rows.
        model.objects.bulk_create(created)


def _move_pair_totals(model, fields: tuple[str, str], delta: dict[tuple, list[int]]) -> None:
    """``_move_totals`` for totals keyed by two columns (``fields``): SpeakerTagCount by (speaker,
    tag), TagPairCount by (tag_a, tag_b). A row that reaches no claim goes (a speaker would
    otherwise keep a row for each tag they ever said something on). Deltas that add claims and
    take no talk away go in one upsert, as in _move_totals."""
    adding = {key: d for key, d in delta.items() if d[0] > 0 and d[1] >= 0}
    if adding:
        _add_to_totals(model, fields, adding)
    delta = {key: d for key, d in delta.items() if key not in adding}
    if not delta:
        return
    first, second = fields
    seconds = sorted({key[1] for key in delta})
    firsts = sorted({key[0] for key in delta})
    rows = {}
    for start in range(0, len(firsts), CHUNK):
        locked = model.objects.select_for_update().filter(
            **{f"{second}__in": seconds, f"{first}__in": firsts[start : start + CHUNK]}
        )
        rows.update({(getattr(row, first), getattr(row, second)): row for row in locked})
    changed, created, gone = [], [], []
    for key, (claims, talks) in delta.items():
        row = rows.get(key)
        if row is None:
            if claims > 0:
                values = dict(zip(fields, key, strict=True))
                created.append(model(**values, claims=claims, talks=max(talks, 0)))
            continue
        row.claims, row.talks = max(row.claims + claims, 0), max(row.talks + talks, 0)
        (changed if row.claims else gone).append(row)
    if gone:
        model.objects.filter(pk__in=[row.pk for row in gone]).delete()
    if changed:
        model.objects.bulk_update(changed, ["claims", "talks"], batch_size=UPDATE_BATCH)
    if created:
        model.objects.bulk_create(created, batch_size=UPDATE_BATCH)


def _sync_talk_totals(public: set[int], old: dict[int, int], per_talk: dict[int, int]) -> None:
    """TalkCount rows for the public talks among ``old`` (talk: stored count) and ``public``."""
    gone = [pk for pk in old if pk not in public]
    changed = [
        TalkCount(talk_id=pk, claims=per_talk.get(pk, 0))
        for pk, claims in old.items()
        if pk in public and claims != per_talk.get(pk, 0)
    ]
    created = [TalkCount(talk_id=pk, claims=per_talk.get(pk, 0)) for pk in public if pk not in old]
    if gone:
        TalkCount.objects.filter(talk_id__in=gone).delete()
    if changed:
        TalkCount.objects.bulk_update(changed, ["claims"])
    if created:
        insert_rows(created, returning=False)


def recount_all() -> int:
    """Recompute every counter row from the claims; returns how many talks were counted."""
    with transaction.atomic():
        for model in (
            TalkTagCount,
            TalkSpeakerCount,
            TalkSpeakerTagCount,
            TalkTagPairCount,
            TagCount,
            SpeakerCount,
            SpeakerTagCount,
            TagPairCount,
            TalkCount,
        ):
            model.objects.all().delete()
        ids = list(Talk.objects.order_by("pk").values_list("pk", flat=True))
        refresh_counts(ids)
    return len(ids)
