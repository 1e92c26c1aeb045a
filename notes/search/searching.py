"""search_claims: parse, resolve filters, match (count capped, top matches), rank, load, highlight.

A fixed number of queries whatever the number of hits: tag/theme resolution and speaker
resolution (each only when the query names some), the glossary and the bilingual tags in one
statement (when there are words: see crossing.py), one statement that counts and returns the top
matches in static order (backends/base.py; on PostgreSQL the planner statistics are read once per
process every few minutes, see backends/pg_route.py), the claims with their talk, speaker and
translations (only the columns a hit shows), and (when there are words) talks by title. Tags are
not prefetched: taggit's prefetch costs more than the search."""

from __future__ import annotations

import math
from collections.abc import Iterable

from django.db import connection

from notes.claim_loading import load_points, load_talks
from notes.models import Claim, ClaimStatus, Talk
from notes.normalise import normalise_title
from notes.points import visible_partner

from .backends import Match, Scope, get_backend
from .crossing import Crossing, find_crossings, version_reasons
from .filters import ResolvedFilters, resolve_filters
from .highlight import highlight
from .plain import plain_matches
from .plan import MatchPlan, build_plan
from .query_parser import SearchQuery, parse_query
from .ranking import RERANK, ranked_ids
from .results import Hit, SearchPage

COUNT_CAP = 1000  # totals above this show as "1,000+"; no more matches than this are read
MAX_PER_PAGE = 100
TALKS_SHOWN = 5


def _as_int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def search_claims(
    q: str | SearchQuery,
    *,
    public_only: bool = True,
    page: int = 1,
    per_page: int = 20,
    talk_id: int | None = None,
    speaker_id: int | None = None,
    tag_slugs: Iterable[str] = (),
) -> SearchPage:
    """Search claims with the search-box syntax (see query_parser).

    With words: key points and highlights first, then relevance (among the first
    ranking.RERANK matches), then recency. Without words (filters only, or nothing): the newest
    matching claims. ``public_only`` keeps claims of public talks that are not hidden.
    ``talk_id``, ``speaker_id`` and ``tag_slugs`` narrow further. A page number past the end
    gives the last page.
    """
    query = q if isinstance(q, SearchQuery) else parse_query(q)
    per_page = min(max(_as_int(per_page, 20), 1), MAX_PER_PAGE)
    resolved = resolve_filters(query, tag_slugs=tag_slugs, speaker_id=speaker_id)
    crossings = find_crossings(query)
    plan = build_plan(
        query,
        tag_groups=resolved.tag_groups,
        speaker_ids=resolved.speaker_ids,
        impossible=bool(resolved.unresolved),
        talk_id=talk_id,
        crossings=crossings,
    )
    scope = Scope(public_only=public_only, talk_id=talk_id)
    wanted_offset = (max(_as_int(page, 1), 1) - 1) * per_page
    keep = min(wanted_offset + per_page, COUNT_CAP + 1)
    if plan.has_text:
        keep = max(keep, RERANK)
    counted, matches = _matches(query, resolved, plan, scope, keep)
    total = min(counted, COUNT_CAP)
    num_pages = max(1, math.ceil(total / per_page))
    page = min(max(_as_int(page, 1), 1), num_pages)
    offset = (page - 1) * per_page
    if plan.has_text:
        ids = ranked_ids(matches, plan)[offset : offset + per_page]
    else:
        ids = [match.claim_id for match in matches[offset : offset + per_page]]
    claims = _load_claims(ids, scope)
    hits = [_hit(claims[i], plan, crossings) for i in ids if i in claims]
    return SearchPage(
        hits=hits,
        total=total,
        total_is_capped=counted > COUNT_CAP,
        page=page,
        per_page=per_page,
        num_pages=num_pages,
        query=query,
        talks=matching_talks(query, public_only=public_only),
        unresolved=resolved.unresolved,
    )


