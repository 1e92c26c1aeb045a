"""The claims of a page (a page of search hits, a page of a claim list), built by hand from one
plain SELECT.

A search page shows twenty claims with their talk, speaker and translation. The ORM's
``select_related(...).only(...)`` query for them cost more to build (resolving four joins and
sixty deferred columns on every search) and to turn into instances (a related-object iterator per
join) than the statement costs to run. This module writes the statement once per vendor and makes
each instance with ``Model.from_db`` from its slice of the row, applying the same per-column
converters the ORM would (SQLite gives dates as text and booleans as integers), and wires the
relations into the instances' caches so that reading them runs no further query.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import connection

from notes.claim_rows import CLAIM_COLUMNS, TALK_COLUMNS
from notes.models import Claim, Speaker, Talk

SPEAKER_COLUMNS = ("id", "name", "slug")
_TALK_ATTNAMES = ("id", *TALK_COLUMNS)


def _fields(model, names):
    """The fields ``names`` of ``model`` in the model's own order, the order ``Model.from_db``
    reads its values in (given in another order, values land in the wrong fields)."""
    wanted = {model._meta.get_field(name) for name in names}
    return [field for field in model._meta.concrete_fields if field in wanted]


def _attnames(fields) -> list[str]:
    return [field.attname for field in fields]


def _converters(fields) -> list[list]:
    """The ORM's converters for each column (backend ones first, then the field's own)."""
    result = []
    for field in fields:
        column = field.get_col(field.model._meta.db_table)
        result.append(
            connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        )
    return result


@lru_cache(maxsize=4)
def _layout(vendor: str):
    """(SQL head without its WHERE, and per model slice: model, attnames, converters)."""
    claim_fields = _fields(Claim, CLAIM_COLUMNS)
    talk_fields = _fields(Talk, _TALK_ATTNAMES)
    speaker_fields = _fields(Speaker, SPEAKER_COLUMNS)
    qn = connection.ops.quote_name

    def columns(alias, fields):
        return [f"{alias}.{qn(field.column)}" for field in fields]

    selected = [
        *columns("c", claim_fields),
        *columns("t", talk_fields),
        *columns("sp", speaker_fields),
        *columns("tr", claim_fields),
        *columns("trt", talk_fields),
    ]
    claims, talks = qn(Claim._meta.db_table), qn(Talk._meta.db_table)
    speakers = qn(Speaker._meta.db_table)
    sql = (
        f"SELECT {', '.join(selected)} FROM {claims} c "
        f"JOIN {talks} t ON t.id = c.talk_id "
        f"LEFT JOIN {speakers} sp ON sp.id = c.speaker_id "
        f"LEFT JOIN {claims} tr ON tr.id = c.translation_id "
        f"LEFT JOIN {talks} trt ON trt.id = tr.talk_id "
    )
    slices = []
    for model, fields in (
        (Claim, claim_fields),
        (Talk, talk_fields),
        (Speaker, speaker_fields),
        (Claim, claim_fields),
        (Talk, talk_fields),
    ):
        slices.append((model, _attnames(fields), _converters(fields)))
    return sql, slices


def _instance(model, attnames, converters, values, db):
    if values[0] is None:  # the LEFT JOIN found nothing (the primary key is first)
        return None
    converted = []
    for value, column_converters in zip(values, converters, strict=True):
        for converter in column_converters:
            value = converter(value, None, connection)
        converted.append(value)
    return model.from_db(db, attnames, converted)


_TALK = Claim._meta.get_field("talk")
_SPEAKER = Claim._meta.get_field("speaker")
_TRANSLATION = Claim._meta.get_field("translation")
_TRANSLATED_FROM = _TRANSLATION.remote_field


def load_rows(ids: list[int]) -> list[Claim]:
    """The claims ``ids`` and the claims translating them (``translation_id`` in ``ids``), each
    with its talk, speaker (name and slug) and translation (with its talk) cached; only the
    columns a hit shows are loaded, the rest deferred (notes.claim_rows' columns).

    The condition is an OR of two index lookups (the primary key and the translation link): joining
    the reverse side (``translated_from``) instead let PostgreSQL merge-join the page's ids with the
    whole index of translation links (10,000 rows read for a page of 20 at a million claims)."""
    if not ids:
        return []
    head, slices = _layout(connection.vendor)
    marks = ", ".join(["%s"] * len(ids))
    sql = f"{head}WHERE c.id IN ({marks}) OR c.translation_id IN ({marks})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *ids])
        rows = cursor.fetchall()
    db = connection.alias
    claims = []
    for row in rows:
        parts, start = [], 0
        for model, attnames, converters in slices:
            end = start + len(attnames)
            parts.append(_instance(model, attnames, converters, row[start:end], db))
            start = end
        claim, talk, speaker, translation, translation_talk = parts
        _TALK.set_cached_value(claim, talk)
        _SPEAKER.set_cached_value(claim, speaker)
        _TRANSLATION.set_cached_value(claim, translation)
        if translation is not None:
            _TALK.set_cached_value(translation, translation_talk)
        claims.append(claim)
    return claims


def load_points(ids: list[int]) -> dict[int, Claim]:
    """The claims ``ids`` that exist, by id in the order of ``ids``, read by :func:`load_rows`, each
    with the claim that names it as its translation (``translated_from``, or its absence) cached
    from the same rows, so that notes.points.visible_partner reads both sides without a query."""
    if not ids:
        return {}
    by_id = {claim.pk: claim for claim in load_rows(ids)}
    translating = {c.translation_id: c for c in by_id.values() if c.translation_id in by_id}
    claims = {}
    for pk in ids:
        claim = by_id.get(pk)
        if claim is not None:
            _TRANSLATED_FROM.set_cached_value(claim, translating.get(pk))
            claims[pk] = claim
    return claims


@lru_cache(maxsize=8)
def _talk_columns(vendor: str, columns: tuple[str, ...]):
    """(positions, attnames, converters) for the talk columns a SELECT t.* returned: the position
    of each column in the row, in the model's field order (the table's column order is the order
    the migrations added them in, which ``Model.from_db`` does not know)."""
    position = {column: n for n, column in enumerate(columns)}
    fields = [field for field in Talk._meta.concrete_fields if field.column in position]
    return [position[field.column] for field in fields], _attnames(fields), _converters(fields)


def load_talks(sql: str, params: list) -> list[Talk]:
    """The talks a ``SELECT t.* ...`` returns, built with ``Model.from_db`` (a raw queryset's
    machinery cost ~30 times the statement for the title match's usual zero to five rows)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if not rows:
            return []
        columns = tuple(column[0] for column in cursor.description)
    positions, attnames, converters = _talk_columns(connection.vendor, columns)
    return [
        _instance(Talk, attnames, converters, [row[n] for n in positions], connection.alias)
        for row in rows
    ]
