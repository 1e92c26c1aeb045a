"""Keyword themes: matching rules, reasons, and never undoing a curator's tags."""

import pytest

from notes.models import Tag, TaggedClaim
from notes.services.tagging import apply_themes, match_themes
from tests.factories import ClaimFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return list(Tag.objects.filter(is_theme=True))


def slugs(matches):
    return {tag.slug for tag, _reason in matches}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Generalization is the bottleneck.", {"generalization"}),
        ("模型的泛化能力不足", {"generalization"}),
        ("The world is big.", set()),  # "RL" is not inside "world"
        ("RLHF changed everything", {"rl-scaling"}),
        ("在RL环境里训练", {"rl-scaling"}),
        ("We travelled across Asia.", set()),  # "ASI" is an acronym, not the start of "Asia"
        ("ASI may arrive late.", {"superintelligence"}),
    ],
)
def test_match_themes_rules(themes, text, expected):
    assert slugs(match_themes(text, themes)) & {t.slug for t in themes} == expected


def test_reason_names_the_keyword(themes):
    matches = dict((tag.slug, reason) for tag, reason in match_themes("可靠泛化很难", themes))
    assert matches["generalization"] == 'keyword "泛化"'


def test_apply_themes_adds_updates_and_removes_keyword_rows():
    claim = ClaimFactory(text="Continual learning is the missing piece.")
    assert apply_themes([claim]) == 1
    assert set(claim.tags.values_list("slug", flat=True)) == {"continual-learning"}

    claim.text = "Robots will need it."
    claim.save()
    assert apply_themes(type(claim).objects.filter(pk=claim.pk)) == 1
    assert set(claim.tags.values_list("slug", flat=True)) == {"robotics"}
    assert apply_themes([claim]) == 0  # nothing left to change


def test_apply_themes_never_removes_curator_tags():
    claim = ClaimFactory(text="Nothing thematic here.")
    theme = Tag.objects.get(slug="timelines")
    TaggedClaim.objects.create(content_object=claim, tag=theme, by_curator=True, reason="curator")
    plain = TagFactory(name="favourite", slug="favourite")
    TaggedClaim.objects.create(content_object=claim, tag=plain)

    apply_themes([claim])

    assert set(claim.tags.values_list("slug", flat=True)) == {"timelines", "favourite"}


def test_apply_themes_only_adds_when_the_curator_edited_tags():
    claim = ClaimFactory(text="Generalization matters.", curated_fields=["tags"])
    apply_themes([claim])
    claim.text = "Something else entirely."
    claim.save()

    apply_themes([claim])

    assert set(claim.tags.values_list("slug", flat=True)) == {"generalization"}
