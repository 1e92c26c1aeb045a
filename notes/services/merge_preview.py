"""What a merge would do, for the preview page: what moves, what is joined, the resulting visibility.

Each ``preview_*_merge`` only reads. ``*_totals`` count what belongs to a group of rows, so a test (or
the curator) can check that the totals after a merge equal those before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notes.models import (
    Claim,
    ClaimRelation,
    DuplicateSuggestion,
    ImportFile,
    Speaker,
    SpeakerAlias,
    Summary,
    Tag,
    TaggedClaim,
    TaggedTalk,
    Talk,
    TalkSpeaker,
)
from notes.normalise import normalise_name
from notes.services.merge_tags import merged_alias_names


@dataclass
class MergePreview:
    survivor: object
    merged: list
    moves: list[str] = field(default_factory=list)  # "3 summaries move to …"
    notes: list[str] = field(default_factory=list)  # joined duplicates, dropped nothing
    redirects: list[str] = field(default_factory=list)  # old slugs that will redirect
    public: bool | None = None  # talks only: the default visibility of the result
    totals: dict[str, int] = field(default_factory=dict)


def talk_totals(talk_ids: list[int]) -> dict[str, int]:
    """What belongs to these talks: summaries, claims, their taggings, relations, translation links."""
    claims = Claim.objects.filter(talk_id__in=talk_ids)
    claim_ids = claims.values("pk")
    return {
        "summaries": Summary.objects.filter(talk_id__in=talk_ids).count(),
        "claims": claims.count(),
        "claim taggings": TaggedClaim.objects.filter(content_object_id__in=claim_ids).count(),
        "claim relations": ClaimRelation.objects.filter(
            Q(source_id__in=claim_ids) | Q(target_id__in=claim_ids)
        ).count(),
        "translation links": claims.filter(translation__isnull=False).count(),
        "import records": ImportFile.objects.filter(talk_id__in=talk_ids).count(),
    }


def preview_talk_merge(survivor: Talk, merged: list[Talk]) -> MergePreview:
    """What merging ``merged`` into ``survivor`` moves, joins and redirects."""
    from notes.services.merge import default_visibility

    ids = [talk.pk for talk in merged]
    preview = MergePreview(survivor, merged, public=default_visibility([survivor, *merged]))
    moved = talk_totals(ids)
    labels = {
        "summaries": ("%(n)d summary moves", "%(n)d summaries move"),
        "claims": ("%(n)d claim moves", "%(n)d claims move"),
        "claim taggings": (
            "%(n)d claim tagging moves with its claim",
            "%(n)d claim taggings move with their claims",
        ),
        "claim relations": (
            "%(n)d claim relation moves with its claim",
            "%(n)d claim relations move with their claims",
        ),
        "translation links": (
            "%(n)d translation link moves with its claim",
            "%(n)d translation links move with their claims",
        ),
        "import records": ("%(n)d import record moves", "%(n)d import records move"),
    }
    for key, (one, many) in labels.items():
        if moved[key]:
            preview.moves.append(ngettext(one, many, moved[key]) % {"n": moved[key]})
    have = set(TalkSpeaker.objects.filter(talk=survivor).values_list("speaker_id", "role"))
    roles = list(TalkSpeaker.objects.filter(talk_id__in=ids).values_list("speaker_id", "role"))
    joined = sum(1 for role in roles if role in have)
    if len(roles) - joined:
        n = len(roles) - joined
        preview.moves.append(
            ngettext("%(n)d speaker role moves", "%(n)d speaker roles move", n) % {"n": n}
        )
    if joined:
        preview.notes.append(
            ngettext(
                "%(n)d speaker role is already on the survivor and is joined with it",
                "%(n)d speaker roles are already on the survivor and are joined with them",
                joined,
            )
            % {"n": joined}
        )
    tags_have = set(
        TaggedTalk.objects.filter(content_object=survivor).values_list("tag_id", flat=True)
    )
    talk_tags = list(
        TaggedTalk.objects.filter(content_object_id__in=ids).values_list("tag_id", flat=True)
    )
    new_tags = len({t for t in talk_tags if t not in tags_have})
    if new_tags:
        preview.moves.append(
            ngettext("%(n)d talk tag moves", "%(n)d talk tags move", new_tags) % {"n": new_tags}
        )
    suggestions = DuplicateSuggestion.objects.filter(
        Q(talk_id__in=ids) | Q(other_id__in=ids)
    ).count()
    if suggestions:
        preview.notes.append(
            ngettext(
                "%(n)d duplicate suggestion is closed as merged or moved",
                "%(n)d duplicate suggestions are closed as merged or moved",
                suggestions,
            )
            % {"n": suggestions}
        )
    preview.redirects = [talk.get_absolute_url() for talk in merged]
    preview.totals = talk_totals([survivor.pk, *ids])
    return preview


def speaker_totals(speaker_ids: list[int]) -> dict[str, int]:
    """What belongs to these speakers: claims and talks (distinct). Aliases are not a total: a
    merged speaker's name becomes one more."""
    roles = TalkSpeaker.objects.filter(speaker_id__in=speaker_ids)
    return {
        "claims": Claim.objects.filter(speaker_id__in=speaker_ids).count(),
        "talks": roles.values("talk_id").distinct().count(),
    }


