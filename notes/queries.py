"""Query building shared by the public pages, the feeds and the JSON API.

Everything public goes through here, so "public" means one thing everywhere: the talk is public and
the claim is not hidden. Listing helpers fetch what a claim row displays in a fixed number of queries
(select_related for the single-valued relations, one prefetch for tags), however many claims a page
shows.

Nothing here counts claims per request: numbers come from the counter rows (notes.models.counters);
paged claim lists and facets are in notes.lists. Every hot query is an index range scan whatever the
planner's statistics say (tests/site/test_query_plans.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from notes.models import (
    Claim,
    ClaimRelation,
    ClaimStatus,
    Speaker,
    SpeakerTagCount,
    Tag,
    TagCount,
    TaggedClaim,
    TaggedTalk,
    Talk,
    TalkSpeaker,
)
from notes.talk_walk import highest_talk_id

# Ordering of claim lists: newest talk first (undated talks last), then the claim's place in its file.
CLAIM_ORDER = (
    F("talk__published").desc(nulls_last=True),
    "-talk__created",
    "talk_id",
    "summary_id",
    "position",
    "id",
)
# The same order for the talks themselves (the talk_listing_order index of migration 0017).
TALK_LISTING_ORDER = (F("published").desc(nulls_last=True), "-created", "pk")


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
    """Everything a claim row shows, fetched up front: talk, speaker, section, translations, tags.

    The ``translated_from`` join goes through the partial index of set translations
    (``claim_translation_set``): through the one-to-one's own index, which counts every NULL,
    SQLite's statistics made it a scan of the whole claim table.
    """
    claims = claims.select_related("talk", "speaker", "section", "translation", "translated_from")
    if with_tags:
        claims = claims.prefetch_related(tag_links_prefetch())
    return claims


def public_speakers() -> QuerySet[Speaker]:
    """Speakers named in at least one public talk, or who said a public claim (from the counters)."""
    return Speaker.objects.filter(Q(counter__talks__gt=0) | Q(counter__claims__gt=0))


def with_speaker_counts(speakers: QuerySet[Speaker]) -> QuerySet[Speaker]:
    """``speakers`` with ``talk_count`` and ``claim_count`` (public talks and claims) from the counters."""
    return speakers.annotate(
        talk_count=Coalesce(F("counter__talks"), 0), claim_count=Coalesce(F("counter__claims"), 0)
    )


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

    def driver_tag(self) -> Tag | None:
        """The chosen tag with the fewest public claims: the narrowest index range to start from."""
        if not self.tags:
            return None
        return min(self.tags, key=lambda tag: tag_claim_count(tag))


def tag_claim_count(tag: Tag) -> int:
    """Public claims carrying ``tag``, from its counter (fetched with ``resolve_tags``)."""
    counter = getattr(tag, "_counter_claims", None)
    if counter is None:
        counter = TagCount.objects.filter(tag=tag).values_list("claims", flat=True).first() or 0
        tag._counter_claims = counter
    return counter


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
    found = {}
    if wanted:
        rows = (
            public_tags()
            .filter(slug__in=wanted)
            .annotate(
                _counter_claims=Coalesce(F("counter__claims"), 0),
                # With the claims, what notes.talk_walk.tag_talks reads to walk the tag's talks.
                talk_count=Coalesce(F("counter__talks"), 0),
                _talks_upper=Coalesce(highest_talk_id(), 0),
            )
        )
        found = {tag.slug: tag for tag in rows}
    return [found[s] for s in wanted if s in found], [s for s in wanted if s not in found]


def themes_with_counts() -> QuerySet[Tag]:
    """Every theme with its number of public claims and of talks those claims come from."""
    return (
        Tag.objects.filter(is_theme=True)
        .annotate(
            claim_count=Coalesce(F("counter__claims"), 0),
            talk_count=Coalesce(F("counter__talks"), 0),
        )
        .order_by("position", "name")
    )


def talks_on_theme(theme: Tag) -> QuerySet[Talk]:
    """Public talks with public claims on ``theme``, oldest first, with how many such claims."""
    return (
        public_talks()
        .filter(tag_counts__tag=theme)
        .annotate(theme_claims=F("tag_counts__claims"))
        .order_by(F("published").asc(nulls_last=True), "created")
    )


THEME_PAIRS = 8


def theme_relation_pairs(theme: Tag, limit: int = THEME_PAIRS) -> list[ClaimRelation]:
    """Relations a curator drew between two public claims both on ``theme``, newest first, with
    both claims' talks and speakers: one query, at most ``limit`` pairs.

    The newest ``limit`` relations are chosen by a subquery over the relation table alone (each side
    probed by its primary key and the (claim, tag) index); the joins for display then read just
    those rows. Joined in one step, SQLite's planner drove the query from the claim table.
    """

    def on_theme(side: str) -> Exists:
        return Exists(public_claims().filter(has_tag(theme), pk=OuterRef(f"{side}_id")))

    chosen = (
        ClaimRelation.objects.filter(on_theme("source"), on_theme("target"))
        .order_by("-pk")
        .values("pk")[:limit]
    )
    return list(
        ClaimRelation.objects.filter(pk__in=chosen)
        .select_related("source__talk", "source__speaker", "target__talk", "target__speaker")
        .annotate(**_author_of("source"), **_author_of("target"))
        .order_by("-pk")
    )


def _author_of(side: str) -> dict:
    """The name and slug of the first author of the talk of the relation's ``side`` claim: the voice
    of an essay's passages, which carry no speaker of their own."""
    authors = TalkSpeaker.objects.filter(
        talk_id=OuterRef(f"{side}__talk_id"), role=TalkSpeaker.Role.AUTHOR
    ).order_by("position", "pk")
    return {
        f"{side}_author_name": Subquery(authors.values("speaker__name")[:1]),
        f"{side}_author_slug": Subquery(authors.values("speaker__slug")[:1]),
    }


def speakers_on_theme(theme: Tag, *, busiest: int | None = None, also: str = "") -> QuerySet:
    """Speakers of public claims on ``theme``, by name (their SpeakerTagCount rows: no claim read).

    Rows of (pk, slug, name), not models: a busy theme has thousands of speakers, and building a
    model for each took longer than the rest of the page. ``speaker_of_row`` makes one a Speaker.
    ``busiest``: only that many, those with the most claims on the theme, and the one whose slug
    is ``also`` if they said something on it.
    """
    said = SpeakerTagCount.objects.filter(tag=theme, claims__gt=0).values("speaker_id")
    chosen = Q(pk__in=said)
    if busiest is not None:
        chosen = Q(pk__in=said.order_by("-claims", "speaker_id")[:busiest])
        if also:
            chosen |= Q(pk__in=said, slug=also)
    return (
        Speaker.objects.filter(chosen)
        .order_by("name")
        .values_list("pk", "slug", "name", named=True)
    )


def speaker_of_row(row) -> Speaker:
    """The Speaker (only its pk, slug and name loaded) of a ``speakers_on_theme`` row."""
    return Speaker.from_db(None, ["id", "slug", "name"], (row.pk, row.slug, row.name))


def talks_for_listing(talks: QuerySet[Talk]) -> QuerySet[Talk]:
    """Talks with the people who speak in them (one prefetch) and their count of public claims.

    People a talk only mentions are left out of listings: they did not say anything there.
    """
    speaking = TalkSpeaker.objects.exclude(role=TalkSpeaker.Role.MENTIONED).select_related(
        "speaker"
    )
    return talks.annotate(claim_count=Coalesce(F("counter__claims"), 0)).prefetch_related(
        Prefetch("talk_speakers", queryset=speaking)
    )
