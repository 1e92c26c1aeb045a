"""Export → empty database → restore → export again gives identical JSON."""

import json

import pytest

from notes.importer.persist import PersistContext, persist_document
from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import (
    Claim,
    ClaimRelation,
    DuplicateSuggestion,
    ImportRun,
    Speaker,
    Summary,
    Tag,
    TaggedClaim,
    Talk,
)
from notes.services.curation import mark_curated
from notes.services.export import build_export, export_json
from notes.services.review import set_claim_status
from tests.importer.parsed_builders import make_document, make_talk

pytestmark = pytest.mark.django_db

TOP_KEYS = ["format", "version", "speakers", "tags", "talks", "relations", "duplicate_suggestions",
            "dismissed_speaker_pairs", "glossary", "tag_aliases", "slug_redirects"]  # fmt: skip
TALK_KEYS = {"title", "slug", "url", "published", "duration_seconds", "public", "tags", "speakers",
             "summaries", "claims"}  # fmt: skip
CLAIM_KEYS = {"id", "text", "language", "kind", "speaker", "source_name", "section", "start_seconds",
              "tags", "status", "translation", "split_from"}  # fmt: skip


def empty_the_database():
    for model in (DuplicateSuggestion, ImportRun, Talk, Speaker, Tag):
        model.objects.all().delete()


def restore(text: str):
    return import_sources([SourceFile("kb-export.json", text.encode())])


def curated_content():
    persist_document(make_document("a.md"), PersistContext())
    dialogue = [("Ada", "Priors matter a great deal."), ("Grace", "Say more.")]
    second = make_talk(
        title="Another talk",
        url="https://example.org/x",
        points=["Robots learn from demonstrations."],
        dialogue=dialogue,
    )
    persist_document(make_document("b.md", second), PersistContext())
    claim = Claim.objects.get(text__startswith="Models generalize")
    claim.text = "Edited by a curator."
    claim.save()
    mark_curated(claim, ["text"])
    set_claim_status(Claim.objects.filter(text__startswith="Say more"), "hidden")
    TaggedClaim.objects.create(
        content_object=claim, tag=Tag.objects.get(slug="timelines"), by_curator=True
    )
    ClaimRelation.objects.create(
        source=claim, target=Claim.objects.get(text__startswith="Priors"), kind="supports"
    )


def test_export_has_the_documented_keys():
    curated_content()
    data = build_export()

    assert list(data)[: len(TOP_KEYS)] == TOP_KEYS
    assert (data["format"], data["version"]) == ("kb-export", 2)
    talk = data["talks"][0]
    assert set(talk) >= TALK_KEYS
    assert set(talk["claims"][0]) >= CLAIM_KEYS
    assert {"name", "slug", "aliases"} <= set(data["speakers"][0])
    theme_fields = {"name", "slug", "is_theme", "description", "description_zh", "keywords",
                    "name_zh"}  # fmt: skip
    assert theme_fields <= set(data["tags"][0])
    ids = [c["id"] for t in data["talks"] for c in t["claims"]]
    assert ids == list(range(1, len(ids) + 1))


def test_restore_into_an_empty_database_exports_identically():
    curated_content()
    first = export_json()
    empty_the_database()
    assert Claim.objects.count() == 0

    result = restore(first)

    assert result.imported == 1, result.files[0].message
    assert export_json() == first
    assert Claim.objects.get(text="Edited by a curator.").curated_fields == ["text"]


def test_restoring_twice_changes_nothing():
    curated_content()
    first = export_json()
    empty_the_database()
    restore(first)

    again = restore(first)

    assert again.unchanged == 1
    assert export_json() == first


def test_original_files_are_unchanged_after_a_restore():
    persist_document(make_document("a.md"), PersistContext())
    text = export_json()
    empty_the_database()
    restore(text)

    outcome = persist_document(make_document("a.md"), PersistContext())

    assert outcome.outcome == "unchanged"
    assert Summary.objects.count() == 1


def test_a_hand_edited_export_fails_whole_with_one_sentence():
    persist_document(make_document("a.md"), PersistContext())
    data = json.loads(export_json())
    empty_the_database()
    data["talks"][0]["summaries"][0]["raw"] += "tampered"

    result = restore(json.dumps(data))

    assert result.failed == 1
    assert "does not match its sha256" in result.files[0].message
    assert Talk.objects.count() == 0


def test_a_version_1_export_still_restores_with_the_new_fields_at_their_defaults():
    curated_content()
    data = build_export()
    data["version"] = 1
    for key in ("dismissed_speaker_pairs", "glossary", "slug_redirects"):
        del data[key]
    for tag in data["tags"]:
        del tag["description_zh"]
    empty_the_database()

    result = restore(json.dumps(data))

    assert result.imported == 1, result.files[0].message
    assert Claim.objects.get(text="Edited by a curator.").curated_fields == ["text"]
    assert set(Tag.objects.values_list("description_zh", flat=True)) == {""}


def test_an_unknown_version_is_refused_in_one_sentence():
    persist_document(make_document("a.md"), PersistContext())
    data = build_export()
    data["version"] = 99
    empty_the_database()

    result = restore(json.dumps(data))

    assert result.failed == 1
    assert "version 99 is not supported" in result.files[0].message
    assert Talk.objects.count() == 0


def test_the_exported_html_is_sanitised_again_on_restore():
    persist_document(make_document("a.md"), PersistContext())
    data = build_export()
    data["talks"][0]["summaries"][0]["html"] += (
        '<script>alert(1)</script><a href="javascript:x">y</a>'
    )
    empty_the_database()

    result = restore(json.dumps(data))

    assert result.imported == 1, result.files[0].message
    html = Summary.objects.get().html
    assert "<script" not in html and "javascript:" not in html
    assert html.endswith(">y</a>")  # the link's text stays, its script URL goes
