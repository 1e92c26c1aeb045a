"""A restored export is checked whole (slugs, URLs, references) before any row is written."""

import copy
import json

import pytest

from notes.importer.persist import PersistContext, persist_document
from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, Speaker, Tag, Talk
from notes.services.export import build_export
from tests.importer.parsed_builders import make_document, make_talk

pytestmark = pytest.mark.django_db


@pytest.fixture
def export():
    """An export of two talks, taken from a database that is then emptied."""
    persist_document(make_document("a.md"), PersistContext())
    second = make_talk(title="Another talk", url="https://example.org/x", points=["Robots learn."])
    persist_document(make_document("b.md", second), PersistContext())
    data = build_export()
    for model in (Talk, Speaker, Tag):
        model.objects.all().delete()
    return data


def restore(data: dict):
    return import_sources([SourceFile("kb-export.json", json.dumps(data).encode())])


def set_talk(field, value):
    return lambda data: data["talks"][1].__setitem__(field, value)


def first_claim(data):
    return next(c for t in data["talks"] for c in t["claims"])


BREAKAGES = {
    "talk slug with a slash": (set_talk("slug", "bad/slug"), "bad/slug"),
    "talk slug empty": (set_talk("slug", ""), "slug"),
    "talk URL not a URL": (set_talk("url", "javascript:alert(1)"), "URL"),
    "talk date not a date": (set_talk("published", "yesterday"), "date"),
    "speaker slug with spaces and <": (
        lambda d: d["speakers"][0].__setitem__("slug", "a <b> c"),
        "a <b> c",
    ),
    "tag slug with a slash": (lambda d: d["tags"][0].__setitem__("slug", "x/y"), "x/y"),
    "two talks, one slug": (
        lambda d: d["talks"][1].__setitem__("slug", d["talks"][0]["slug"]),
        "twice",
    ),
    "claim names a missing tag": (
        lambda d: first_claim(d).__setitem__("tags", ["no-such-tag"]),
        "no-such-tag",
    ),
    "claim names a missing speaker": (
        lambda d: first_claim(d).__setitem__("speaker", "Nobody Known"),
        "Nobody Known",
    ),
    "translation of a missing claim": (
        lambda d: first_claim(d).__setitem__("translation", 9999),
        "9999",
    ),
    "part split from a missing claim": (
        lambda d: first_claim(d).__setitem__("split_from", 9999),
        "split from claim 9999",
    ),
    "part split from a list": (
        lambda d: first_claim(d).__setitem__("split_from", [1]),
        "split from claim [1]",
    ),
    "alias of a missing tag": (
        lambda d: d.__setitem__("tag_aliases", [{"alias": "RL", "tag": "no-such-tag"}]),
        "no-such-tag",
    ),
    "relation to a missing claim": (
        lambda d: d.__setitem__(
            "relations", [{"source": 1, "target": 9999, "kind": "supports", "note": ""}]
        ),
        "9999",
    ),
    "talk speaker not in speakers": (
        lambda d: d["talks"][1]["speakers"].append({"name": "Ghost", "role": "guest"}),
        "Ghost",
    ),
    "claim of an unknown kind": (lambda d: first_claim(d).__setitem__("kind", "rant"), "rant"),
    "a talk that is not an object": (lambda d: d["talks"].append("oops"), "talks"),
    "a suggestion naming a missing talk": (
        lambda d: d.__setitem__(
            "duplicate_suggestions",
            [{"talk": "nowhere", "other": None, "score": 1, "reason": "", "status": "open"}],
        ),
        "nowhere",
    ),
    "theme description_zh not text": (
        lambda d: d["tags"][0].__setitem__("description_zh", ["not", "text"]),
        "description_zh",
    ),
    "glossary term without its Chinese side": (
        lambda d: d.__setitem__("glossary", [{"english": "value function", "note": ""}]),
        "chinese",
    ),
    "glossary term too long": (
        lambda d: d.__setitem__(
            "glossary", [{"english": "x" * 201, "chinese": "价值", "note": ""}]
        ),
        "longer than 200",
    ),
    "old slug redirecting to a missing talk": (
        lambda d: d.__setitem__(
            "slug_redirects",
            [{"kind": "talk", "old_slug": "old", "talk": "gone", "speaker": None, "tag": None}],
        ),
        "gone",
    ),
    "old slug of an unknown kind": (
        lambda d: d.__setitem__(
            "slug_redirects",
            [{"kind": "planet", "old_slug": "old", "talk": None, "speaker": None, "tag": None}],
        ),
        "planet",
    ),
    "dismissed pair naming a missing speaker": (
        lambda d: d.__setitem__(
            "dismissed_speaker_pairs", [{"speakers": [d["speakers"][0]["slug"], "nobody"]}]
        ),
        "nobody",
    ),
    "two claims sharing one translation": (
        lambda d: [c.__setitem__("translation", 1) for c in d["talks"][1]["claims"][:2]],
        "shares its translation 1",
    ),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_an_inconsistent_export_fails_whole_naming_the_record(export, name):
    damage, named = BREAKAGES[name]
    data = copy.deepcopy(export)
    damage(data)

    result = restore(data)

    assert (result.failed, result.imported) == (1, 0), result.files[0].message
    message = result.files[0].message
    assert named in message
    assert message.count(". ") == 0 and message.endswith(".")  # one sentence
    assert Talk.objects.count() == 0
    assert Claim.objects.count() == 0
    assert Speaker.objects.count() == 0
    assert Tag.objects.count() == 0


def test_the_intact_export_still_restores(export):
    result = restore(export)
    assert result.imported == 1, result.files[0].message
    assert Talk.objects.count() == 2
