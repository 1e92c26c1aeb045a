"""Merging tags: ``RL``, ``reinforcement-learning`` and ``强化学习`` become one tag.

The merged tags' names become keywords of the survivor (so a theme still matches the words people
wrote) and, with their slugs and their own aliases, aliases of it (so imports and searches naming them
find the survivor); their claim and talk taggings move to it (a curator's tag stays a curator's tag),
and their slugs redirect to it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from notes.models import Tag, TagAlias, TaggedClaim, TaggedTalk
from notes.models.tags import alias_key
from notes.services.counters import refresh_counts, talk_ids_of_claims
from notes.services.redirects import move_redirects


def merge_tags(keep: Tag, others: Iterable[Tag]) -> Tag:
    """Fold ``others`` into ``keep`` in one transaction and delete them. Returns ``keep``.

    ``keep`` becomes a theme if any merged tag was one; blank fields are filled from the others.
    """
    from notes.search import index_claims

    others = [tag for tag in others if tag.pk != keep.pk]
    if not others:
        return keep
    other_ids = [tag.pk for tag in others]
    with transaction.atomic():
        claim_ids = set(
            TaggedClaim.objects.filter(tag_id__in=other_ids).values_list(
                "content_object_id", flat=True
            )
        )
        _move_claim_taggings(keep, other_ids)
        _move_talk_taggings(keep, other_ids)
        keep.keywords = _merged_keywords(keep, others)
        keep.is_theme = keep.is_theme or any(tag.is_theme for tag in others)
        for name in ("name_zh", "description"):
            if not getattr(keep, name):
                setattr(
                    keep, name, next((getattr(t, name) for t in others if getattr(t, name)), "")
                )
        keep.save()
        move_redirects(keep, others)
        _merge_aliases(keep, others)
        Tag.objects.filter(pk__in=other_ids).delete()
        index_claims(claim_ids)
        refresh_counts(talk_ids_of_claims(claim_ids))
    return keep


def merged_alias_names(keep: Tag, others: Iterable[Tag]) -> list[str]:
    """The names the survivor gains as aliases: each merged tag's name, Chinese name and slug."""
    own = {alias_key(keep.name), alias_key(keep.name_zh), alias_key(keep.slug)}
    names: dict[str, str] = {}
    for tag in others:
        for name in (tag.name, tag.name_zh, tag.slug):
            key = alias_key(name)
            if key and key not in own:
                names.setdefault(key, name)
    return list(names.values())


def _merge_aliases(keep: Tag, others: list[Tag]) -> None:
    """Move the merged tags' aliases to ``keep`` and add their names and slugs as new ones."""
    TagAlias.objects.filter(tag__in=others).update(tag=keep)
    TagAlias.objects.filter(tag=keep, key__in=[alias_key(keep.name), alias_key(keep.slug)]).delete()
    taken = set(TagAlias.objects.values_list("key", flat=True))
    for name in merged_alias_names(keep, others):
        if alias_key(name) not in taken:
            TagAlias(tag=keep, alias=name[:100]).save()
            taken.add(alias_key(name))


def _move_claim_taggings(keep: Tag, other_ids: list[int]) -> None:
    have = {
        row.content_object_id: row
        for row in TaggedClaim.objects.filter(tag=keep).only(
            "id", "content_object_id", "by_curator", "reason"
        )
    }
    for row in TaggedClaim.objects.filter(tag_id__in=other_ids).order_by("pk"):
        existing = have.get(row.content_object_id)
        if existing is None:
            row.tag = keep
            row.save(update_fields=["tag"])
            have[row.content_object_id] = row
            continue
        if row.by_curator and not existing.by_curator:
            existing.by_curator, existing.reason = True, row.reason or existing.reason
            existing.save(update_fields=["by_curator", "reason"])
        row.delete()


def _move_talk_taggings(keep: Tag, other_ids: list[int]) -> None:
    have = set(TaggedTalk.objects.filter(tag=keep).values_list("content_object_id", flat=True))
    for row in TaggedTalk.objects.filter(tag_id__in=other_ids).order_by("pk"):
        if row.content_object_id in have:
            row.delete()
        else:
            have.add(row.content_object_id)
            row.tag = keep
            row.save(update_fields=["tag"])


def _merged_keywords(keep: Tag, others: list[Tag]) -> list[str]:
    words = list(keep.keywords or [])
    seen = {word.casefold() for word in words} | {keep.name.casefold(), keep.name_zh.casefold()}
    for tag in others:
        for word in [tag.name, tag.name_zh, *(tag.keywords or [])]:
            if word and word.casefold() not in seen:
                seen.add(word.casefold())
                words.append(word)
    return words
