"""Paged claim lists that never count or sort every claim (issue 11); their facets: notes.facets.

``claim_listing()`` gives the public claims a set of filters selects, in ``queries.CLAIM_ORDER``, as an
object Paginator can slice: a slice walks the talks in listing order, each with its number of claims in
the list (from counter rows, or counted per chunk of talks), and reads only the talks that hold the
slice. A narrowed set's count is capped at ``COUNT_CAP`` (``capped_sample``, whose first
``FACET_SAMPLE`` claim ids are the sample its facets are counted over, notes.facets).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from notes import compiled
from notes.claim_rows import attach_tags, row_queryset
from notes.models import (
    Claim,
    ClaimStatus,
    Speaker,
    SpeakerTagCount,
    Tag,
    TaggedClaim,
    TalkCount,
    TalkSpeakerCount,
    TalkSpeakerTagCount,
)
from notes.points import points
from notes.queries import CLAIM_ORDER, ClaimFilters, for_display, public_claims, tag_claim_count
from notes.talk_walk import PairTalks, tag_talks, walk_filtered, walk_rows, walk_tag_filtered

# The order of CLAIM_ORDER's talks, seen from a row that points at its talk (the counter rows).
TALK_ORDER_VIA = (
    F("talk__published").desc(nulls_last=True),
    "-talk__created",
    "talk_id",
)
# Above this many claims, counts of a narrowed set and its facets are shown as "1,000+" / "k+".
COUNT_CAP = 1000
FACET_SAMPLE = COUNT_CAP


class ClaimListing:
    """Public claims in listing order (``CLAIM_ORDER``), sliceable like a queryset for Paginator.

    A slice walks the talks in listing order, each with its number of claims in the list, until the
    slice is covered, then reads the claims of just those talks (an index range per talk), or, when
    the walk yields (talk, claims, their ids) as a narrowed walk does, those claims by id. The count
    is exact when it comes from counter rows; for a narrowed set it is capped (``count_is_capped``).
    """

    def __init__(
        self,
        claims: QuerySet[Claim],
        talk_counts: Callable[..., Iterator[tuple]],
        total: int,
        capped: bool = False,
        sample: list[int] | None = None,
        *,
        sized: bool = False,
        rows: bool = False,
    ):
        self.claims = claims
        self.talk_counts = talk_counts
        self.total = total
        self.count_is_capped = capped
        self.sample = sample  # a narrowed set's first claim ids (capped_sample), for its facets
        self.sized = sized  # talk_counts takes the number of claims the slice reaches
        self.rows = rows  # claims is claim_rows.row_queryset(...): tags are attached per slice

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("ClaimListing supports slices only.")
        start, stop = key.start or 0, key.stop if key.stop is not None else self.total
        chosen, skip, seen, ids = [], 0, 0, []
        walk = self.talk_counts(stop) if self.sized else self.talk_counts()
        for talk_id, n, *found in walk:
            if seen + n <= start:
                seen += n
                continue
            if not chosen:
                skip = start - seen
            chosen.append(talk_id)
            ids += found[0] if found else []
            seen += n
            if seen >= stop:
                break
        if not chosen:
            return []
        if ids:  # a narrowed walk found the claims themselves: read them by primary key
            page = self.claims.model.objects.filter(pk__in=ids)
            page = row_queryset(page) if self.rows else for_display(page)
        else:
            page = self.claims.filter(talk_id__in=chosen)
        claims = list(page.order_by(*CLAIM_ORDER)[skip : skip + stop - start])
        return attach_tags(claims) if self.rows else claims


def claim_listing(filters: ClaimFilters, *, rows: bool = False) -> ClaimListing:
    """The public claims ``filters`` select, for display, in listing order, with their count.

    One tag alone, two tags alone, one speaker alone, one tag and one speaker, or no filter:
    per-talk counter rows give exact counts. Anything
    narrower walks the talks of the narrowest tag (or the speaker) and counts per chunk of talks;
    its total is a count capped at ``COUNT_CAP``. ``rows``: the claims are read with just what a
    claim row shows (``claim_rows.fetch_rows``), for the pages; else for display (the API).
    """
    chosen = points(filters.apply(public_claims()))
    claims = row_queryset(chosen) if rows else for_display(chosen)
    only_tag = len(filters.tags) == 1 and not (filters.speaker or filters.language or filters.kind)
    if only_tag:
        tag = filters.tags[0]
        talks = tag_talks(tag)
        return ClaimListing(claims, talks.counts, talks.claims, sized=True, rows=rows)
    only_speaker = filters.speaker and not (filters.tags or filters.language or filters.kind)
    if only_speaker:
        counter = TalkSpeakerCount.objects.filter(speaker=filters.speaker, claims__gt=0)
        walk = walk_rows(counter.order_by(*TALK_ORDER_VIA).values_list("talk_id", "claims"))
        total = counter.aggregate(n=Coalesce(Sum("claims"), 0))["n"]
        return ClaimListing(claims, walk, total, rows=rows)
    tag_and_speaker = (
        len(filters.tags) == 1 and filters.speaker and not (filters.language or filters.kind)
    )
    if tag_and_speaker:  # a theme page narrowed to one speaker: exact, from counter rows
        tag, speaker = filters.tags[0], filters.speaker
        counter = TalkSpeakerTagCount.objects.filter(tag=tag, speaker=speaker)
        walk = walk_rows(counter.order_by(*TALK_ORDER_VIA).values_list("talk_id", "claims"))
        total = SpeakerTagCount.objects.filter(tag=tag, speaker=speaker).values_list(
            "claims", flat=True
        )
        return ClaimListing(claims, walk, total.first() or 0, rows=rows)
    two_tags = len(filters.tags) == 2 and not (filters.speaker or filters.language or filters.kind)
    if two_tags:  # narrowed to two tags (a theme page's "also on these claims"): exact, from pairs
        talks = PairTalks((filters.tags[0].pk, filters.tags[1].pk))
        return ClaimListing(claims, talks.counts, talks.claims, sized=True, rows=rows)
    if not (filters.tags or filters.speaker or filters.language or filters.kind):
        counter = TalkCount.objects.filter(claims__gt=0)
        walk = walk_rows(counter.order_by(*TALK_ORDER_VIA).values_list("talk_id", "claims"))
        total = counter.aggregate(n=Coalesce(Sum("claims"), 0))["n"]
        return ClaimListing(claims, walk, total, rows=rows)
    sample = capped_sample(filters)
    total, capped = min(len(sample), COUNT_CAP), len(sample) > COUNT_CAP
    tag = filters.driver_tag()
    if tag is not None:
        walk = walk_tag_filtered(chosen, tag_talks(tag))
        return ClaimListing(claims, walk, total, capped, sample, rows=rows)
    if filters.speaker is not None:
        talks = TalkSpeakerCount.objects.filter(speaker=filters.speaker, claims__gt=0)
    else:
        talks = TalkCount.objects.filter(claims__gt=0)
    talk_ids = talks.order_by(*TALK_ORDER_VIA).values_list("talk_id", flat=True)
    return ClaimListing(claims, walk_filtered(chosen, talk_ids), total, capped, sample, rows=rows)


def capped_sample(filters: ClaimFilters) -> list[int]:
    """Ids of the first ``COUNT_CAP + 1`` (at least ``FACET_SAMPLE``) claims ``filters`` select
    (``sample_claim_ids``): how many tells the set's count capped at ``COUNT_CAP``, and the first
    ``FACET_SAMPLE`` are the facet sample, so one index range read serves both."""
    limit = max(COUNT_CAP + 1, FACET_SAMPLE)
    # The narrowest tag first: the one sample_claim_ids starts from (min() keeps the first).
    tags = sorted(filters.tags, key=tag_claim_count)
    speaker = filters.speaker

    def build(*ids: int) -> QuerySet:
        stand_ins = [Tag(pk=pk) for pk in ids[: len(tags)]]
        for rank, tag in enumerate(stand_ins):
            tag._counter_claims = rank
        shape = ClaimFilters(
            tags=stand_ins,
            speaker=Speaker(pk=ids[-1]) if speaker is not None else None,
            language=filters.language,
            kind=filters.kind,
        )
        return sample_claim_ids(shape, limit=limit)

    key = ("capped sample", len(tags), filters.language, filters.kind, limit)
    ids = [tag.pk for tag in tags] + ([speaker.pk] if speaker is not None else [])
    return [row[0] for row in compiled.run(key, build, *ids)]


def sample_claim_ids(
    filters: ClaimFilters, limit: int | None = None, *, ordered: bool = True
) -> QuerySet:
    """Ids of at most ``limit`` (``FACET_SAMPLE``) public claims ``filters`` select, from an index range.

    With tags, the range is the narrowest tag's rows of the (tag, claim) index; with a speaker alone,
    the (speaker, status) index of claims.
    """
    limit = FACET_SAMPLE if limit is None else limit
    tag = filters.driver_tag()
    if tag is None:
        claims = points(filters.apply(public_claims())).order_by()
        return claims.values("pk")[:limit]
    rest = ClaimFilters(
        tags=[t for t in filters.tags if t.pk != tag.pk],
        speaker=filters.speaker,
        language=filters.language,
        kind=filters.kind,
    )
    rows = TaggedClaim.objects.filter(tag=tag, content_object__talk__public=True).exclude(
        content_object__status=ClaimStatus.HIDDEN
    )
    for other in rest.tags:
        rows = rows.filter(
            Exists(TaggedClaim.objects.filter(content_object=OuterRef("content_object"), tag=other))
        )
    if rest.speaker is not None:
        rows = rows.filter(content_object__speaker=rest.speaker)
    if rest.language:
        rows = rows.filter(content_object__language=rest.language)
    if rest.kind:
        rows = rows.filter(content_object__kind=rest.kind)
    # One row per point: leave out a claim whose translation partner with a lower id is in the set
    # too (the rule of notes.points), probed by the partner's own indexes. On PostgreSQL one EXISTS
    # per link direction, as points() does: with the OR its planner ran the probe as an anti join
    # of the materialised set with itself, comparing every candidate with every other (575,000
    # comparisons, ~90 ms of a narrowed tags page at 100k claims).
    lower = filters.apply(public_claims()).filter(pk__lt=OuterRef("content_object_id"))
    if connection.vendor == "postgresql":
        rows = rows.exclude(Exists(lower.filter(translation_id=OuterRef("content_object_id"))))
        rows = rows.exclude(Exists(lower.filter(pk=OuterRef("content_object__translation_id"))))
    else:  # SQLite probes the OR through both indexes at once
        partner = Q(translation_id=OuterRef("content_object_id")) | Q(
            pk=OuterRef("content_object__translation_id")
        )
        rows = rows.exclude(Exists(lower.filter(partner)))
    rows = rows.order_by("content_object_id") if ordered else rows.order_by()
    return rows.values("content_object_id")[:limit]
