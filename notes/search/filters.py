"""Turn the names a query uses (tags, themes, speakers) into ids: at most one query for tags and
themes together and one for speakers, whatever the query holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.db.models import Q

from notes import normalise
from notes.compiled import fetch_all
from notes.models import Speaker, Tag
from notes.models.tags import alias_key as tag_alias_key

from .query_parser import Filter, SearchQuery

# A word of a name matches every speaker holding it, so a search may read many speaker rows:
# their names are normalised once per process, not once per search.
normalise_name = lru_cache(maxsize=8192)(normalise.normalise_name)


@lru_cache(maxsize=8192)
def name_parts(name: str) -> frozenset[str]:
    """notes.normalise.name_parts, kept."""
    return frozenset(normalise.name_parts(name))


@dataclass
class ResolvedFilters:
    tag_groups: list[list[int]] = field(default_factory=list)  # one group per tag/theme named
    speaker_ids: list[int] | None = None  # None: any speaker
    unresolved: list[str] = field(default_factory=list)  # "#nosuchtag", "speaker:Nobody"


def _names_match(value: str, *names: str) -> bool:
    wanted = value.casefold()
    return any(name and name.casefold() == wanted for name in names)


def _name_q(value: str) -> Q:
    return (
        Q(slug__iexact=value)
        | Q(name__iexact=value)
        | Q(name_zh=value)
        | Q(aliases__key=tag_alias_key(value))
    )


# The statements are kept per set of values (and vendor): building the ORM query cost several
# times what running it does (5 ms against 0.7 for one tag on a loaded machine); the rows are
# read every time.
@lru_cache(maxsize=256)
def _tag_statement(vendor: str, tags: tuple[str, ...], themes: tuple[str, ...]):
    condition = Q(pk__in=[])
    for value in tags:
        condition |= _name_q(value)
    for value in themes:
        condition |= Q(is_theme=True) & _name_q(value)
    # One row per alias of each tag found (the join); still one query.
    rows = Tag.objects.filter(condition).values_list(
        "id", "slug", "name", "name_zh", "is_theme", "aliases__key"
    )
    return rows.query.sql_with_params()


def resolve_tags(tags: Iterable[str], themes: Iterable[str], result: ResolvedFilters) -> None:
    """Each tag value matches a tag's slug, name, Chinese name or alias (``#RL``, ``tag:强化学习``);
    a theme value only themes."""
    tags, themes = list(tags), list(themes)
    if not (tags or themes):
        return
    rows = fetch_all(*_tag_statement(connection.vendor, tuple(tags), tuple(themes)))
    for key, values, themes_only in (("tag", tags, False), ("theme", themes, True)):
        for value in values:
            folded = tag_alias_key(value)
            ids = list(
                dict.fromkeys(
                    tag_id
                    for tag_id, slug, name, name_zh, is_theme, alias in rows
                    if (is_theme or not themes_only)
                    and (_names_match(value, slug, name, name_zh) or alias == folded)
                )
            )
            result.tag_groups.append(ids)
            if not ids:
                result.unresolved.append(str(Filter(key, value)))


@lru_cache(maxsize=256)
def _speaker_statement(vendor: str, values: tuple[str, ...]):
    keys = {normalise_name(v) for v in values}
    condition = Q(aliases__normalised__in=keys) | Q(name_key__in=keys)
    for value in values:
        condition |= Q(slug__iexact=value) | Q(name__iexact=value)
    # One word of a name or alias equal to the value: that name or alias holds the value's key
    # (an OR of the value's parts read every "Bench Speaker N" for speaker:bench-speaker-7).
    for key in keys:
        if len(key) > 1:  # single letters (initials) are never a word of name_parts
            condition |= Q(name__icontains=key) | Q(aliases__alias__icontains=key)
    rows = Speaker.objects.filter(condition).values_list(
        "id", "slug", "name", "aliases__alias", "aliases__normalised"
    )
    return rows.query.sql_with_params()


def resolve_speakers(values: Iterable[str], result: ResolvedFilters) -> None:
    """A speaker value matches a speaker's slug, whole name or any alias (spacing and dots
    ignored), or one word of the name or of an alias: ``speaker:sutskever`` and ``speaker:伊利亚``
    both find Ilya Sutskever once "伊利亚·苏茨科夫" is one of his aliases."""
    values = list(values)
    if not values:
        return
    rows = fetch_all(*_speaker_statement(connection.vendor, tuple(values)))
    known: dict[int, set[str]] = {}
    for speaker_id, slug, name, alias, alias_key in rows:
        names = known.get(speaker_id)
        if names is None:
            names = known[speaker_id] = {
                normalise_name(slug),
                normalise_name(name),
                *name_parts(name),
            }
        names |= {alias_key or "", *name_parts(alias or "")}
    ids: set[int] = set()
    for value in values:
        found = {sid for sid, names in known.items() if normalise_name(value) in names}
        if not found:
            result.unresolved.append(str(Filter("speaker", value)))
        ids |= found
    result.speaker_ids = sorted(ids)


def resolve_filters(
    query: SearchQuery, *, tag_slugs: Iterable[str] = (), speaker_id: int | None = None
) -> ResolvedFilters:
    """Ids for the query's tag, theme and speaker filters, plus the caller's extra filters."""
    result = ResolvedFilters()
    resolve_tags([*query.tags, *tag_slugs], query.themes, result)
    resolve_speakers(query.speakers, result)
    if speaker_id is not None:
        if result.speaker_ids is None:
            result.speaker_ids = [speaker_id]
        else:
            result.speaker_ids = [s for s in result.speaker_ids if s == speaker_id]
    return result
