"""Keyword themes: which themes a claim's text suggests, and keeping a claim's keyword tags in step.

A theme's keywords match like this: a keyword with Chinese (CJK) characters matches anywhere; a Latin
keyword matches case-insensitively at the start of a word ("generaliz" finds "Generalization"), so "RL"
never matches inside "world". An all-capitals acronym ("RL", "ASI") must also not run on into lower-case
letters, so "ASI" does not match "Asia" while "RL" still matches "RLHF" and "RL环境".

A theme may also have regular expressions (``Tag.patterns``, see notes.services.theme_patterns), tried
after its keywords. The reason stored on the tagging names what matched: ``keyword "泛化"`` or
``pattern "scal(e|ing) laws?"``. Rows a curator set, and a claim whose tags a curator edited, are
"set by hand": rules add to them but never take them away. ``preview_theme_rules`` shows what one
theme's (edited, unsaved) rules would change over every claim; ``apply_theme_rules`` does it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import transaction
from django.db.models import QuerySet

from notes.models import Claim, Tag, TaggedClaim
from notes.services.counters import refresh_counts, talk_ids_of_claims
from notes.services.insert_rows import insert_rows
from notes.services.theme_patterns import PatternTimeout, pattern_search

RULE_REASON_PREFIXES = ('keyword "', 'pattern "')

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


def rule_reason(
    normalised: str, lowered: str, keywords: Iterable, patterns: Iterable
) -> str | None:
    """Why these keywords/patterns tag a text (``normalised`` is NFKC, ``lowered`` its lower case).

    The first keyword (in order) that occurs wins, then the first pattern; None when nothing matches.
    Raises PatternTimeout when no keyword matched and a pattern ran out of time: undecided.
    """
    for keyword in keywords or []:
        if not isinstance(keyword, str):
            continue
        # A plain substring test first (fast, in C); the word-start rules only for candidates.
        if _folded(keyword) in lowered and keyword_matches(keyword, normalised):
            return f'keyword "{keyword.strip()}"'
    timed_out = None
    for pattern in patterns or []:
        if not isinstance(pattern, str) or not pattern:
            continue
        try:
            if pattern_search(pattern, normalised):
                return f'pattern "{pattern}"'
        except PatternTimeout as exc:
            timed_out = exc
    if timed_out is not None:
        raise timed_out
    return None


def theme_reasons(text: str, themes: Iterable[Tag]) -> tuple[dict[int, tuple[Tag, str]], set[int]]:
    """({theme id: (theme, reason)} for the themes whose rules match, ids of undecided themes).

    A theme is undecided on this text when one of its patterns ran out of time and nothing else of
    it matched: callers leave that theme's tagging of the claim as it is.
    """
    normalised = unicodedata.normalize("NFKC", text or "")
    lowered = normalised.lower()
    found, undecided = {}, set()
    for theme in themes:
        try:
            reason = rule_reason(normalised, lowered, theme.keywords, theme.patterns)
        except PatternTimeout:
            undecided.add(theme.pk)
            continue
        if reason:
            found[theme.pk] = (theme, reason)
    return found, undecided


def match_themes(text: str, themes: Iterable[Tag]) -> list[tuple[Tag, str]]:
    """The themes whose keywords or patterns occur in ``text``, each with its reason, e.g.
    ``keyword "泛化"``. The reason names the first of the theme's keywords (in the theme's order)
    that matched, else its first matching pattern."""
    found, _undecided = theme_reasons(text, themes)
    return list(found.values())


def is_rule_row(row: TaggedClaim) -> bool:
    """Whether a tagging was made by a theme's rules (so rules may take it away again)."""
    return not row.by_curator and row.reason.startswith(RULE_REASON_PREFIXES)


@lru_cache(maxsize=4096)
def _folded(keyword: str) -> str:
    return unicodedata.normalize("NFKC", keyword).strip().lower() or "\0"


