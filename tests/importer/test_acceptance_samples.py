"""Acceptance: the five sample summaries, imported in several orders, yield every fact of expected.json."""

import json
from importlib import import_module

import pytest
from django.apps import apps as django_apps

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import (
    Claim,
    DuplicateSuggestion,
    ImportRun,
    Section,
    Speaker,
    SpeakerAlias,
    Summary,
    Tag,
    TaggedClaim,
    TaggedTalk,
    Talk,
    TalkSpeaker,
)
from notes.services.export import build_export
from tests.conftest import SAMPLES_DIR
from tests.importer.expectations import check_file, check_speakers_exactly_once, talk_of

pytestmark = pytest.mark.django_db

NAMES = sorted(p.name for p in SAMPLES_DIR.glob("*.txt")) if SAMPLES_DIR.is_dir() else []
ORDERS = [NAMES[i:] + NAMES[:i] for i in range(len(NAMES))] + [NAMES[::-1]]
ORDER_IDS = [f"rotation{i}" for i in range(len(NAMES))] + ["reversed"]


@pytest.fixture
def expected(shared_dir):
    return json.loads((SAMPLES_DIR / "expected.json").read_text(encoding="utf-8"))


def sources(names):
    return [SourceFile(name, (SAMPLES_DIR / name).read_bytes()) for name in names]


def row_counts():
    models = [Talk, Summary, Section, Claim, Speaker, SpeakerAlias, TalkSpeaker, TaggedClaim, TaggedTalk,
              Tag, DuplicateSuggestion]  # fmt: skip
    return {m.__name__: m.objects.count() for m in models}


def last_updates():
    return (
        list(Talk.objects.order_by("pk").values_list("pk", "updated")),
        list(Summary.objects.order_by("pk").values_list("pk", "updated")),
        list(Claim.objects.order_by("pk").values_list("pk", "updated")),
    )


@pytest.mark.parametrize("order", ORDERS, ids=ORDER_IDS)
def test_every_expected_fact_holds_in_any_order(expected, order):
    result = import_sources(sources(order))

    assert result.failed == 0, [f.message for f in result.files if f.failed]
    problems = []
    for name, facts in expected["files"].items():
        problems += check_file(name, facts, talk_of)
    after = expected["after_importing_all"]
    talks = {talk_of(name).pk for name in after["one_talk_for"]}
    if len(talks) != 1:
        problems.append(f"{after['one_talk_for']} are in {len(talks)} talks")
    count = Talk.objects.count()
    if not after["talks_min"] <= count <= after["talks_max"]:
        problems.append(f"{count} talks")
    problems += check_speakers_exactly_once(after["speakers_exactly_once"])
    assert problems == []


def test_reimporting_changes_nothing(expected):
    assert expected["after_importing_all"]["reimport_changes_nothing"]
    import_sources(sources(NAMES))
    counts, updates = row_counts(), last_updates()

    again = import_sources(sources(NAMES[::-1]))

    assert again.unchanged == len(NAMES)
    assert row_counts() == counts
    assert last_updates() == updates


def comparable_export():
    """The export, with what legitimately depends on order (suggestion direction) made neutral."""
    data = build_export()
    data["duplicate_suggestions"] = sorted(
        (sorted([s["talk"], s["other"] or ""]), s["status"]) for s in data["duplicate_suggestions"]
    )
    return data


def empty_the_database():
    """Back to a fresh knowledge base: seeded themes and speakers (migrations 0002, 0006) only."""
    for model in (DuplicateSuggestion, ImportRun, Talk, Speaker):
        model.objects.all().delete()
    Tag.objects.filter(is_theme=False).delete()
    import_module("notes.migrations.0006_seed_speakers").seed_speakers(django_apps, None)


def test_the_whole_result_is_the_same_in_every_order(expected):
    assert expected["after_importing_all"]["import_order_independent"]
    snapshots = []
    for order in ORDERS:
        import_sources(sources(order))
        snapshots.append(comparable_export())
        empty_the_database()

    for order, snapshot in zip(ORDERS[1:], snapshots[1:], strict=True):
        assert snapshot == snapshots[0], f"order {order} differs"


def test_the_three_interview_summaries_are_one_talk_with_three_summaries(expected):
    import_sources(sources(NAMES))
    talk = talk_of(expected["after_importing_all"]["one_talk_for"][0])

    assert talk.summaries.count() == 3
