"""Walks of talks in listing order, for the paged claim lists of notes.lists (issue 11).

A walk yields each talk with its number of claims in the list: counter rows for a tag, a speaker
or all claims; counted per chunk of talks for a narrowed set (:func:`walk_filtered`).

A tag's public talks in listing order are read along the talks' listing index:

A theme is on nearly every talk: its counter rows (TalkTagCount) are thousands, and putting them
in listing order sorted them all per request (10,000 rows: 5 ms on SQLite, 10–20 ms on
PostgreSQL) to show the first few. Walking the partial index ``talk_listing_order`` (migration
0017) and probing each talk's counter row on the (tag, talk) index reads just the talks a page
needs. A rare tag would make that walk read most of the index to find a few talks; there the
counter rows are sorted as before, which for few rows is cheap. The choice is made from the
tag's talk count (its counter) against the highest talk id (an upper bound of the number of
talks, read through the primary key).

The SQL is written out: the ORM cannot say ``CROSS JOIN``, which is how SQLite is told to drive
the join from the talks (with statistics it preferred the counter rows, then sorted them).
PostgreSQL reads the same statement as a plain join and walks the index by itself (a LIMIT in
index order); both accept ``NULLS LAST`` and serve it from the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db.models import F, QuerySet, Subquery
from django.utils.dateparse import parse_date

from notes.compiled import fetch_all
from notes.models import Tag, TagCount, TagPairCount, Talk, TalkTagCount, TalkTagPairCount

# The order of queries.CLAIM_ORDER's talks, as the index talk_listing_order holds it.
LISTING_ORDER = "t.published DESC NULLS LAST, t.created DESC, t.id"
# Below this many talks a tag's counter rows are sorted whatever the density: sorting them costs
# less than a millisecond.
SORT_TALKS = 1000
FIRST_CHUNK = 64
CHUNK = 512

_TALKS = Talk._meta.db_table
_COUNTS = TalkTagCount._meta.db_table
TALK_COLUMNS = ("id", "title", "slug", "published", "published_precision")

_WALK = (
    "SELECT {columns}, c.claims FROM {talks} t CROSS JOIN {counts} c "
    "WHERE t.public AND c.talk_id = t.id AND {key} {extra}"
    "ORDER BY {order} LIMIT %s OFFSET %s"
)


def highest_talk_id() -> Subquery:
    """The highest talk id (an upper bound of how many talks there are), as a subquery to
    annotate on the query that reads the tag, read through the primary key."""
    return Subquery(Talk.objects.order_by("-pk").values("pk")[:1])


def tag_numbers(tag_id: int) -> tuple[int, int, int]:
    """(public talks, public claims) of the tag from its counter, and the highest talk id."""
    row = (
        TagCount.objects.filter(tag_id=tag_id)
        .annotate(upper=highest_talk_id())
        .values_list("talks", "claims", "upper")
        .first()
    )
    return row or (0, 0, 0)


def walks_index(tag_talks: int, talks_upper: int, needed: int) -> bool:
    """Whether walking the listing index reads fewer rows than sorting the tag's ``tag_talks``
    counter rows, to find ``needed`` of them among at most ``talks_upper`` talks (the walk reads
    about ``needed * talks_upper / tag_talks`` index rows)."""
    if tag_talks < SORT_TALKS:
        return False
    return needed * talks_upper <= tag_talks * tag_talks


def _sql(columns: str, extra: str = "", counts: str = _COUNTS, key: str = "c.tag_id = %s") -> str:
    return _WALK.format(
        columns=columns, talks=_TALKS, counts=counts, key=key, extra=extra, order=LISTING_ORDER
    )


def _in_listing_order(rows: QuerySet, *, undated_first: bool = False) -> QuerySet:
    published = F("talk__published")
    by_date = published.desc(nulls_first=True) if undated_first else published.desc(nulls_last=True)
    return rows.filter(talk__public=True).order_by(by_date, "-talk__created", "talk_id")


class TagTalks:
    """A tag's public talks in listing order with the tag's claims in each, read in chunks along
    the listing index, or sorted for a rare tag (:func:`walks_index`).

    ``numbers``: (talks, claims, highest talk id) when the caller read them with the tag (see
    :func:`highest_talk_id`); otherwise one query reads them (:func:`tag_numbers`).
    """

    counts_table = _COUNTS
    key_sql = "c.tag_id = %s"

    def __init__(self, tag_id: int, numbers: tuple[int, int, int] | None = None):
        self.tag_id = tag_id
        self.keys = [tag_id]
        self.talks, self.claims, self.talks_upper = numbers or tag_numbers(tag_id)

    def _rows(self) -> QuerySet:
        """The counter rows of the walk (one per talk)."""
        return TalkTagCount.objects.filter(tag_id=self.tag_id)

    def _walk_sql(self, columns: str, extra: str = "") -> str:
        return _sql(columns, extra, counts=self.counts_table, key=self.key_sql)

    def walks(self, needed: int) -> bool:
        """Whether ``needed`` talks are read along the index (else the counter rows are sorted)."""
        return walks_index(self.talks, self.talks_upper, needed)

    def chunk_ids(self, offset: int, size: int, walk: bool) -> list[int]:
        """The ids of ``size`` talks from ``offset`` in listing order."""
        return [talk_id for talk_id, _ in self._chunk(offset, size, walk)]

    def _chunk(self, offset: int, size: int, walk: bool) -> list[tuple[int, int]]:
        if walk:
            return fetch_all(self._walk_sql("t.id"), [*self.keys, size, offset])
        rows = _in_listing_order(self._rows()).values_list("talk_id", "claims")
        return list(rows[offset : offset + size])

    def counts(self, claims_wanted: int = 0) -> Iterator[tuple[int, int]]:
        """(talk id, the tag's claims there) in listing order until the caller stops.

        ``claims_wanted``: how many of the tag's claims the caller means to pass, which sizes the
        first chunk from the tag's claims per talk.
        """
        per_talk = self.claims / self.talks if self.talks else 1.0
        size = FIRST_CHUNK + int(claims_wanted / max(per_talk, 1.0))
        walk = self.walks(size)
        offset = 0
        while True:
            rows = self._chunk(offset, size, walk)
            yield from rows
            if len(rows) < size:
                return
            offset += size
            size = max(size, CHUNK)

    def talk_ids(self) -> Iterator[int]:
        """The talk ids alone, in listing order (a narrowed list counts its own claims per talk)."""
        return (talk_id for talk_id, _ in self.counts())

    def latest(self, limit: int) -> list[tuple[Talk, int]]:
        """The ``limit`` latest talks (undated ones count as the latest, then by date and creation,
        newest first) as (talk, the tag's claims there), newest first.

        Along the index: the undated talks by creation, then the dated ones in listing order
        (where the undated ones come last), one statement of two index ranges.
        """
        if self.walks(limit):
            columns = ", ".join(f"t.{name}" for name in TALK_COLUMNS)
            # In the index's own order, which among undated talks is by creation: PostgreSQL
            # does not take ``published IS NULL`` as fixing the first column, and sorted them.
            undated = self._walk_sql(columns, "AND t.published IS NULL ")
            dated = self._walk_sql(columns, "AND t.published IS NOT NULL ")
            sql = f"SELECT * FROM ({undated}) u UNION ALL SELECT * FROM ({dated}) d"
            rows = fetch_all(sql, [*self.keys, limit, 0, *self.keys, limit, 0])[:limit]
        else:
            fields = [f"talk__{name}" for name in TALK_COLUMNS]
            rows = _in_listing_order(self._rows(), undated_first=True)
            rows = rows.values_list(*fields, "claims")
            rows = rows[:limit]
        found = []
        for *values, claims in rows:
            talk = Talk(**dict(zip(TALK_COLUMNS, values, strict=True)))
            if isinstance(talk.published, str):  # a raw SQLite row: dates come as text
                talk.published = parse_date(talk.published)
            found.append((talk, claims))
        return found


class PairTalks(TagTalks):
    """:class:`TagTalks` of the claims carrying both of two tags: the pair's counter rows
    (TalkTagPairCount), read along the listing index or sorted, as a tag's are."""

    counts_table = TalkTagPairCount._meta.db_table
    key_sql = "c.tag_a_id = %s AND c.tag_b_id = %s"

    def __init__(self, tag_ids: tuple[int, int]):
        self.tag_a, self.tag_b = sorted(tag_ids)
        self.keys = [self.tag_a, self.tag_b]
        row = (
            TagPairCount.objects.filter(tag_a_id=self.tag_a, tag_b_id=self.tag_b)
            .annotate(upper=highest_talk_id())
            .values_list("talks", "claims", "upper")
            .first()
        )
        self.talks, self.claims, self.talks_upper = row or (0, 0, 0)

    def _rows(self) -> QuerySet:
        return TalkTagPairCount.objects.filter(tag_a_id=self.tag_a, tag_b_id=self.tag_b)


WALK_CHUNK = 500


def walk_rows(rows: QuerySet, start: int = 0) -> Callable[[], Iterator[tuple[int, int]]]:
    """(talk_id, claims) counter rows in listing order from row ``start``, read ``WALK_CHUNK``
    at a time."""

    def walk():
        offset = start
        while True:
            chunk = list(rows[offset : offset + WALK_CHUNK])
            yield from chunk
            if len(chunk) < WALK_CHUNK:
                return
            offset += WALK_CHUNK

    return walk


NARROWED_FIRST_CHUNK = 16


# found(chunk): (talk id, claims of the list there, their ids) for the talks of a chunk of talk
# ids that have any, in the chunk's order (notes.lists.found_in).
Found = Callable[[list[int]], Iterator[tuple[int, int, list[int]]]]


def walk_filtered(found: Found, talk_ids: QuerySet) -> Callable:
    """(talk_id, claims in the list, their ids) for candidate talks in listing order, counted per
    chunk by ``found``.

    Chunks grow from ``NARROWED_FIRST_CHUNK`` talks to ``WALK_CHUNK``: the first page of a narrowed list
    is usually in the first few talks, and counting 500 talks' claims for it cost more than the
    rest of the page.
    """

    return _growing_walk(found, lambda offset, size: list(talk_ids[offset : offset + size]))


def walk_tag_filtered(found: Found, talks: TagTalks) -> Callable:
    """:func:`walk_filtered` over a tag's talks (``talks``), read along the listing index.

    The chunk's talk ids are read first and passed as values: as a subquery with a LIMIT,
    PostgreSQL's planner misjudged its size and counted the whole narrowed set.
    """
    walk_index = talks.walks(WALK_CHUNK)
    return _growing_walk(found, lambda offset, size: talks.chunk_ids(offset, size, walk_index))


def _growing_walk(found: Found, read_chunk: Callable[[int, int], list[int]]) -> Callable:
    """The walk over chunks of talk ids that ``read_chunk(offset, size)`` returns, each chunk
    twice the last, from ``NARROWED_FIRST_CHUNK`` up to ``WALK_CHUNK``."""

    def walk():
        offset, size = 0, NARROWED_FIRST_CHUNK
        while True:
            chunk = read_chunk(offset, size)
            if chunk:
                yield from found(chunk)
            if len(chunk) < size:
                return
            offset += size
            size = min(size * 2, WALK_CHUNK)

    return walk


def tag_talks(tag: Tag) -> TagTalks:
    """The tag's talks in listing order, from the numbers read with the tag when it has them
    (``talk_count``, ``_counter_claims`` and ``_talks_upper``, see the theme page)."""
    numbers = [
        getattr(tag, name, None) for name in ("talk_count", "_counter_claims", "_talks_upper")
    ]
    return TagTalks(tag.pk, None if None in numbers else tuple(numbers))
