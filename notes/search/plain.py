"""Lists without words on PostgreSQL: the filters as plain conditions on notes_claim.

A GIN match is a bitmap of every matching row; the newest few of them need all of it read and
sorted. ``speaker:``, ``#tag``, ``lang:``, ``kind:`` and the empty query are conditions that
notes_claim's own indexes serve (speaker and status, language and kind, the tag links, the primary
key walked newest first), so they are asked of notes_claim directly, in one statement that counts
(capped) and returns the newest, like the index path (backends/base.py). Public lists show one row
per point, as the index does (notes.points).

The count: a capped count reads up to ``cap`` rows (the newest 1,001 of a speaker are spread over
a hundred thousand claims), so the public lists of one tag, one speaker or nothing at all take it
from their counter row (TagCount, SpeakerCount, the TalkCount rows), which counts points exactly as
points() does. Where the counter row is missing (never counted) the capped count is used instead:
COALESCE evaluates it only then, in the same statement. The rows are the newest ``keep`` only.
"""

from __future__ import annotations

from functools import lru_cache

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, Exists, F, Func, OuterRef, Value

from notes import queries
from notes.compiled import fetch_all
from notes.models import Claim, SpeakerCount, TagCount, TaggedClaim, TalkCount
from notes.points import points

from .backends import Match, Scope
from .filters import ResolvedFilters
from .query_parser import SearchQuery


def plain_claims(query: SearchQuery, resolved: ResolvedFilters, scope: Scope):
    """The claims a query without words lists, as a queryset (newest first)."""
    claims = queries.public_claims() if scope.public_only else Claim.objects.all()
    if scope.talk_id is not None:
        claims = claims.filter(talk_id=scope.talk_id)
    one_speaker = (
        resolved.speaker_ids is not None
        and len(resolved.speaker_ids) == 1
        and connection.vendor == "postgresql"
    )
    if one_speaker:
        ids = Value(resolved.speaker_ids, output_field=ArrayField(BigIntegerField()))
        claims = claims.filter(_EqualsAny(F("speaker_id"), ids))
    elif resolved.speaker_ids is not None:
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
    # One speaker (PostgreSQL, where these lists are served; the plain list also runs on SQLite in
    # tests): their newest claims along the (speaker, id) index (the speaker is constant, so the
    # order is the same as newest first).
    return claims.order_by(*(["-speaker_id"] if one_speaker else []), "-id")


class _EqualsAny(Func):
    """``column = ANY(array)``. PostgreSQL folds ``column IN (x)`` into ``column = x`` and then
    drops the column from the ORDER BY, after which it may walk the whole primary key backwards to
    find a speaker's newest claims; ``= ANY`` keeps the column in the order, which only the
    (speaker, id) index gives."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


def counter_sql(query: SearchQuery, resolved: ResolvedFilters, scope: Scope):
    """(SQL, params) reading the counter that counts this list, or None when none does: only
    public lists of one tag, one speaker or nothing, with no other filter, have one."""
    if not scope.public_only or scope.talk_id is not None or query.languages or query.kinds:
        return None
    groups, speakers = resolved.tag_groups, resolved.speaker_ids
    if not groups and speakers is None:
        # NULL (hence the capped count) when no talk was ever counted.
        return f"SELECT SUM(claims) FROM {TalkCount._meta.db_table}", []
    if len(groups) == 1 and len(groups[0]) == 1 and speakers is None:
        counter = TagCount.objects.filter(tag_id=groups[0][0])
    elif not groups and speakers is not None and len(speakers) == 1:
        counter = SpeakerCount.objects.filter(speaker_id=speakers[0])
    else:
        return None
    return counter.values("claims").query.sql_with_params()


def plain_matches(
    query: SearchQuery, resolved: ResolvedFilters, scope: Scope, *, cap: int, keep: int
) -> tuple[int, list[Match]]:
    """(How many claims match, counting no further than ``cap`` unless a counter row knows; the
    newest ``keep``)."""
    sql, params = _statement(
        connection.vendor,
        query.languages,
        query.kinds,
        tuple(tuple(group) for group in resolved.tag_groups),
        None if resolved.speaker_ids is None else tuple(resolved.speaker_ids),
        scope,
        cap,
        keep,
    )
    rows = fetch_all(sql, params)
    if not rows:
        return 0, []
    return rows[0][0], [Match(claim_id) for _total, claim_id in rows]


# Kept per list (the filters' values, the scope, cap and keep, the vendor): building the ORM
# query, with its point and counter subqueries, cost several times running it (10 ms against
# 1 on a loaded machine).
@lru_cache(maxsize=256)
def _statement(vendor, languages, kinds, tag_groups, speaker_ids, scope, cap, keep):
    query = SearchQuery(languages=languages, kinds=kinds)
    resolved = ResolvedFilters(
        tag_groups=[list(group) for group in tag_groups],
        speaker_ids=None if speaker_ids is None else list(speaker_ids),
    )
    claims = plain_claims(query, resolved, scope).values("id")
    capped, params = claims[:cap].query.sql_with_params()
    counter = counter_sql(query, resolved, scope)
    if counter is None:
        sql = (
            f"WITH hits AS MATERIALIZED ({capped}) "
            "SELECT (SELECT COUNT(*) FROM hits), hits.id FROM hits ORDER BY hits.id DESC LIMIT %s"
        )
        return sql, (*params, keep)
    newest, newest_params = claims[:keep].query.sql_with_params()
    sql = (
        f"SELECT COALESCE(({counter[0]}), (SELECT COUNT(*) FROM ({capped}) capped)), page.id "
        f"FROM ({newest}) page ORDER BY page.id DESC"
    )
    return sql, (*counter[1], *params, *newest_params)
