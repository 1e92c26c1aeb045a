"""The API's claim lists: the pages' listings (notes.lists), which read a page's ids, then those
claims by primary key for display.

The unfiltered list walks the public talks along their listing-order index (``talk_listing_order``,
migration 0017) with each talk's counter row, instead of sorting every counter row by its talk's
date per request; the first chunk of that walk carries the total.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import F, Func, Subquery
from django.db.models.functions import Coalesce

from notes import lists, queries, talk_walk
from notes.models import TalkCount


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

    return lists.ClaimListing(queries.ClaimFilters(), walk, first[0][2] if first else 0)


def claim_list(filters: queries.ClaimFilters) -> lists.ClaimListing:
    """The public claims ``filters`` select, in listing order, as the API pages them."""
    if not (filters.tags or filters.speaker or filters.language or filters.kind):
        return _all_public_claims()
    return lists.claim_listing(filters)
