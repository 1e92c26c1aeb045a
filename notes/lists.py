"""Paged claim lists that never count or sort every claim (issue 11); their facets: notes.facets.

``claim_listing()`` gives the public claims a set of filters selects, in ``queries.CLAIM_ORDER``, as an
object Paginator can slice: a slice walks the talks in listing order, each with its number of claims in
the list (from counter rows, or counted per chunk of talks), and reads only the talks that hold the
slice. A narrowed set's count is capped at ``COUNT_CAP`` (``capped_sample``, whose first
``FACET_SAMPLE`` claim ids are the sample its facets are counted over, notes.facets).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from notes import compiled
from notes.claim_loading import load_points
from notes.claim_rows import attach_tags
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
    slice is covered, then reads the ids of the listed claims of just those talks (an index range
    per talk; or, when the walk yields (talk, claims, their ids) as a narrowed walk does, takes
    those), and the slice's claims by id. The count is exact when it comes from counter rows; for
    a narrowed set it is capped (``count_is_capped``).

    Both reads are statements compiled once per shape of filters (notes.compiled) and the rows are
    built by hand (notes.claim_loading): building the ORM's queries for a page (nested EXISTS, the
    point rule, four joins) cost ten times what the database spent answering them.
    """

    def __init__(
        self,
        filters: ClaimFilters,
        talk_counts: Callable[..., Iterator[tuple]],
        total: int,
        capped: bool = False,
        sample: list[int] | None = None,
        *,
        sized: bool = False,
        rows: bool = False,
    ):
        self.filters = filters
        self.talk_counts = talk_counts
        self.total = total
        self.count_is_capped = capped
        self.sample = sample  # a narrowed set's first claim ids (capped_sample), for its facets
        self.sized = sized  # talk_counts takes the number of claims the slice reaches
        self.rows = rows  # read with just what a claim row shows (claim_rows), else for display

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("ClaimListing supports slices only.")
        return self.load(self.ids(key))

    def ids(self, key: slice) -> list[int]:
        """The ids of the claims of the slice ``key``, in listing order."""
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
        if not ids:  # counter rows said how many: read the ids of the chosen talks' claims
            ids = [pk for _, pk in listed_in_talks(self.filters, chosen)]
        return ids[skip : skip + stop - start]

    def load(self, ids: list[int]) -> list[Claim]:
        """The claims ``ids`` in that order: as a row shows them (``rows``), else for display."""
        if not ids:
            return []
        if self.rows:
            return attach_tags(list(load_points(ids).values()))
        by_id = {claim.pk: claim for claim in for_display(Claim.objects.filter(pk__in=ids))}
        return [by_id[pk] for pk in ids if pk in by_id]


def _shape(filters: ClaimFilters) -> tuple[tuple, list[int]]:
    """(what a compiled statement of ``filters`` depends on besides ids, those ids)."""
    key = (len(filters.tags), filters.speaker is not None, filters.language, filters.kind)
    ids = [tag.pk for tag in filters.tags]
    return key, ids + ([filters.speaker.pk] if filters.speaker is not None else [])


def _stand_in(filters: ClaimFilters, ids: tuple[int, ...]) -> ClaimFilters:
    """``filters`` with its tags and speaker replaced by stand-ins of ids ``ids`` (in _shape's order);
    the stand-in tags count as narrowest first in their order (``ClaimFilters.driver_tag``)."""
    tags = [Tag(pk=pk) for pk in ids[: len(filters.tags)]]
    for rank, tag in enumerate(tags):
        tag._counter_claims = rank
    speaker = Speaker(pk=ids[len(tags)]) if filters.speaker is not None else None
    return ClaimFilters(tags=tags, speaker=speaker, language=filters.language, kind=filters.kind)


def _padded(values: list[int]) -> list[int]:
    """``values`` padded to a power of two by repeating the last: statements compiled per number of
    values stay few (an IN list does not mind a repeated value)."""
    size = 1 << max(len(values) - 1, 0).bit_length()
    return values + values[-1:] * (size - len(values))


def listed_in_talks(filters: ClaimFilters, talk_ids: list[int]) -> list[tuple[int, int]]:
    """(talk id, claim id) of the points ``filters`` select in the talks ``talk_ids``, in listing
    order: one statement per shape of the filters and power-of-two number of talks, compiled once."""
    if not talk_ids:
        return []
    shape, ids = _shape(filters)
    talks = _padded(list(talk_ids))

    def build(*values: int) -> QuerySet:
        chosen = points(_stand_in(filters, values).apply(public_claims()))
        chosen = chosen.filter(talk_id__in=values[len(ids) :]).order_by(*CLAIM_ORDER)
        return chosen.values_list("talk_id", "pk")

    return compiled.run(("listed in talks", *shape, len(talks)), build, *ids, *talks)


