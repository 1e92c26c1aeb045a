"""Old slugs keep working: after a merge or a rename, the old address answers 301 to the new one."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, Q
from django.http import Http404, HttpResponsePermanentRedirect

from notes.models import SlugRedirect, Speaker, Tag, TagAlias, Talk
from notes.models.tags import alias_key

_KIND_OF = {
    Talk: SlugRedirect.Kind.TALK,
    Speaker: SlugRedirect.Kind.SPEAKER,
    Tag: SlugRedirect.Kind.TAG,
}
_FIELD_OF = {
    SlugRedirect.Kind.TALK: "talk",
    SlugRedirect.Kind.SPEAKER: "speaker",
    SlugRedirect.Kind.TAG: "tag",
}


def kind_of(obj: Model) -> str:
    """The redirect kind ("talk", "speaker", "tag") for a talk, speaker or tag."""
    return _KIND_OF[type(obj)]


def record_old_slug(obj: Model, old_slug: str) -> SlugRedirect | None:
    """Make ``old_slug`` redirect to ``obj`` for good (a no-op when it is obj's own slug)."""
    if not old_slug or old_slug == obj.slug:
        return None
    kind = kind_of(obj)
    redirect, _created = SlugRedirect.objects.update_or_create(
        kind=kind,
        old_slug=old_slug,
        defaults={"talk": None, "speaker": None, "tag": None, _FIELD_OF[kind]: obj},
    )
    return redirect


def move_redirects(survivor: Model, merged: Iterable[Model]) -> None:
    """Before ``merged`` are deleted: their slugs, and the slugs that led to them, lead to ``survivor``."""
    merged = list(merged)
    field = _FIELD_OF[kind_of(survivor)]
    SlugRedirect.objects.filter(**{f"{field}__in": [obj.pk for obj in merged]}).update(
        **{field: survivor}
    )
    for obj in merged:
        record_old_slug(survivor, obj.slug)
    # The survivor's own slug must never redirect away from it.
    SlugRedirect.objects.filter(kind=kind_of(survivor), old_slug=survivor.slug).delete()


def redirect_target(kind: str, slug: str) -> Model | None:
    """The talk, speaker or tag an old ``slug`` of ``kind`` leads to now, or None."""
    redirect = (
        SlugRedirect.objects.filter(kind=kind, old_slug=slug)
        .select_related("talk", "speaker", "tag")
        .first()
    )
    target = redirect.target if redirect else None
    if target is None and kind == SlugRedirect.Kind.TAG:
        aliases = TagAlias.objects.filter(Q(slug=slug) | Q(key=alias_key(slug)))
        alias = aliases.select_related("tag").order_by("pk").first()
        target = alias.tag if alias else None
    return target


def redirect_for(kind: str, slug: str, url_of=None):
    """A 301 to where ``slug`` of ``kind`` lives now; raises Http404 when it never existed.

    ``url_of`` turns the target into a URL (default: its ``get_absolute_url``).
    """
    target = redirect_target(kind, slug)
    if target is None:
        raise Http404("Nothing lives at this address.")
    url = url_of(target) if url_of else target.get_absolute_url()
    return HttpResponsePermanentRedirect(url)


def current_tag_slugs(slugs: Iterable[str]) -> dict[str, str]:
    """For tag slugs that no longer exist but redirect, or are an alias's slug: {slug: tag's slug}."""
    slugs = list(slugs)
    keys = {alias_key(slug): slug for slug in slugs}
    aliases = TagAlias.objects.filter(Q(slug__in=slugs) | Q(key__in=list(keys))).order_by("-pk")
    found = {}
    for slug, key, tag_slug in aliases.values_list("slug", "key", "tag__slug"):
        for asked in (slug if slug in slugs else None, keys.get(key)):
            if asked:
                found[asked] = tag_slug
    rows = SlugRedirect.objects.filter(
        kind=SlugRedirect.Kind.TAG, old_slug__in=slugs, tag__isnull=False
    ).values_list("old_slug", "tag__slug")
    found.update(rows)
    return found
