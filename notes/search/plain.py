"""Lists without words on PostgreSQL: the filters as plain conditions on notes_claim.

A GIN match is a bitmap of every matching row; the newest few of them need all of it read and
sorted. ``speaker:``, ``#tag``, ``lang:``, ``kind:`` and the empty query are conditions that
notes_claim's own indexes serve (speaker and status, language and kind, the tag links, the primary
key walked newest first), so they are asked of notes_claim directly, in one statement that counts
(capped) and returns the newest, like the index path (backends/base.py). Public lists show one row
per point, as the index does (notes.points).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef

from notes import queries
from notes.models import Claim, TaggedClaim
from notes.points import points

from .backends import Match, Scope
from .filters import ResolvedFilters
from .query_parser import SearchQuery


def plain_claims(query: SearchQuery, resolved: ResolvedFilters, scope: Scope):
    """The claims a query without words lists, as a queryset (newest first)."""
    claims = queries.public_claims() if scope.public_only else Claim.objects.all()
    if scope.talk_id is not None:
        claims = claims.filter(talk_id=scope.talk_id)
    if resolved.speaker_ids is not None:
        claims = claims.filter(speaker_id__in=resolved.speaker_ids)
    if query.languages:
        claims = claims.filter(language__in=query.languages)
    if query.kinds:
        claims = claims.filter(kind__in=query.kinds)
    for group in resolved.tag_groups:
        links = TaggedClaim.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=group)
        claims = claims.filter(Exists(links))
    if scope.public_only:
        claims = points(claims)
    return claims.order_by("-id")


def plain_matches(
    query: SearchQuery, resolved: ResolvedFilters, scope: Scope, *, cap: int, keep: int
) -> tuple[int, list[Match]]:
    """(How many claims match, counting no further than ``cap``; the newest ``keep``)."""
    newest, params = plain_claims(query, resolved, scope).values("id")[:cap].query.sql_with_params()
    sql = (
        f"WITH hits AS MATERIALIZED ({newest}) "
        "SELECT (SELECT COUNT(*) FROM hits), hits.id FROM hits ORDER BY hits.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, keep])
        rows = cursor.fetchall()
    if not rows:
        return 0, []
    return rows[0][0], [Match(claim_id) for _total, claim_id in rows]
