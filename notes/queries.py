"""Query building shared by the public pages, the feeds and the JSON API.

Everything public goes through here, so "public" means one thing everywhere: the talk is public and
the claim is not hidden. Listing helpers fetch what a claim row displays in a fixed number of queries
(select_related for the single-valued relations, one prefetch for tags), however many claims a page
shows.

Nothing here counts claims per request: numbers come from the counter rows (notes.models.counters),
lists are sliced by walking talks in listing order with each talk's count known (``ClaimListing``),
and facets of a narrowed set are counted over a capped sample of it (``FACET_SAMPLE``). Every hot query
is an index range scan whatever the planner's statistics say (tests/site/test_query_plans.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from notes.models import (
    Claim,
    ClaimStatus,
    Speaker,
    Tag,
    TagCount,
    TaggedClaim,
    Talk,
    TalkCount,
    TalkSpeaker,
    TalkSpeakerCount,
    TalkTagCount,
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
# The same order of talks, seen from a row that points at its talk (the counter rows).
TALK_ORDER_VIA = (
    F("talk__published").desc(nulls_last=True),
    "-talk__created",
    "talk_id",
)
TALK_ORDER = (F("published").desc(nulls_last=True), "-created", "pk")
# Above this many claims, counts of a narrowed set and its facets are shown as "1,000+" / "k+".
COUNT_CAP = 1000
FACET_SAMPLE = COUNT_CAP


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


def visible_translation(claim: Claim) -> Claim | None:
    """The same point in the other language, if there is one anyone may see.

    The importer may link either side of a pair, so both directions of the one-to-one are checked.
    """
    partner = claim.translation
    if partner is None:
        try:
            partner = claim.translated_from
        except Claim.DoesNotExist:
            partner = None
    if partner is None or partner.status == ClaimStatus.HIDDEN:
        return None
    return partner


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


def resolve_tags(slugs: list[str]) -> tuple[list[Tag], list[str]]:
    """Tags for these slugs in the order given, and the slugs that name no tag."""
    wanted = list(dict.fromkeys(s for s in slugs if s))
    found = {}
    if wanted:
        rows = Tag.objects.filter(slug__in=wanted).annotate(
            _counter_claims=Coalesce(F("counter__claims"), 0)
        )
        found = {tag.slug: tag for tag in rows}
    return [found[s] for s in wanted if s in found], [s for s in wanted if s not in found]


class ClaimListing:
    """Public claims in listing order (``CLAIM_ORDER``), sliceable like a queryset for Paginator.

    A slice walks the talks in listing order, each with its number of claims in the list, until the
    slice is covered, then reads the claims of just those talks (an index range per talk). The count
    is exact when it comes from counter rows; for a narrowed set it is capped (``count_is_capped``).
    """

    def __init__(
        self,
        claims: QuerySet[Claim],
        talk_counts: Callable[[], Iterator[tuple[int, int]]],
        total: int,
        capped: bool = False,
    ):
        self.claims = claims
        self.talk_counts = talk_counts
        self.total = total
        self.count_is_capped = capped

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("ClaimListing supports slices only.")
        start, stop = key.start or 0, key.stop if key.stop is not None else self.total
        chosen, skip, seen = [], 0, 0
        for talk_id, n in self.talk_counts():
            if seen + n <= start:
                seen += n
                continue
            if not chosen:
                skip = start - seen
            chosen.append(talk_id)
            seen += n
            if seen >= stop:
                break
        if not chosen:
            return []
        page = self.claims.filter(talk_id__in=chosen).order_by(*CLAIM_ORDER)
        return list(page[skip : skip + stop - start])


WALK_CHUNK = 500


def _walk_rows(rows: QuerySet) -> Callable[[], Iterator[tuple[int, int]]]:
    """(talk_id, claims) counter rows in listing order, read ``WALK_CHUNK`` at a time."""

    def walk():
        offset = 0
        while True:
            chunk = list(rows[offset : offset + WALK_CHUNK])
            yield from chunk
            if len(chunk) < WALK_CHUNK:
                return
            offset += WALK_CHUNK

    return walk


def _walk_filtered(claims: QuerySet[Claim], talk_ids: QuerySet) -> Callable:
    """(talk_id, claims in ``claims``) for candidate talks in listing order, counted per chunk."""

    def walk():
        offset = 0
        while True:
            chunk = list(talk_ids[offset : offset + WALK_CHUNK])
            if chunk:
                counts = dict(
                    claims.filter(talk_id__in=chunk)
                    .order_by()
                    .values("talk_id")
                    .annotate(n=Count("id"))
                    .values_list("talk_id", "n")
                )
                yield from ((pk, counts[pk]) for pk in chunk if counts.get(pk))
            if len(chunk) < WALK_CHUNK:
                return
            offset += WALK_CHUNK

    return walk


def claim_listing(filters: ClaimFilters) -> ClaimListing:
    """The public claims ``filters`` select, for display, in listing order, with their count.

    One tag alone, one speaker alone or no filter: per-talk counter rows give exact counts. Anything
    narrower walks the talks of the narrowest tag (or the speaker) and counts per chunk of talks;
    its total is a count capped at ``COUNT_CAP``.
    """
    claims = for_display(filters.apply(public_claims()))
    only_tag = len(filters.tags) == 1 and not (filters.speaker or filters.language or filters.kind)
    if only_tag:
        tag = filters.tags[0]
        rows = TalkTagCount.objects.filter(tag=tag).order_by(*TALK_ORDER_VIA)
        walk = _walk_rows(rows.values_list("talk_id", "claims"))
        return ClaimListing(claims, walk, tag_claim_count(tag))
    only_speaker = filters.speaker and not (filters.tags or filters.language or filters.kind)
    if only_speaker:
        rows = TalkSpeakerCount.objects.filter(speaker=filters.speaker, claims__gt=0)
        walk = _walk_rows(rows.order_by(*TALK_ORDER_VIA).values_list("talk_id", "claims"))
        total = rows.aggregate(n=Coalesce(Sum("claims"), 0))["n"]
        return ClaimListing(claims, walk, total)
    if not (filters.tags or filters.speaker or filters.language or filters.kind):
        rows = TalkCount.objects.filter(claims__gt=0)
        walk = _walk_rows(rows.order_by(*TALK_ORDER_VIA).values_list("talk_id", "claims"))
        total = rows.aggregate(n=Coalesce(Sum("claims"), 0))["n"]
        return ClaimListing(claims, walk, total)
    tag = filters.driver_tag()
    if tag is not None:
        talks = TalkTagCount.objects.filter(tag=tag)
    elif filters.speaker is not None:
        talks = TalkSpeakerCount.objects.filter(speaker=filters.speaker, claims__gt=0)
    else:
        talks = TalkCount.objects.filter(claims__gt=0)
    talk_ids = talks.order_by(*TALK_ORDER_VIA).values_list("talk_id", flat=True)
    total, capped = capped_count(filters)
    return ClaimListing(claims, _walk_filtered(claims, talk_ids), total, capped)


def capped_count(filters: ClaimFilters) -> tuple[int, bool]:
    """How many claims ``filters`` select, counting no further than ``COUNT_CAP``; and if it stopped.

    It counts along the same index range as the facet sample (``sample_claim_ids``).
    """
    found = sample_claim_ids(filters, limit=COUNT_CAP + 1, ordered=False).count()
    return min(found, COUNT_CAP), found > COUNT_CAP


@dataclass
class Facet:
    """A tag with how many claims (of some set) carry it; ``capped``: counted over a sample only."""

    tag: Tag
    count: int
    capped: bool = False

    @property
    def label(self) -> str:
        """The count as shown: "1234", or "312+" when it was counted over a capped sample."""
        return f"{self.count:,}+" if self.capped else str(self.count)


def _facets(tags: QuerySet[Tag], capped: bool = False) -> list[Facet]:
    tags = tags.order_by("-claim_count", "-is_theme", "position", "name")
    return [Facet(tag=tag, count=tag.claim_count, capped=capped) for tag in tags]


def tag_counts(*, exclude=()) -> list[Facet]:
    """Every tag with public claims and how many, most frequent first (the counter rows)."""
    tags = Tag.objects.filter(counter__claims__gt=0).annotate(claim_count=F("counter__claims"))
    if exclude:
        tags = tags.exclude(pk__in=[tag.pk for tag in exclude])
    return _facets(tags)


def talk_theme_facets(talk: Talk) -> list[Facet]:
    """The themes of a talk's public claims with how many carry each (the talk's counter rows)."""
    tags = Tag.objects.filter(is_theme=True, talk_counts__talk=talk).annotate(
        claim_count=F("talk_counts__claims")
    )
    return _facets(tags)


def sample_claim_ids(
    filters: ClaimFilters, limit: int | None = None, *, ordered: bool = True
) -> QuerySet:
    """Ids of at most ``limit`` (``FACET_SAMPLE``) public claims ``filters`` select, from an index range.

    With tags, the range is the narrowest tag's rows of the (tag, claim) index; with a speaker alone,
    the (speaker, status) index of claims.
    """
    limit = FACET_SAMPLE if limit is None else limit
    tag = filters.driver_tag()
    if tag is None:
        claims = filters.apply(public_claims()).order_by()
        return claims.values("pk")[:limit]
    rest = ClaimFilters(
        tags=[t for t in filters.tags if t.pk != tag.pk],
        speaker=filters.speaker,
        language=filters.language,
        kind=filters.kind,
    )
    rows = TaggedClaim.objects.filter(tag=tag, content_object__talk__public=True).exclude(
        content_object__status=ClaimStatus.HIDDEN
    )
    for other in rest.tags:
        rows = rows.filter(
            Exists(TaggedClaim.objects.filter(content_object=OuterRef("content_object"), tag=other))
        )
    if rest.speaker is not None:
        rows = rows.filter(content_object__speaker=rest.speaker)
    if rest.language:
        rows = rows.filter(content_object__language=rest.language)
    if rest.kind:
        rows = rows.filter(content_object__kind=rest.kind)
    rows = rows.order_by("content_object_id") if ordered else rows.order_by()
    return rows.values("content_object_id")[:limit]


def sampled_facets(
    filters: ClaimFilters, *, capped: bool, themes_only: bool = False, exclude=()
) -> list[Facet]:
    """Tags on the claims ``filters`` select, counted over a sample of at most ``FACET_SAMPLE``.

    ``capped`` says the set is larger than the sample (the caller knows from a counter or a capped
    count): each count is then a lower bound, shown "k+"; otherwise the counts are exact.
    """
    tags = Tag.objects.filter(
        claim_items__content_object_id__in=Subquery(sample_claim_ids(filters))
    )
    if themes_only:
        tags = tags.filter(is_theme=True)
    if exclude:
        tags = tags.exclude(pk__in=[tag.pk for tag in exclude])
    return _facets(tags.annotate(claim_count=Count("claim_items")), capped=capped)


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


TIMELINE_TALKS = 50


def theme_timeline(theme: Tag, limit: int = TIMELINE_TALKS) -> list[Talk]:
    """The last ``limit`` talks of ``talks_on_theme`` (still oldest first): a page lists at most that many."""
    latest = talks_on_theme(theme).order_by(F("published").desc(nulls_first=True), "-created")
    return list(latest[:limit])[::-1]


def speakers_on_theme(theme: Tag) -> QuerySet[Speaker]:
    """Speakers of public claims on ``theme``, by name.

    Candidates are the speakers with claims in the theme's talks (counter rows); an EXISTS probe per
    candidate keeps only those with a claim on the theme itself. No DISTINCT over claims.
    """
    talks = TalkTagCount.objects.filter(tag=theme).values("talk_id")
    candidates = TalkSpeakerCount.objects.filter(claims__gt=0, talk_id__in=talks)
    said = public_claims().filter(has_tag(theme), speaker=OuterRef("pk"))
    return (
        Speaker.objects.filter(pk__in=candidates.values("speaker_id"))
        .filter(Exists(said))
        .order_by("name")
    )


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