def preview_speaker_merge(survivor: Speaker, merged: list[Speaker]) -> MergePreview:
    """What merging speakers moves: claims, roles, aliases; the merged names become aliases."""
    ids = [speaker.pk for speaker in merged]
    preview = MergePreview(survivor, merged)
    moved = {
        **speaker_totals(ids),
        "aliases": SpeakerAlias.objects.filter(speaker_id__in=ids).count(),
    }
    for key, one, many in (
        ("claims", "%(n)d claim changes speaker", "%(n)d claims change speaker"),
        ("talks", "%(n)d talk moves to the survivor", "%(n)d talks move to the survivor"),
        ("aliases", "%(n)d alias moves", "%(n)d aliases move"),
    ):
        if moved[key]:
            preview.moves.append(ngettext(one, many, moved[key]) % {"n": moved[key]})
    taken = set(SpeakerAlias.objects.values_list("normalised", flat=True)) | {survivor.name_key}
    new_aliases = [s.name for s in merged if normalise_name(s.name) not in taken]
    if new_aliases:
        preview.moves.append(_("These names become aliases: %s") % ", ".join(new_aliases))
    preview.redirects = [speaker.get_absolute_url() for speaker in merged]
    preview.totals = speaker_totals([survivor.pk, *ids])
    return preview


def tag_totals(tag_ids: list[int]) -> dict[str, int]:
    """Distinct claims and talks carrying any of these tags."""
    return {
        "tagged claims": TaggedClaim.objects.filter(tag_id__in=tag_ids)
        .values("content_object_id")
        .distinct()
        .count(),
        "tagged talks": TaggedTalk.objects.filter(tag_id__in=tag_ids)
        .values("content_object_id")
        .distinct()
        .count(),
    }


def preview_tag_merge(survivor: Tag, merged: list[Tag]) -> MergePreview:
    """What merging tags moves: claim and talk taggings; the merged names become keywords."""
    ids = [tag.pk for tag in merged]
    preview = MergePreview(survivor, merged)
    moved = tag_totals(ids)
    if moved["tagged claims"]:
        n = moved["tagged claims"]
        preview.moves.append(
            ngettext("%(n)d claim tagging moves", "%(n)d claim taggings move", n) % {"n": n}
        )
    if moved["tagged talks"]:
        n = moved["tagged talks"]
        preview.moves.append(
            ngettext("%(n)d talk tagging moves", "%(n)d talk taggings move", n) % {"n": n}
        )
    names = [name for tag in merged for name in (tag.name, tag.name_zh) if name]
    if names:
        preview.moves.append(
            _("These names become keywords of the survivor: %s") % ", ".join(names)
        )
    aliases = merged_alias_names(survivor, merged)
    if aliases:
        preview.moves.append(
            _("These names and slugs become aliases of the survivor: %s") % ", ".join(aliases)
        )
    if any(tag.is_theme for tag in merged) and not survivor.is_theme:
        preview.notes.append(_("The survivor becomes a theme, as a merged tag was one."))
    preview.redirects = [tag.get_absolute_url() for tag in merged]
    preview.totals = tag_totals([survivor.pk, *ids])
    return preview
