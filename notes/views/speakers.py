"""The speakers list and a speaker's page: aliases, talks, themes, and claims by talk, newest first."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from django.db import connection
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import render

from notes import charts, facets, lists, queries
from notes.map_markup import bar_rows
from notes.models import Speaker, Tag, Talk, TalkSpeaker, TalkSpeakerCount
from notes.services.redirects import redirect_for
from notes.talk_walk import LISTING_ORDER
from notes.views.common import CLAIMS_PER_PAGE, SPEAKERS_PER_PAGE, paginate

# The talks section lists the latest this many talks; the rest is counted ("…and 12 earlier talks").
SPEAKER_TALKS = 50
# Counter rows read with the speaker's page, in listing order: enough for the talks section and
# the first pages of claims of nearly every speaker. Further rows are read only when a walk
# reaches them (a deep page), ``ROWS_CHUNK`` at a time.
FIRST_ROWS = 200
ROWS_CHUNK = 500
ROW_FIELDS = (
    "talk_id",
    "claims",
    "in_talk",
    "role",
    "talk__title",
    "talk__slug",
    "talk__published",
    "talk__published_precision",
)


def speaker_list(request):
    """Every speaker of a public talk, with counts of their public talks and claims."""
    speakers = queries.with_speaker_counts(queries.public_speakers()).order_by("name")
    return render(
        request,
        "notes/speaker_list.html",
        {"page_obj": paginate(request, speakers, SPEAKERS_PER_PAGE)},
    )


class TalkRow:
    """One talk of the speaker in listing order: its claims by them and the first role it gives
    them ("" when they only said something there); ``talk`` is built when shown."""

    def __init__(self, values: tuple):
        self.talk_id, self.claims, self.in_talk, role, *self._talk_values = values
        self.role = role or ""

    @cached_property
    def talk(self) -> Talk:
        # The talks section and the claim groups show a talk's title, link and date, nothing
        # more: a busy speaker has thousands of rows, and only the shown ones become a Talk.
        title, slug, published, precision = self._talk_values
        talk = Talk(pk=self.talk_id, title=title, slug=slug, published=published)
        talk.published_precision = precision
        return talk


class SpeakerTalks:
    """The speaker's counter rows (talks that name them or hold a claim of theirs), newest first.

    The first ``FIRST_ROWS`` are read in one query; :meth:`claim_counts` and :meth:`named` read on
    only if they run past them. Counts come from the speaker's counter row, not from these rows.
    """

    def __init__(self, speaker: Speaker):
        # Counter rows exist for public talks only; saying so lets PostgreSQL walk the talks'
        # listing-order index (migration 0017) to the first rows instead of sorting them all.
        self.speaker = speaker
        self.ordered = (
            TalkSpeakerCount.objects.filter(speaker=speaker, talk__public=True)
            .filter(Q(claims__gt=0) | Q(in_talk=True))
            .order_by(*lists.TALK_ORDER_VIA)
        )
        self.walk = connection.vendor == "sqlite" and walks_talks(speaker)
        self.first = self._read(0, FIRST_ROWS)

    def _read(self, offset: int, size: int) -> list[TalkRow]:
        """``size`` rows from ``offset``, each with its talk and the speaker's first role there."""
        first_role = TalkSpeaker.objects.filter(
            talk_id=OuterRef("talk_id"), speaker_id=OuterRef("speaker_id")
        ).order_by("position", "pk")
        rows, window = self.ordered, slice(offset, offset + size)
        if connection.vendor == "sqlite":
            # SQLite ran the role's subquery for every row of the speaker (thousands for a busy
            # one) before sorting them to keep a few: the rows are chosen first, then read.
            chosen = (
                walked_rows(self.speaker, offset, size)
                if self.walk
                else Subquery(rows.values("pk")[window])
            )
            rows, window = TalkSpeakerCount.objects.filter(pk__in=chosen), slice(None)
        rows = (
            rows.annotate(role=Subquery(first_role.values("role")[:1]))
            .order_by(*lists.TALK_ORDER_VIA)
            .values_list(*ROW_FIELDS)
        )
        return [TalkRow(values) for values in rows[window]]

    def _all(self) -> Iterator[TalkRow]:
        yield from self.first
        if len(self.first) < FIRST_ROWS:
            return
        offset = FIRST_ROWS
        while True:
            chunk = self._read(offset, ROWS_CHUNK)
            yield from chunk
            if len(chunk) < ROWS_CHUNK:
                return
            offset += ROWS_CHUNK

    def claim_counts(self) -> Iterator[tuple[int, int]]:
        """(talk id, the speaker's claims there) in listing order: the walk of lists.ClaimListing."""
        return ((row.talk_id, row.claims) for row in self._all() if row.claims)

    def named(self, limit: int) -> list[TalkRow]:
        """The first ``limit`` rows of talks that name the speaker."""
        found = []
        for row in self._all():
            if row.in_talk:
                found.append(row)
                if len(found) == limit:
                    break
        return found