def apply_themes(
    claims: QuerySet[Claim] | Iterable[Claim],
    *,
    themes: list[Tag] | None = None,
    reindex: bool = True,
    recount: bool = True,
) -> int:
    """Recompute the keyword themes of ``claims``; returns how many claims' themes changed.

    Rule rows (keyword or pattern reasons) are added, re-explained or removed to follow the text. Rows
    a curator set (``by_curator=True``) or made otherwise (front matter, an export) are never touched, and a claim whose tags a curator edited
    ("tags" in its ``curated_fields``) only gains keyword themes, never loses any.
    ``reindex=False`` lets a caller that re-indexes the claims itself (the importer) skip the search update;
    ``recount=False`` likewise for the counter rows (notes.services.counters). ``themes``: every
    theme in rule order, when the caller already has them (an import run reads them once).
    """
    claims = list(
        claims.only("id", "text", "curated_fields") if isinstance(claims, QuerySet) else claims
    )
    if not claims:
        return 0
    if themes is None:
        themes = list(Tag.objects.filter(is_theme=True).order_by("position", "name"))
    existing: dict[int, dict[int, TaggedClaim]] = {claim.pk: {} for claim in claims}
    rows = TaggedClaim.objects.filter(content_object_id__in=existing, tag__is_theme=True)
    for row in rows:
        existing[row.content_object_id][row.tag_id] = row

    to_create, to_update, to_delete, changed = [], [], [], set()
    for claim in claims:
        found, undecided = theme_reasons(claim.text, themes)
        wanted = {tag_id: reason for tag_id, (_tag, reason) in found.items()}
        current = existing[claim.pk]
        keeps_tags = "tags" in (claim.curated_fields or [])
        for tag_id, row in current.items():
            if not is_rule_row(row) or tag_id in undecided:
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

    with transaction.atomic(savepoint=False):  # an error undoes the caller's transaction too
        if to_delete:
            TaggedClaim.objects.filter(pk__in=to_delete).delete()
        if to_update:
            TaggedClaim.objects.bulk_update(to_update, ["reason"])
        if to_create:
            insert_rows(to_create, returning=False)
        if reindex and changed:
            from notes.search import index_claims

            index_claims(sorted(changed))
        if recount and changed:
            refresh_counts(talk_ids_of_claims(changed))
    return len(changed)


def theme_new_claims(claims: Iterable[Claim], themes: list[Tag]) -> dict[int, list[int]]:
    """``apply_themes(claims, themes=themes, reindex=False, recount=False)`` for claims just
    created (an import's new summary: they carry no taggings): one matching pass, all taggings in
    one insert. Returns {claim id: its theme ids}, every tagging the claims now have,
    for the caller's search index and counter rows (nothing is read back)."""
    rows, tags = [], {}
    for claim in claims:
        found, _undecided = theme_reasons(claim.text, themes)  # undecided: no row, as above
        tags[claim.pk] = list(found)
        rows += [
            TaggedClaim(content_object_id=claim.pk, tag_id=tag_id, reason=reason)
            for tag_id, (_tag, reason) in found.items()
        ]
    insert_rows(rows, returning=False)
    return tags


PREVIEW_LIMIT = 50  # claims shown per list of a rules preview; the totals count them all


@dataclass
class RulePlan:
    """What one theme's rules do over every claim: claim ids with the reason, per outcome."""

    tag: dict[int, str] = field(default_factory=dict)  # newly tagged: the rule's reason
    untag: dict[int, str] = field(default_factory=dict)  # rule rows no rule supports: old reason
    kept: dict[int, str] = field(default_factory=dict)  # set by hand, no rule matches: kept
    reexplain: dict[int, str] = field(default_factory=dict)  # stays, with a new reason
    unchanged: int = 0  # claims on the theme before and after (kept and re-explained included)
    undecided: list[int] = field(default_factory=list)  # a pattern ran out of time: left alone


