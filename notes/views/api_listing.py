"""The API's claim lists: the pages' listings (notes.lists), read as ids first, then displayed.

On PostgreSQL, one query that both chose a page of claims (the listing order, the filters, the
one-row-per-point probe) and joined everything a claim shows (talk, speaker, section, both
translation links) took 10–20 ms to plan for a millisecond of work. Two plain queries, the
page's ids, then those claims by primary key, plan in a few milliseconds together.

The unfiltered list walks the public talks along their listing-order index (``talk_listing_order``,
migration 0017) with each talk's counter row, instead of sorting every counter row by its talk's
date per request; the first chunk of that walk carries the total.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import F, Func, Subquery
from django.db.models.functions import Coalesce

from notes import lists, queries, talk_walk
from notes.models import Claim, TalkCount
from notes.points import points


class IdsThenClaims(lists.ClaimListing):
    """A ClaimListing whose slices read the page's claim ids, then those claims for display."""

    def __init__(self, listing: lists.ClaimListing):
        ids = (
            listing.claims.select_related(None).prefetch_related(None).values_list("pk", flat=True)
        )
        super().__init__(
            ids,
            listing.talk_counts,
            listing.total,
            listing.count_is_capped,
            listing.sample,
            sized=listing.sized,
        )

    def __getitem__(self, key):
        ids = super().__getitem__(key)
        if not ids or not isinstance(ids[0], int):
            return ids  # empty, or a narrowed walk that already read its claims by primary key
        found = queries.for_display(Claim.objects.filter(pk__in=ids)).order_by()
        by_id = {claim.pk: claim for claim in found}
        return [by_id[pk] for pk in ids]


def _all_public_claims() -> lists.ClaimListing:
    """Every public point in listing order; the total is the sum of the talks' counter rows."""
    total = (
        TalkCount.objects.filter(claims__gt=0)
        .order_by()
        .annotate(sum=Func(F("claims"), function="SUM"))
        .values("sum")
    )
    rows = (
        queries.public_talks()
        .filter(counter__claims__gt=0)
        .order_by(*queries.TALK_LISTING_ORDER)
        .values_list("pk", "counter__claims")
    )
    first = list(
        rows.annotate(total=Coalesce(Subquery(total), 0)).values_list(
            "pk", "counter__claims", "total"
        )[: talk_walk.WALK_CHUNK]
    )

    def walk() -> Iterator[tuple[int, int]]:
        yield from ((talk_id, claims) for talk_id, claims, _ in first)
        if len(first) == talk_walk.WALK_CHUNK:
            yield from talk_walk.walk_rows(rows, start=len(first))()

    claims = queries.for_display(points(queries.public_claims()))
    return lists.ClaimListing(claims, walk, first[0][2] if first else 0)


def claim_list(filters: queries.ClaimFilters) -> lists.ClaimListing:
    """The public claims ``filters`` select, in listing order, as the API pages them."""
    if not (filters.tags or filters.speaker or filters.language or filters.kind):
        return IdsThenClaims(_all_public_claims())
    return IdsThenClaims(lists.claim_listing(filters))