def _matches(
    query: SearchQuery, resolved: ResolvedFilters, plan: MatchPlan, scope: Scope, keep: int
) -> tuple[int, list[Match]]:
    """The capped count and the first ``keep`` matches (one query, none when impossible)."""
    if plan.impossible:
        return 0, []
    backend = get_backend()
    if not (plan.has_text or plan.exclude) and (backend.plain_filters or _everything(plan, scope)):
        return plain_matches(query, resolved, scope, cap=COUNT_CAP + 1, keep=keep)
    return backend.matches(plan, scope, cap=COUNT_CAP + 1, keep=keep, ranked=plan.has_text)


def _everything(plan: MatchPlan, scope: Scope) -> bool:
    """The empty search (no words, no filters) of public claims: its total is the sum of the
    talks' counter rows and its page the newest claims along the primary key (plain.py), on
    SQLite too, where the index's ``all`` token was read up to the count cap (1,001 rows joined
    to their claims and talks) for a total the counters already hold."""
    return (
        scope.public_only
        and scope.talk_id is None
        and not (plan.include or plan.groups or plan.meta_all or plan.meta_any)
    )


def _hit(claim: Claim, plan: MatchPlan, crossings: list[Crossing]) -> Hit:
    """A hit for one point: each version highlighted, and why a version lacking the words matched."""
    phrases = plan.text_phrases
    versions = [claim]
    partner = visible_partner(claim)
    if partner is not None:
        versions.append(partner)
    highlights = {version.pk: highlight(version.text, phrases) for version in versions}
    reasons = {}
    for version in versions:
        others = [v.text for v in versions if v is not version]
        why = version_reasons(crossings, plan, version.text, others[0] if others else None)
        if why:
            reasons[version.pk] = "; ".join(why)
    return Hit(claim, highlights[claim.pk], highlights, reasons)


def _load_claims(ids: list[int], scope: Scope) -> dict[int, Claim]:
    """The page's claims with their relations (notes.claim_loading), re-checked against the scope:
    the index may be a step behind (a talk made private since its claims were indexed)."""
    return {pk: claim for pk, claim in load_points(ids).items() if _in_scope(claim, scope)}


def _in_scope(claim: Claim, scope: Scope) -> bool:
    if scope.public_only and not (claim.talk.public and claim.status != ClaimStatus.HIDDEN):
        return False
    return scope.talk_id is None or claim.talk_id == scope.talk_id


def matching_talks(query: SearchQuery, *, public_only: bool = True) -> list[Talk]:
    """A few talks whose title contains every word of the query (newest first).

    The words are looked for over the title keys alone, in a subquery. SQLite answers it from the
    title_key index (it holds the id too) with instr(): a LIKE over every talk row, newest first,
    cost 10 ms at 10,000 talks; this reads the small index in about 1.5 ms. PostgreSQL answers a
    ``LIKE '%word%'`` from the trigram index of the keys (migration 0020) for words of three
    characters or more (shorter ones give no trigram: the planner then reads the keys). The keys
    are normalised (lower case) like the titles'. Written as SQL: building the ORM query cost
    more than running it.
    """
    keys = [key for key in (normalise_title(term.text) for term in query.terms) if key]
    if not keys:
        return []
    lacking = [key for key in (normalise_title(term.text) for term in query.excluded) if key]
    if connection.vendor == "sqlite":
        conditions = ["instr(u.title_key, %s) > 0"] * len(keys)
        conditions += ["instr(u.title_key, %s) = 0"] * len(lacking)
        params = [*keys, *lacking]
    else:
        conditions = ["u.title_key LIKE %s"] * len(keys)
        conditions += ["u.title_key NOT LIKE %s"] * len(lacking)
        params = [_contains(key) for key in (*keys, *lacking)]
    table = Talk._meta.db_table
    sql = (
        f"SELECT t.* FROM {table} t WHERE t.id IN "
        f"(SELECT u.id FROM {table} u WHERE {' AND '.join(conditions)})"
        f"{' AND t.public' if public_only else ''} "
        f"ORDER BY t.published DESC, t.created DESC LIMIT {TALKS_SHOWN}"
    )  # the order of Talk.objects.order_by("-published", "-created") on each vendor
    return load_talks(sql, params)


def _contains(key: str) -> str:
    """A LIKE pattern for ``key`` anywhere (PostgreSQL's default escape character is \\)."""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