def plan_theme_rules(theme: Tag, keywords=None, patterns=None) -> RulePlan:
    """What ``theme``'s rules (or the given unsaved ``keywords``/``patterns``) would change.

    Every claim is read once (id, text, curated fields), in chunks; nothing is written.
    """
    keywords = theme.keywords if keywords is None else keywords
    patterns = theme.patterns if patterns is None else patterns
    rows = {
        row.content_object_id: row
        for row in TaggedClaim.objects.filter(tag=theme).only(
            "id", "content_object_id", "by_curator", "reason"
        )
    }
    plan = RulePlan()
    claims = Claim.objects.order_by("pk").values_list("pk", "text", "curated_fields")
    for pk, text, curated in claims.iterator(chunk_size=2000):
        normalised = unicodedata.normalize("NFKC", text or "")
        try:
            reason = rule_reason(normalised, normalised.lower(), keywords, patterns)
        except PatternTimeout:
            plan.undecided.append(pk)
            plan.unchanged += pk in rows
            continue
        row = rows.get(pk)
        if row is None:
            if reason:
                plan.tag[pk] = reason
            continue
        by_hand = not is_rule_row(row) or "tags" in (curated or [])
        if reason is None and not by_hand:
            plan.untag[pk] = row.reason
            continue
        plan.unchanged += 1
        if reason is None:
            plan.kept[pk] = row.reason or "set by hand"
        elif reason != row.reason and is_rule_row(row):
            plan.reexplain[pk] = reason
    return plan


@dataclass
class RulePreview:
    """The first claims of each list of a RulePlan, loaded for display, with the full totals."""

    tagged: list[tuple[Claim, str]]
    untagged: list[tuple[Claim, str]]
    kept: list[tuple[Claim, str]]
    tagged_total: int
    untagged_total: int
    kept_total: int
    unchanged: int
    undecided: int
    limit: int


def preview_theme_rules(theme: Tag, keywords=None, patterns=None, limit=PREVIEW_LIMIT):
    """The claims these rules would newly tag, untag, and keep although set by hand (capped)."""
    plan = plan_theme_rules(theme, keywords, patterns)
    shown = {
        name: dict(list(getattr(plan, name).items())[:limit]) for name in ("tag", "untag", "kept")
    }
    ids = [pk for part in shown.values() for pk in part]
    loaded = Claim.objects.select_related("talk").in_bulk(ids)

    def listed(name):
        return [(loaded[pk], reason) for pk, reason in shown[name].items() if pk in loaded]

    return RulePreview(
        tagged=listed("tag"),
        untagged=listed("untag"),
        kept=listed("kept"),
        tagged_total=len(plan.tag),
        untagged_total=len(plan.untag),
        kept_total=len(plan.kept),
        unchanged=plan.unchanged,
        undecided=len(plan.undecided),
        limit=limit,
    )


@dataclass(frozen=True)
class RuleResult:
    tagged: int
    untagged: int
    unchanged: int
    undecided: int


def apply_theme_rules(theme: Tag) -> RuleResult:
    """Re-tag every claim by ``theme``'s saved keywords and patterns, leaving hand-set tags alone.

    One transaction: the taggings, the search index of the changed claims and their talks' counters.
    """
    with transaction.atomic():
        plan = plan_theme_rules(theme)
        if plan.untag:
            TaggedClaim.objects.filter(tag=theme, content_object_id__in=list(plan.untag)).delete()
        if plan.reexplain:
            rows = list(TaggedClaim.objects.filter(tag=theme, content_object_id__in=plan.reexplain))
            for row in rows:
                row.reason = plan.reexplain[row.content_object_id]
            TaggedClaim.objects.bulk_update(rows, ["reason"], batch_size=500)
        TaggedClaim.objects.bulk_create(
            [
                TaggedClaim(content_object_id=pk, tag=theme, reason=reason)
                for pk, reason in plan.tag.items()
            ],
            batch_size=500,
        )
        changed = sorted({*plan.tag, *plan.untag, *plan.reexplain})
        if changed:
            from notes.search import index_claims

            index_claims(changed)
            refresh_counts(talk_ids_of_claims(changed))
    return RuleResult(
        tagged=len(plan.tag),
        untagged=len(plan.untag),
        unchanged=plan.unchanged,
        undecided=len(plan.undecided),
    )