def walks_talks(speaker: Speaker) -> bool:
    """Whether SQLite should find the speaker's first rows by walking every public talk in listing
    order (``walked_rows``) rather than sorting all of the speaker's rows.

    The walk meets one of the speaker's talks every (talks / the speaker's talks) steps, so it
    takes about FIRST_ROWS × talks / the speaker's talks index probes, the sort reads and orders
    every one of the speaker's rows: the walk wins once the speaker's talks reach √(FIRST_ROWS ×
    talks) — ~1,400 of 9,500 at a million claims, where the busiest speaker's page read 2,946 rows
    to keep 200. ``speaker.last_talk_id`` (the highest talk id) stands in for the number of talks:
    it is one index read, and merged or deleted talks only make it err towards the sort.
    """
    talks = getattr(speaker, "last_talk_id", None) or 0
    return speaker.talk_count**2 >= FIRST_ROWS * talks > 0


def walked_rows(speaker: Speaker, offset: int, size: int) -> RawSQL:
    """The ids of ``size`` of the speaker's counter rows from ``offset``, in listing order, found
    by walking the public talks' listing-order index (migration 0017) and looking each talk up in
    the (speaker, talk) unique index: CROSS JOIN keeps SQLite to that order of tables."""
    talk, row = Talk._meta.db_table, TalkSpeakerCount._meta.db_table
    sql = (
        f'SELECT r."id" FROM "{talk}" t CROSS JOIN "{row}" r '
        'WHERE t."public" AND r."talk_id" = t."id" AND r."speaker_id" = %s '
        'AND (r."claims" > 0 OR r."in_talk") '
        f"ORDER BY {LISTING_ORDER} LIMIT %s OFFSET %s"
    )
    return RawSQL(sql, [speaker.pk, size, offset])


def speaker_listing(speaker: Speaker, talks: SpeakerTalks) -> lists.ClaimListing:
    """The speaker's public claims in listing order, walking their counter rows; the total is
    their counter's."""
    filters = queries.ClaimFilters(speaker=speaker)
    return lists.ClaimListing(filters, talks.claim_counts, speaker.claim_count, rows=True)


def speaker_themes(speaker: Speaker) -> list[facets.Facet]:
    """The themes of the speaker's public points, most first, each with how many (exact: their
    (speaker, tag) counter rows; at most ``facets.FACETS_SHOWN``)."""
    themes = Tag.objects.filter(
        is_theme=True, speaker_counts__speaker=speaker, speaker_counts__claims__gt=0
    ).annotate(claim_count=F("speaker_counts__claims"))
    themes = themes.order_by("-claim_count", "position", "name")[: facets.FACETS_SHOWN]
    return [facets.Facet(tag=tag, count=tag.claim_count) for tag in themes]


def speaker_detail(request, slug):
    """One speaker: their talks, their themes, and their claims newest talk first.

    The claims are in the order of every other claim list (``queries.CLAIM_ORDER``), grouped by talk:
    the walk over the speaker's counter rows reads one page of claims by index (see
    docs/decisions.md, "The speaker page lists claims by talk"); their themes link to the theme
    page narrowed to this speaker.
    """
    found = queries.with_speaker_counts(queries.public_speakers())
    if connection.vendor == "sqlite":  # for walks_talks: PostgreSQL walks the index by itself
        found = found.annotate(last_talk_id=Subquery(Talk.objects.order_by("-pk").values("pk")[:1]))
    speaker = found.prefetch_related("aliases").filter(slug=slug).first()
    if speaker is None:
        if Speaker.objects.filter(slug=slug).exists():
            raise Http404("No such speaker.")
        return redirect_for("speaker", slug)  # a merged speaker's old address
    talks = SpeakerTalks(speaker)
    listing = speaker_listing(speaker, talks)
    page = paginate(request, listing, CLAIMS_PER_PAGE, count=listing.total)
    themes = speaker_themes(speaker)
    named = talks.named(SPEAKER_TALKS)
    roles = dict(TalkSpeaker.Role.choices)
    theme_chart = charts.bar_chart([(facet.tag, facet.count) for facet in themes])
    return render(
        request,
        "notes/speaker_detail.html",
        {
            "speaker": speaker,
            "talks": [(row.talk, roles.get(row.role, "")) for row in named],
            "earlier_talks": max(0, speaker.talk_count - len(named)),
            "page_obj": page,
            "themes": themes,
            "theme_chart": theme_chart,
            "bar_rows": bar_rows(theme_chart, speaker),
        },
    )
