"""Whole-document validation of a kb export before a restore writes any row.

A restore trusts nothing in the file: an export may be hand-edited or hostile. Every slug must be a
Django slug (a slug such as ``bad/slug`` cannot be reversed into a URL and would break every listing
that links to it), every URL an http(s) URL, every choice one the models know, and every reference
(tags, speakers, summaries, sections, claims, talks) must point at a record of the same export.
The first problem found fails the file with one sentence that names the record.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_unicode_slug

from notes.importer.types import ImportFailure
from notes.models import (
    ClaimKind,
    ClaimRelation,
    ClaimStatus,
    DuplicateSuggestion,
    Language,
    Speaker,
    Summary,
    Tag,
    Talk,
    TalkSpeaker,
)
from notes.services.export_fields import (
    SPEAKER_FIELDS,
    TABLES,
    TAG_FIELDS,
    Table,
    model_field,
    value_problem,
)

_URL = URLValidator(schemes=["http", "https"])
_SLUG_MAX = {"talk": 200, "speaker": 200, "tag": 100}
_LANGUAGES = set(Language.values)
_PRECISIONS = set(Talk.DatePrecision.values)
_ROLES = set(TalkSpeaker.Role.values)
_KINDS = set(ClaimKind.values)
_STATUSES = set(ClaimStatus.values)
_RELATION_KINDS = set(ClaimRelation.Kind.values)
_SUGGESTION_STATUSES = set(DuplicateSuggestion.Status.values)
_FRONT_MATTER = set(Summary.FrontMatter.values) | {""}


class _Invalid(Exception):
    """One problem, as the end of a sentence that starts with the record's name."""


def check_export(name: str, data: dict) -> None:
    """Raise ImportFailure (one sentence naming the record) unless ``data`` is a consistent export."""
    try:
        _Checker(data).run()
    except _Invalid as problem:
        raise ImportFailure(name, str(problem)) from None


def _require(condition: bool, record: str, problem: str) -> None:
    if not condition:
        raise _Invalid(f"{record} {problem}")


def _text(item: dict, key: str, record: str, *, required: bool = True) -> str:
    value = item.get(key, "" if not required else None)
    _require(isinstance(value, str), record, f'has no text "{key}"')
    _require(not required or value.strip(), record, f'has an empty "{key}"')
    return value


def _slug(item: dict, kind: str, record: str) -> str:
    slug = _text(item, "slug", record)
    try:
        validate_unicode_slug(slug)
    except ValidationError:
        raise _Invalid(
            f"{record} has the slug {slug!r}, which is not a slug (letters, digits, - and _ only)"
        ) from None
    _require(len(slug) <= _SLUG_MAX[kind], record, f"has a slug longer than {_SLUG_MAX[kind]}")
    return slug


def _choice(item: dict, key: str, allowed: set, record: str, default=None) -> None:
    value = item.get(key, default)
    _require(value in allowed, record, f'has the unknown {key} "{value}"')


def _int_or_none(item: dict, key: str, record: str) -> None:
    value = item.get(key)
    ok = value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)
    _require(ok, record, f'has "{key}" {value!r}, not a whole number')


def _fields(item: dict, model, names: tuple[str, ...], record: str) -> None:
    """Each listed field the row carries must fit its model field (type, length, choices)."""
    for name in names:
        if name in item:
            problem = value_problem(model_field(model, name), item[name])
            _require(problem is None, record, f'has "{name}" that {problem}')


def _objects(data: dict, key: str, record: str) -> list[dict]:
    items = data.get(key, [])
    _require(isinstance(items, list), record, f'has "{key}" that is not a list')
    for index, item in enumerate(items):
        _require(isinstance(item, dict), f"{key}[{index}]", "is not a JSON object")
    return items


