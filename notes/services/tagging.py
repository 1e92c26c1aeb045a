"""Keyword themes: which themes a claim's text suggests, and keeping a claim's keyword tags in step.

A theme's keywords match like this: a keyword with Chinese (CJK) characters matches anywhere; a Latin
keyword matches case-insensitively at the start of a word ("generaliz" finds "Generalization"), so "RL"
never matches inside "world". An all-capitals acronym ("RL", "ASI") must also not run on into lower-case
letters, so "ASI" does not match "Asia" while "RL" still matches "RLHF" and "RL环境".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from django.db import transaction
from django.db.models import QuerySet

from notes.models import Claim, Tag, TaggedClaim
from notes.services.counters import refresh_counts, talk_ids_of_claims

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]+$")


def _keyword_regex(keyword: str) -> str:
    """The regex source for one keyword; flags are scoped inline so sources can be OR-ed together."""
    keyword = unicodedata.normalize("NFKC", keyword).strip()
    if not keyword:
        return ""
    escaped = re.escape(keyword)
    if _CJK.search(keyword):
        return f"(?i:{escaped})"
    # A word start: not preceded by a Latin letter or digit (CJK or punctuation before it is fine).
    if _ACRONYM.match(keyword):
        # Case-insensitive keyword, case-sensitive look-ahead: "RLHF" and "rl" match, "Asia" does not.
        return rf"(?<![A-Za-z0-9])(?i:{escaped})(?![a-z])"
    return rf"(?<![A-Za-z0-9])(?i:{escaped})"


@lru_cache(maxsize=4096)
def _keyword_pattern(keyword: str) -> re.Pattern | None:
    source = _keyword_regex(keyword)
    return re.compile(source) if source else None


def keyword_matches(keyword: str, text: str) -> bool:
    """Whether one theme keyword occurs in ``text`` under the matching rules above."""
    pattern = _keyword_pattern(keyword)
    return bool(pattern and pattern.search(text))


def match_themes(text: str, themes: Iterable[Tag]) -> list[tuple[Tag, str]]:
    """The themes whose keywords occur in ``text``, each with its reason, e.g. ``keyword "泛化"``.

    The reason names the first of the theme's keywords (in the theme's order) that matched.
    """
    normalised = unicodedata.normalize("NFKC", text or "")
    lowered = normalised.lower()
    found = []
    for theme in themes:
        for keyword in theme.keywords or []:
            if not isinstance(keyword, str):
                continue
            # A plain substring test first (fast, in C); the word-start rules only for candidates.
            if _folded(keyword) in lowered and keyword_matches(keyword, normalised):
                found.append((theme, f'keyword "{keyword.strip()}"'))
                break
    return found


@lru_cache(maxsize=4096)
def _folded(keyword: str) -> str:
    return unicodedata.normalize("NFKC", keyword).strip().lower() or "\0"


def apply_themes(
    claims: QuerySet[Claim] | Iterable[Claim], *, reindex: bool = True, recount: bool = True
) -> int:
    """Recompute the keyword themes of ``claims``; returns how many claims' themes changed.

    Keyword rows (``by_curator=False``) are added, re-explained or removed to follow the text. Rows a
    curator set (``by_curator=True``) are never touched, and a claim whose tags a curator edited
    ("tags" in its ``curated_fields``) only gains keyword themes, never loses any.
    ``reindex=False`` lets a caller that re-indexes the claims itself (the importer) skip the search update;
    ``recount=False`` likewise for the counter rows (notes.services.counters).
    """
    claims = list(
        claims.only("id", "text", "curated_fields") if isinstance(claims, QuerySet) else claims
    )
    if not claims:
        return 0
    themes = list(Tag.objects.filter(is_theme=True).order_by("position", "name"))
    existing: dict[int, dict[int, TaggedClaim]] = {claim.pk: {} for claim in claims}
    rows = TaggedClaim.objects.filter(content_object_id__in=existing, tag__is_theme=True)
    for row in rows:
        existing[row.content_object_id][row.tag_id] = row

    to_create, to_update, to_delete, changed = [], [], [], set()
    for claim in claims:
        wanted = {tag.pk: reason for tag, reason in match_themes(claim.text, themes)}
        current = existing[claim.pk]
        keeps_tags = "tags" in (claim.curated_fields or [])
        for tag_id, row in current.items():
            if row.by_curator:
                continue
            if tag_id not in wanted:
                if not keeps_tags:
                    to_delete.append(row.pk)
                    changed.add(claim.pk)
            elif row.reason != wanted[tag_id]:
                row.reason = wanted[tag_id]
                to_update.append(row)
                changed.add(claim.pk)
        for tag_id, reason in wanted.items():
            if tag_id not in current:
                to_create.append(
                    TaggedClaim(content_object_id=claim.pk, tag_id=tag_id, reason=reason)
                )
                changed.add(claim.pk)

    with transaction.atomic():
        if to_delete:
            TaggedClaim.objects.filter(pk__in=to_delete).delete()
        if to_update:
            TaggedClaim.objects.bulk_update(to_update, ["reason"])
        if to_create:
            TaggedClaim.objects.bulk_create(to_create)
        if reindex and changed:
            from notes.search import index_claims

            index_claims(sorted(changed))
        if recount and changed:
            refresh_counts(talk_ids_of_claims(changed))
    return len(changed)
