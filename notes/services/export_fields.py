"""What the kb export carries, model by model: the one place to list an exported field or table.

The export (notes/services/export.py), its whole-document check (notes/importer/export_check.py) and
the restore (notes/importer/export_format.py) all read these lists. To carry a new field of a speaker
or a tag, add its name to SPEAKER_FIELDS or TAG_FIELDS; to carry a new model that hangs off talks,
speakers or tags by slug (a tag alias, say), add one Table to TABLES. The value is exported as it is
(JSON-friendly fields only); an export that lacks the field restores the model field's default, so
older exports keep restoring. Bump VERSION in notes/services/export.py whenever a list here grows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from notes.models import GlossaryTerm, SlugRedirect, Speaker, Tag, TagAlias

# Speakers are matched by name on restore; aliases travel as a sorted list beside these fields.
SPEAKER_FIELDS = ("name", "slug", "bio")

# Tags and themes: every theme field a curator edits in the admin.
TAG_FIELDS = (
    "name",
    "slug",
    "is_theme",
    "description",
    "description_zh",
    "keywords",
    "patterns",
    "name_zh",
    "position",
)


@dataclass(frozen=True)
class Table:
    """A model exported as a flat list of rows under ``key``.

    ``fields`` are plain values; ``refs`` maps a foreign key to the kind of record it points at
    ("talk", "speaker" or "tag"), exported as that record's slug (or null).
    """

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    refs: dict[str, str] = field(default_factory=dict)


TABLES = (
    Table("glossary", GlossaryTerm, ("english", "chinese", "note")),
    Table("tag_aliases", TagAlias, ("alias",), {"tag": "tag"}),
    # Old slugs of merged or renamed talks, speakers and tags, and what they redirect to now.
    Table(
        "slug_redirects",
        SlugRedirect,
        ("kind", "old_slug"),
        {"talk": "talk", "speaker": "speaker", "tag": "tag"},
    ),
)

REFERENCE_KINDS = ("talk", "speaker", "tag")


def model_field(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


def plain_value(value):
    """A field's value as JSON data: copied (the export never aliases the model), objects' keys sorted.

    Sorting keys makes the export one text on both databases: PostgreSQL's jsonb keeps an object's
    keys in its own order (shortest first), SQLite in the order they were written.
    """
    if isinstance(value, list):
        return [plain_value(item) for item in value]
    if isinstance(value, dict):
        return {key: plain_value(value[key]) for key in sorted(value)}
    return value


def fields_of(obj: models.Model, names: tuple[str, ...]) -> dict:
    """``{name: value}`` of ``obj`` for the listed fields, in the listed order."""
    return {name: plain_value(getattr(obj, name)) for name in names}


def restored_fields(model: type[models.Model], names: tuple[str, ...], item: dict) -> dict:
    """The listed fields from an export row; a field the row lacks (an older export) gets its default."""
    values = {}
    for name in names:
        if name in item:
            values[name] = plain_value(item[name])
        else:
            values[name] = model_field(model, name).get_default()
    return values


def value_problem(model_field_: models.Field, value) -> str | None:
    """Why ``value`` cannot go into the field, as the end of a sentence, or None when it can."""
    if value is None:
        return None if model_field_.null else "is empty"
    if isinstance(model_field_, models.BooleanField):
        return None if isinstance(value, bool) else "is not true or false"
    if isinstance(model_field_, models.IntegerField):
        if not isinstance(value, int) or isinstance(value, bool):
            return "is not a whole number"
        return "is negative" if value < 0 and "Positive" in type(model_field_).__name__ else None
    if isinstance(model_field_, models.FloatField):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "is not a number"
    if isinstance(model_field_, models.JSONField):
        wanted = type(model_field_.get_default())
        return None if isinstance(value, wanted) else f"is not a JSON {wanted.__name__}"
    if isinstance(model_field_, models.CharField | models.TextField):
        if not isinstance(value, str):
            return "is not text"
        limit = model_field_.max_length
        if limit and len(value) > limit:
            return f"is longer than {limit} characters"
        if model_field_.choices and value not in {
            choice for choice, _label in model_field_.choices
        }:
            return f"is the unknown value {value[:40]!r}"
    return None


def speaker_row(speaker: Speaker, aliases: list[str]) -> dict:
    return {**fields_of(speaker, SPEAKER_FIELDS), "aliases": sorted(aliases)}


def tag_row(tag: Tag) -> dict:
    return fields_of(tag, TAG_FIELDS)


def table_rows(table: Table) -> list[dict]:
    """Every row of ``table`` as export data, sorted by its values so the order never depends on ids."""
    rows = []
    for obj in table.model.objects.select_related(*table.refs):
        row = fields_of(obj, table.fields)
        for ref in table.refs:
            target = getattr(obj, ref)
            row[ref] = target.slug if target is not None else None
        rows.append(row)
    return sorted(rows, key=lambda row: [str(value) for value in row.values()])
