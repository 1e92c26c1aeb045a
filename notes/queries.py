"""Query building shared by the public pages, the feeds and the JSON API.

Everything public goes through here, so "public" means one thing everywhere: the talk is public and
the claim is not hidden. Listing helpers fetch what a claim row displays in a fixed number of queries
(select_related for the single-valued relations, one prefetch for tags), however many claims a page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from notes.models import (
    Claim,
    ClaimStatus,
    Speaker,
    Tag,
    TaggedClaim,
    TaggedTalk,
    Talk,
    TalkSpeaker,
)

# Ordering of claim lists: newest talk first (undated talks last), then the claim's place in its file.
CLAIM_ORDER = (
    F("talk__published").desc(nulls_last=True),
    "-talk__created",
    "talk_id",
    "summary_id",
    "position",
    "id",
)


def public_talks() -> QuerySet[Talk]:
    """Talks anyone may see."""
    return Talk.objects.filter(public=True)


def public_claims() -> QuerySet[Claim]:
    """Claims anyone may see: their talk is public and a curator has not hidden them."""
    return Claim.objects.filter(talk__public=True).exclude(status=ClaimStatus.HIDDEN)


def visible_claim_q(prefix: str = "") -> Q:
    """The public-claim condition seen from another model (``prefix`` like ``"claims__"``)."""
    return Q(**{f"{prefix}talk__public": True}) & ~Q(**{f"{prefix}status": ClaimStatus.HIDDEN})


def tag_links_prefetch() -> Prefetch:
    """A claim's tags as ``claim.tag_links`` (TaggedClaim rows with their tag), themes first."""
    return Prefetch(
        "taggedclaim_set",
        queryset=TaggedClaim.objects.select_related("tag").order_by(
            "-tag__is_theme", "tag__position", "tag__name"
        ),
        to_attr="tag_links",
    )


def for_display(claims: QuerySet[Claim], *, with_tags: bool = True) -> QuerySet[Claim]:
    """Everything a claim row shows, fetched up front: talk, speaker, section, translations, tags."""
    claims = claims.select_related("talk", "speaker", "section", "translation", "translated_from")
    if with_tags:
        claims = claims.prefetch_related(tag_links_prefetch())
    return claims


def public_speakers() -> QuerySet[Speaker]:
    """Speakers who appear in at least one public talk, or said a public claim."""
    in_public_talk = TalkSpeaker.objects.filter(speaker=OuterRef("pk"), talk__public=True)
    with_public_claim = public_claims().filter(speaker=OuterRef("pk"))
    return Speaker.objects.filter(Exists(in_public_talk) | Exists(with_public_claim))


def has_tag(tag: Tag) -> Exists:
    """Condition for claims carrying ``tag`` (an EXISTS probe: index-friendly, no duplicate rows)."""
    return Exists(TaggedClaim.objects.filter(content_object=OuterRef("pk"), tag=tag))


@dataclass
class ClaimFilters:
    """Filters the theme page, the tags page and the API share. Tags combine with AND."""

    tags: list[Tag] = field(default_factory=list)
    speaker: Speaker | None = None
    language: str = ""
    kind: str = ""

    def apply(self, claims: QuerySet[Claim]) -> QuerySet[Claim]:
        """``claims`` narrowed by every filter that is set."""
        for tag in self.tags:
            claims = claims.filter(has_tag(tag))
        if self.speaker is not None:
            claims = claims.filter(speaker=self.speaker)
        if self.language:
            claims = claims.filter(language=self.language)
        if self.kind:
            claims = claims.filter(kind=self.kind)
        return claims


def public_tags() -> QuerySet[Tag]:
    """Tags a visitor may see: themes, and tags on a public claim or a public talk.

    A tag used only on drafts (private talks, hidden claims) would name them, so it is not one.
    """
    on_public_claim = TaggedClaim.objects.filter(tag=OuterRef("pk")).filter(
        visible_claim_q("content_object__")
    )
    on_public_talk = TaggedTalk.objects.filter(tag=OuterRef("pk"), content_object__public=True)
    return Tag.objects.filter(Q(is_theme=True) | Exists(on_public_claim) | Exists(on_public_talk))


def resolve_tags(slugs: list[str]) -> tuple[list[Tag], list[str]]:
    """Public tags for these slugs in the order given, and the slugs that name no public tag."""
    wanted = list(dict.fromkeys(s for s in slugs if s))
    found = {tag.slug: tag for tag in public_tags().filter(slug__in=wanted)} if wanted else {}
    return [found[s] for s in wanted if s in found], [s for s in wanted if s not in found]


@dataclass
class Facet:
    """A tag with how many claims (of some set) carry it."""

    tag: Tag
    count: int


def tag_facets(claims: QuerySet[Claim], *, themes_only: bool = False, exclude=()) -> list[Facet]:
    """How many of ``claims`` carry each tag, most frequent first, in one query."""
    # filter() before annotate(): the count runs over the filtered join, i.e. only these claims.
    tags = Tag.objects.filter(claim_items__content_object__in=claims.order_by().values("pk"))
    if themes_only:
        tags = tags.filter(is_theme=True)
    if exclude:
        tags = tags.exclude(pk__in=[tag.pk for tag in exclude])
    tags = tags.annotate(claim_count=Count("claim_items")).order_by(
        "-claim_count", "-is_theme", "position", "name"
    )
    return [Facet(tag=tag, count=tag.claim_count) for tag in tags]


def themes_with_counts() -> QuerySet[Tag]:
    """Every theme with its number of public claims and of talks those claims come from."""
    visible = visible_claim_q("claim_items__content_object__")
    return (
        Tag.objects.filter(is_theme=True)
        .annotate(
            claim_count=Count("claim_items", filter=visible, distinct=True),
            talk_count=Count("claim_items__content_object__talk", filter=visible, distinct=True),
        )
        .order_by("position", "name")
    )


def talks_on_theme(theme: Tag) -> QuerySet[Talk]:
    """Public talks with public claims on ``theme``, oldest first, with how many such claims."""
    on_theme = visible_claim_q("claims__") & Q(claims__taggedclaim__tag=theme)
    return (
        public_talks()
        .annotate(theme_claims=Count("claims", filter=on_theme, distinct=True))
        .filter(theme_claims__gt=0)
        .order_by(F("published").asc(nulls_last=True), "created")
    )


def talks_for_listing(talks: QuerySet[Talk]) -> QuerySet[Talk]:
    """Talks with the people who speak in them (one prefetch) and their count of public claims.

    People a talk only mentions are left out of listings: they did not say anything there.
    """
    speaking = TalkSpeaker.objects.exclude(role=TalkSpeaker.Role.MENTIONED).select_related(
        "speaker"
    )
    return talks.annotate(
        claim_count=Count("claims", filter=visible_claim_q("claims__"), distinct=True)
    ).prefetch_related(Prefetch("talk_speakers", queryset=speaking))
