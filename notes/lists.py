"""Paged claim lists and tag facets that never count or sort every claim (issue 11).

``claim_listing()`` gives the public claims a set of filters selects, in ``queries.CLAIM_ORDER``, as an
object Paginator can slice: a slice walks the talks in listing order, each with its number of claims in
the list (from counter rows, or counted per chunk of talks), and reads only the talks that hold the
slice. Facets of a narrowed set are counted over a sample of at most ``FACET_SAMPLE`` of its claims,
read along the narrowest tag's index range; above that they are lower bounds, shown "k+". The facets
of one tag's claims are exact, from the pair counters (TagPairCount).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
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
    TagPairCount,
    Talk,
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


@dataclass
class Facet:
    """A tag with how many claims (of some set) carry it; ``capped``: counted over a sample only."""

    tag: Tag
    count: int
    capped: bool = False

    @property
    def label(self) -> str:
        """The count as shown: "1234", or "312+" when it was counted over a capped sample."""
        return f"{self.count:,}+" if self.capped else str(self.count)


# A narrowed set lists its most frequent tags only: past this many, a facet is a long tail nobody
# reads, and each costs a row to render.
FACETS_SHOWN = 40


def _facet_order(tags: QuerySet[Tag]) -> QuerySet[Tag]:
    return tags.order_by("-claim_count", "-is_theme", "position", "name")


def _facets(tags: QuerySet[Tag], capped: bool = False, limit: int | None = None) -> list[Facet]:
    tags = _facet_order(tags)
    # Cut in Python: with a LIMIT, PostgreSQL's planner re-ran the sample subquery per tag row.
    facets = [Facet(tag=tag, count=tag.claim_count, capped=capped) for tag in tags]
    return facets if limit is None else facets[:limit]


def tag_counts(*, exclude=()) -> list[Facet]:
    """Every tag with public claims and how many, most frequent first (the counter rows)."""
    tags = Tag.objects.filter(counter__claims__gt=0).annotate(claim_count=F("counter__claims"))
    if exclude:
        tags = tags.exclude(pk__in=[tag.pk for tag in exclude])
    return _facets(tags)


def talk_theme_facets(talk: Talk) -> list[Facet]:
    """The themes of a talk's public claims with how many carry each (the talk's counter rows)."""
    tags = Tag.objects.filter(is_theme=True, talk_counts__talk=talk).annotate(
        claim_count=F("talk_counts__claims")
    )
    return _facets(tags)


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
    # too (the rule of notes.points), probed by the partner's own indexes.
    partner_in_set = filters.apply(public_claims()).filter(
        Q(translation_id=OuterRef("content_object_id"))
        | Q(pk=OuterRef("content_object__translation_id")),
        pk__lt=OuterRef("content_object_id"),
    )
    rows = rows.exclude(Exists(partner_in_set))
    rows = rows.order_by("content_object_id") if ordered else rows.order_by()
    return rows.values("content_object_id")[:limit]


FACET_COLUMNS = ("id", "name", "name_zh", "slug", "is_theme", "position")


def sampled_facets(
    filters: ClaimFilters,
    *,
    capped: bool,
    themes_only: bool = False,
    exclude=(),
    sample: list[int] | None = None,
) -> list[Facet]:
    """Tags on the claims ``filters`` select, counted over a sample of at most ``FACET_SAMPLE``.

    ``capped`` says the set is larger than the sample (the caller knows from a counter or a capped
    count): each count is then a lower bound, shown "k+"; otherwise the counts are exact. At most
    ``FACETS_SHOWN`` tags, the most frequent. ``sample``: the set's claim ids already read
    (``ClaimListing.sample``), so the index range is not read again. One tag alone (its own facet
    left out): exact counts from the pair counters (:func:`pair_facets`), whatever ``capped`` says.
    """
    if (
        sample is None
        and filters == ClaimFilters(tags=filters.tags[:1])
        and exclude == filters.tags
    ):
        return pair_facets(filters.tags[0], themes_only=themes_only)
    if sample is None and filters == ClaimFilters(tags=filters.tags):
        # Tags alone (a list the pair counters walk): the sample through its compiled statement,
        # then the facets over its ids; as one statement SQLite ran the sample per tag row.
        sample = capped_sample(filters)
    chosen = Subquery(sample_claim_ids(filters)) if sample is None else sample[:FACET_SAMPLE]
    tags = _facet_tags(filters, themes_only=themes_only, exclude=exclude, chosen=chosen)
    return _facets(tags, capped=capped, limit=FACETS_SHOWN)


def _facet_tags(filters: ClaimFilters, *, themes_only: bool, exclude, chosen) -> QuerySet[Tag]:
    """The tags on the claims ``chosen`` with how many carry each (``claim_count``)."""
    # Only what a facet shows: SQLite groups by every selected column, and a tag's description,
    # keywords and patterns made the grouping cost more than the join.
    tags = Tag.objects.only(*FACET_COLUMNS).filter(claim_items__content_object_id__in=chosen)
    if themes_only:
        tags = tags.filter(is_theme=True)
    if exclude:
        tags = tags.exclude(pk__in=[tag.pk for tag in exclude])
    return tags.annotate(claim_count=Count("claim_items"))


# The other tag of each pair row of the tag, as two index ranges (the tag is the pair's first or
# its second): written as one OR, SQLite with statistics read a small table of pairs whole.
_PAIR_FACETS = (
    "SELECT {columns}, s.claims FROM ("
    "SELECT tag_b_id AS other, claims FROM {pairs} WHERE tag_a_id = %s AND claims > 0 "
    "UNION ALL SELECT tag_a_id, claims FROM {pairs} WHERE tag_b_id = %s AND claims > 0"
    ") s CROSS JOIN {tags} g WHERE g.id = s.other {themes} "
    "ORDER BY s.claims DESC, g.is_theme DESC, g.position, g.name"
)


def pair_facets(tag: Tag, *, themes_only: bool) -> list[Facet]:
    """The tags on ``tag``'s public claims (a theme page's "also on these claims") with how many
    carry each: the other tag of each of the tag's pair counter rows (TagPairCount), exact
    counts, most first, at most ``FACETS_SHOWN``.

    Written out: the pair's two columns are both foreign keys to the tag, and which one is the
    other tag depends on the row.
    """
    sql = _PAIR_FACETS.format(
        columns=", ".join(f"g.{column}" for column in FACET_COLUMNS),
        pairs=TagPairCount._meta.db_table,
        tags=Tag._meta.db_table,
        themes="AND g.is_theme" if themes_only else "",
    )
    facets = []
    for *values, count in compiled.fetch_all(sql, [tag.pk] * 2):
        shown = Tag(**dict(zip(FACET_COLUMNS, values, strict=True)))
        shown.is_theme = bool(shown.is_theme)
        facets.append(Facet(tag=shown, count=count))
    return facets[:FACETS_SHOWN]