def found_in(filters: ClaimFilters, chunk: list[int]) -> Iterator[tuple[int, int, list[int]]]:
    """(talk id, claims ``filters`` select there, their ids in listing order) for the talks of
    ``chunk`` that have any, in the chunk's order: the ids, not a count, so that the page reads
    its claims by primary key instead of evaluating the narrowing filters again."""
    found: dict[int, list[int]] = {}
    for talk_id, pk in listed_in_talks(filters, chunk):
        found.setdefault(talk_id, []).append(pk)
    return ((talk_id, len(found[talk_id]), found[talk_id]) for talk_id in chunk if talk_id in found)


def claim_listing(filters: ClaimFilters, *, rows: bool = False) -> ClaimListing:
    """The public claims ``filters`` select, for display, in listing order, with their count.

    One tag alone, two tags alone, one speaker alone, one tag and one speaker, or no filter:
    per-talk counter rows give exact counts. Anything
    narrower walks the talks of the narrowest tag (or the speaker) and counts per chunk of talks;
    its total is a count capped at ``COUNT_CAP``. ``rows``: the claims are read with just what a
    claim row shows (``claim_rows.attach_tags`` over notes.claim_loading), for the pages; else for
    display (the API).
    """
    only_tag = len(filters.tags) == 1 and not (filters.speaker or filters.language or filters.kind)
    if only_tag:
        tag = filters.tags[0]
        talks = tag_talks(tag)
        return ClaimListing(filters, talks.counts, talks.claims, sized=True, rows=rows)
    only_speaker = filters.speaker and not (filters.tags or filters.language or filters.kind)
    if only_speaker:
        counter = TalkSpeakerCount.objects.filter(speaker=filters.speaker, claims__gt=0)
        walk = walk_rows(counter.order_by(*TALK_ORDER_VIA).values_list("talk_id", "claims"))
        total = counter.aggregate(n=Coalesce(Sum("claims"), 0))["n"]
        return ClaimListing(filters, walk, total, rows=rows)
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
        return ClaimListing(filters, walk, total.first() or 0, rows=rows)
    two_tags = len(filters.tags) == 2 and not (filters.speaker or filters.language or filters.kind)
    if two_tags:  # narrowed to two tags (a theme page's "also on these claims"): exact, from pairs
        talks = PairTalks((filters.tags[0].pk, filters.tags[1].pk))
        return ClaimListing(filters, talks.counts, talks.claims, sized=True, rows=rows)
    if not (filters.tags or filters.speaker or filters.language or filters.kind):
        counter = TalkCount.objects.filter(claims__gt=0)
        walk = walk_rows(counter.order_by(*TALK_ORDER_VIA).values_list("talk_id", "claims"))
        total = counter.aggregate(n=Coalesce(Sum("claims"), 0))["n"]
        return ClaimListing(filters, walk, total, rows=rows)
    sample = capped_sample(filters)
    total, capped = min(len(sample), COUNT_CAP), len(sample) > COUNT_CAP
    found = partial(found_in, filters)
    tag = filters.driver_tag()
    if tag is not None:
        walk = walk_tag_filtered(found, tag_talks(tag))
        return ClaimListing(filters, walk, total, capped, sample, rows=rows)
    if filters.speaker is not None:
        talks = TalkSpeakerCount.objects.filter(speaker=filters.speaker, claims__gt=0)
    else:
        talks = TalkCount.objects.filter(claims__gt=0)
    talk_ids = talks.order_by(*TALK_ORDER_VIA).values_list("talk_id", flat=True)
    return ClaimListing(filters, walk_filtered(found, talk_ids), total, capped, sample, rows=rows)


def capped_sample(filters: ClaimFilters) -> list[int]:
    """Ids of the first ``COUNT_CAP + 1`` (at least ``FACET_SAMPLE``) claims ``filters`` select
    (``sample_claim_ids``): how many tells the set's count capped at ``COUNT_CAP``, and the first
    ``FACET_SAMPLE`` are the facet sample, so one index range read serves both."""
    limit = max(COUNT_CAP + 1, FACET_SAMPLE)
    # The narrowest tag first: the one sample_claim_ids starts from (the stand-ins keep the order).
    narrowest_first = ClaimFilters(
        tags=sorted(filters.tags, key=tag_claim_count),
        speaker=filters.speaker,
        language=filters.language,
        kind=filters.kind,
    )
    shape, ids = _shape(narrowest_first)

    def build(*values: int) -> QuerySet:
        return sample_claim_ids(_stand_in(narrowest_first, values), limit=limit)

    return [row[0] for row in compiled.run(("capped sample", *shape, limit), build, *ids)]


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
