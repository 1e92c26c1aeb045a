"""Facets: the tags on a set of claims with how many carry each (issue 11).

The facets of one tag's claims (a theme page's "also on these claims", a tags page narrowed to one
tag) are exact, from the pair counters (TagPairCount). Those of a narrowed set are counted over a
sample of at most ``lists.FACET_SAMPLE`` of its claims (``lists.capped_sample``, the same index
range read that caps its count): above that they are lower bounds, shown "k+". Without a set, they
are the tags' own counter rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, QuerySet, Subquery

from notes import compiled, lists  # lists.FACET_SAMPLE read when used (tests change it)
from notes.models import Tag, TagPairCount, Talk
from notes.queries import ClaimFilters


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
        sample = lists.capped_sample(filters)
    if sample is None:
        chosen = Subquery(lists.sample_claim_ids(filters))
    else:
        chosen = sample[: lists.FACET_SAMPLE]
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