class _Checker:
    def __init__(self, data: dict):
        self.data = data
        self.speakers: set[str] = set()
        self.speaker_slugs: set[str] = set()
        self.tags: set[str] = set()
        self.talks: set[str] = set()
        self.claims: set[int] = set()
        self.split_refs: list[tuple[str, object]] = []

    def run(self) -> None:
        for item in _objects(self.data, "speakers", "the export"):
            self._speaker(item)
        for item in _objects(self.data, "tags", "the export"):
            self._tag(item)
        talks = _objects(self.data, "talks", "the export")
        urls: set[str] = set()
        translations: list[tuple[str, int]] = []
        for index, item in enumerate(talks):
            record = self._talk(item, index, urls)
            translations += self._claims(item, record)
        for record, target in self.split_refs:
            _require(
                isinstance(target, int) and target in self.claims,
                record,
                f"was split from claim {target}, not here",
            )
        partners: set[int] = set()
        for record, target in translations:
            _require(target in self.claims, record, f"is a translation of claim {target}, not here")
            _require(
                target not in partners, record, f"shares its translation {target} with another"
            )
            partners.add(target)
        for index, item in enumerate(_objects(self.data, "relations", "the export")):
            self._relation(item, f"relation {index + 1}")
        for index, item in enumerate(_objects(self.data, "duplicate_suggestions", "the export")):
            self._suggestion(item, f"duplicate suggestion {index + 1}")
        for index, item in enumerate(_objects(self.data, "dismissed_speaker_pairs", "the export")):
            self._dismissed_pair(item, f"dismissed speaker pair {index + 1}")
        for table in TABLES:
            for index, item in enumerate(_objects(self.data, table.key, "the export")):
                self._table_row(table, item, f"{table.key}[{index}]")

    def _speaker(self, item: dict) -> None:
        name = _text(item, "name", "a speaker")
        record = f"the speaker “{name}”"
        _require(name not in self.speakers, record, "is listed twice")
        if item.get("slug"):
            self.speaker_slugs.add(_slug(item, "speaker", record))
        _fields(item, Speaker, SPEAKER_FIELDS, record)
        aliases = item.get("aliases", [])
        _require(isinstance(aliases, list), record, "has aliases that are not a list")
        _require(all(isinstance(a, str) for a in aliases), record, "has an alias that is not text")
        self.speakers.add(name)

    def _tag(self, item: dict) -> None:
        name = _text(item, "name", "a tag")
        record = f"the tag “{name}”"
        slug = _slug(item, "tag", record)
        _require(slug not in self.tags, record, f"has the slug {slug!r}, used twice")
        keywords = item.get("keywords", [])
        _require(isinstance(keywords, list), record, "has keywords that are not a list")
        _int_or_none(item, "position", record)
        _fields(item, Tag, TAG_FIELDS, record)
        self.tags.add(slug)

    def _talk(self, item: dict, index: int, urls: set[str]) -> str:
        title = _text(item, "title", f"talk {index + 1}")
        record = f"the talk “{title[:80]}”"
        slug = _slug(item, "talk", record)
        _require(slug not in self.talks, record, f"has the slug {slug!r}, used twice")
        self.talks.add(slug)
        url = item.get("url") or ""
        _require(isinstance(url, str), record, "has a URL that is not text")
        if url:
            try:
                _URL(url)
            except ValidationError:
                raise _Invalid(f"{record} has the URL {url[:80]!r}, not an http(s) URL") from None
            _require(url not in urls, record, "has the URL of another talk in the export")
            urls.add(url)
        published = item.get("published")
        if published is not None:
            try:
                dt.date.fromisoformat(published)
            except (TypeError, ValueError):
                raise _Invalid(
                    f"{record} has the date {published!r}, not a YYYY-MM-DD date"
                ) from None
        _choice(item, "published_precision", _PRECISIONS, record, default="day")
        _int_or_none(item, "duration_seconds", record)
        for tag in item.get("tags", []):
            _require(tag in self.tags, record, f"uses the tag “{tag}”, not in the export's tags")
        for row in _objects(item, "speakers", record):
            speaker = row.get("name")
            _require(speaker in self.speakers, record, f"names “{speaker}”, not a speaker here")
            _choice(row, "role", _ROLES, record)
        return record

    def _claims(self, item: dict, record: str) -> list[tuple[str, int]]:
        sections: dict[tuple[str, int], int] = {}
        for row in _objects(item, "summaries", record):
            source = _text(row, "source_name", f"a summary of {record}")
            where = f"the summary {source} of {record}"
            _text(row, "raw", where, required=False)
            _text(row, "html", where, required=False)
            _require(isinstance(row.get("sha256"), str), where, "has no sha256")
            _choice(row, "language", _LANGUAGES, where)
            _choice(row, "front_matter_format", _FRONT_MATTER, where, default="")
            _int_or_none(row, "part", where)
            sections[(source, row.get("part") or 0)] = len(_objects(row, "sections", where))
        translations = []
        for row in _objects(item, "claims", record):
            claim_id = row.get("id")
            where = f"claim {claim_id!r} of {record}"
            ok_id = isinstance(claim_id, int) and not isinstance(claim_id, bool)
            _require(ok_id, where, "has no whole-number id")
            _require(claim_id not in self.claims, where, "has an id used twice")
            self.claims.add(claim_id)
            _text(row, "text", where, required=False)
            _choice(row, "language", _LANGUAGES, where)
            _choice(row, "kind", _KINDS, where)
            _choice(row, "status", _STATUSES, where, default=ClaimStatus.IMPORTED)
            _int_or_none(row, "start_seconds", where)
            speaker = row.get("speaker")
            _require(
                speaker is None or speaker in self.speakers,
                where,
                f"names the speaker “{speaker}”, not in the export's speakers",
            )
            self._claim_place(row, where, sections)
            tagging = [
                t.get("tag") if isinstance(t, dict) else None for t in row.get("tagging", [])
            ]
            for slug in [*tagging, *row.get("tags", [])]:
                _require(
                    slug in self.tags, where, f"uses the tag “{slug}”, not in the export's tags"
                )
            if row.get("translation") is not None:
                translations.append((where, row["translation"]))
            if row.get("split_from") is not None:
                self.split_refs.append((where, row["split_from"]))
        return translations

    def _claim_place(self, row: dict, where: str, sections: dict[tuple[str, int], int]) -> None:
        source = row.get("source_name")
        if source is None:
            return
        key = (source, row.get("part") or 0)
        _require(key in sections, where, f"names the summary {source}, which the talk lacks")
        position = row.get("section_position")
        if position is not None:
            ok = isinstance(position, int) and 0 <= position < sections[key]
            _require(ok, where, f"names section {position!r}, which its summary lacks")

    def _relation(self, item: dict, record: str) -> None:
        for end in ("source", "target"):
            claim = item.get(end)
            _require(claim in self.claims, record, f"names the {end} claim {claim!r}, not here")
        _choice(item, "kind", _RELATION_KINDS, record)

    def _suggestion(self, item: dict, record: str) -> None:
        for key in ("talk", "other"):
            slug = item.get(key)
            if key == "other" and slug is None:
                continue
            _require(slug in self.talks, record, f"names the talk “{slug}”, not in the export")
        _choice(item, "status", _SUGGESTION_STATUSES, record, default="open")

    def _dismissed_pair(self, item: dict, record: str) -> None:
        pair = item.get("speakers")
        _require(isinstance(pair, list) and len(pair) == 2, record, "does not name two speakers")
        for slug in pair:
            _require(slug in self.speaker_slugs, record, f"names the speaker {slug!r}, not here")
        _require(pair[0] != pair[1], record, "names one speaker twice")

    def _table_row(self, table: Table, item: dict, record: str) -> None:
        for name in table.fields:
            _require(name in item, record, f'has no "{name}"')
        _fields(item, table.model, table.fields, record)
        known = {"talk": self.talks, "speaker": self.speaker_slugs, "tag": self.tags}
        for ref, kind in table.refs.items():
            slug = item.get(ref)
            if slug is None and model_field(table.model, ref).null:
                continue
            _require(slug in known[kind], record, f"names the {kind} {slug!r}, not in the export")
