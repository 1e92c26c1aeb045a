"""Theme rules: keywords and patterns, their preview (unsaved) and "apply to all claims"."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from notes.models import Claim, Tag, TaggedClaim
from notes.search import index_claims, search_claims
from notes.services.counters import recount_all
from notes.services.tagging import apply_theme_rules, match_themes, preview_theme_rules
from notes.services.theme_patterns import pattern_problem
from tests.factories import ClaimFactory, TagFactory, TalkFactory
from tests.services.test_counters import assert_fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A theme "Forecasting" (keyword "forecast") and claims in each state it can be in."""
    theme = TagFactory(
        name="Forecasting", slug="forecasting", is_theme=True, keywords=["forecast"], position=0
    )
    talk = TalkFactory(title="On predictions", slug="on-predictions")
    make = lambda text: ClaimFactory(text=text, summary__talk=talk)  # noqa: E731
    claims = {
        "keyword": make("A forecast of AGI by 2030 is bold."),
        "timeline": make("Timelines of ten years look plausible to him."),
        "stale": make("Nobody knows the weather."),
        "by_hand": make("The curator thinks this is about predictions."),
        "zh": make("他预测十年内会出现。"),
        "other": make("Robots fold laundry badly."),
    }
    TaggedClaim.objects.create(
        content_object=claims["keyword"], tag=theme, reason='keyword "forecast"'
    )
    # A rule row the current text no longer supports: the rules would take it away.
    TaggedClaim.objects.create(
        content_object=claims["stale"], tag=theme, reason='keyword "weather"'
    )
    TaggedClaim.objects.create(
        content_object=claims["by_hand"], tag=theme, by_curator=True, reason="set by a curator"
    )
    index_claims(Claim.objects.values_list("pk", flat=True))
    recount_all()
    return theme, claims


NEW_RULES = {"keywords": ["forecast", "预测"], "patterns": [r"time\s?lines?"]}


def test_patterns_match_with_a_reason_after_keywords():
    theme = TagFactory(
        slug="scaling", is_theme=True, keywords=["scaling"], patterns=[r"scal(e|ing) laws?"]
    )
    assert match_themes("Scale laws keep holding.", [theme]) == [
        (theme, 'pattern "scal(e|ing) laws?"')
    ]
    assert match_themes("Scaling laws keep holding.", [theme]) == [(theme, 'keyword "scaling"')]
    assert match_themes("Nothing here.", [theme]) == []


def test_preview_lists_what_the_edited_rules_would_tag_untag_and_keep(world):
    theme, claims = world
    preview = preview_theme_rules(theme, **NEW_RULES)
    tagged = {claim.pk: reason for claim, reason in preview.tagged}
    assert tagged == {
        claims["timeline"].pk: r'pattern "time\s?lines?"',
        claims["zh"].pk: 'keyword "预测"',
    }
    assert {claim.pk: reason for claim, reason in preview.untagged} == {
        claims["stale"].pk: 'keyword "weather"'
    }
    assert [claim.pk for claim, _ in preview.kept] == [claims["by_hand"].pk]
    assert (preview.tagged_total, preview.untagged_total, preview.kept_total) == (2, 1, 1)
    assert preview.unchanged == 2  # the keyword claim and the one set by hand stay on the theme
    theme.refresh_from_db()
    assert theme.patterns == [] and TaggedClaim.objects.filter(tag=theme).count() == 3  # unsaved


def test_preview_caps_each_list_but_counts_them_all(world):
    theme, _claims = world
    for n in range(5):
        ClaimFactory(text=f"Forecast number {n}.")
    preview = preview_theme_rules(theme, ["forecast"], [], limit=2)
    assert len(preview.tagged) == 2 and preview.tagged_total == 5


def test_apply_changes_exactly_the_previewed_claims_and_keeps_hand_tags(world, client):
    theme, claims = world
    theme.keywords, theme.patterns = NEW_RULES["keywords"], NEW_RULES["patterns"]
    theme.save()
    preview = preview_theme_rules(theme)
    before = set(TaggedClaim.objects.filter(tag=theme).values_list("content_object_id", flat=True))

    result = apply_theme_rules(theme)

    after = set(TaggedClaim.objects.filter(tag=theme).values_list("content_object_id", flat=True))
    assert after - before == {claim.pk for claim, _ in preview.tagged}
    assert before - after == {claim.pk for claim, _ in preview.untagged}
    assert claims["by_hand"].pk in after and claims["other"].pk not in after
    assert (result.tagged, result.untagged, result.unchanged) == (2, 1, 2)
    assert (
        TaggedClaim.objects.get(tag=theme, content_object=claims["zh"]).reason == 'keyword "预测"'
    )
    assert_fresh()  # the counters equal a fresh count, without a recount
    # Search, the public theme page and the API see the new tagging.
    assert {hit.claim.pk for hit in search_claims("theme:forecasting").hits} == after
    page = client.get(reverse("notes:theme", args=["forecasting"]))
    assert "十年内" in page.content.decode() and "the weather" not in page.content.decode()
    api = client.get(reverse("notes:api-claims"), {"theme": "forecasting"}).json()
    assert {row["id"] for row in api["results"]} == after
    assert apply_theme_rules(theme).tagged == 0  # a second run changes nothing


def test_a_claim_whose_tags_a_curator_edited_keeps_a_rule_tag(world):
    theme, claims = world
    Claim.objects.filter(pk=claims["stale"].pk).update(curated_fields=["tags"])
    preview = preview_theme_rules(theme)
    assert preview.untagged == [] and claims["stale"].pk in {c.pk for c, _ in preview.kept}
    apply_theme_rules(theme)
    assert TaggedClaim.objects.filter(tag=theme, content_object=claims["stale"]).exists()


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(unclosed", "not a valid regular expression"),
        ("x" * 201, "longer than 200"),
        ("a*", "matches an empty text"),
        ("(a|aa)+$", "takes too long"),
    ],
)
def test_unusable_patterns_are_refused_in_one_sentence(pattern, problem):
    found = pattern_problem(pattern)
    assert found is not None and problem in found.sentence and found.sentence.count(". ") == 0


def test_a_sound_pattern_passes():
    assert pattern_problem(r"\bAGI\b") is None


def test_a_pattern_that_times_out_on_a_claim_leaves_it_alone(world, monkeypatch):
    from notes.services import theme_patterns

    theme, _claims = world
    monkeypatch.setattr(theme_patterns, "MATCH_BUDGET", 0.001)
    slow = ClaimFactory(text="a" * 3000 + "!")
    TaggedClaim.objects.create(content_object=slow, tag=theme, reason='keyword "old"')
    preview = preview_theme_rules(theme, [], ["(a|aa)+$"])
    assert preview.undecided == 1
    assert slow.pk not in {c.pk for c, _ in [*preview.tagged, *preview.untagged]}
    theme.patterns = ["(a|aa)+$"]
    assert apply_theme_rules(theme).undecided == 1
    assert TaggedClaim.objects.get(tag=theme, content_object=slow).reason == 'keyword "old"'


def admin_change(theme):
    return reverse("admin:notes_tag_change", args=[theme.pk])


def form_data(theme, **changes):
    data = {
        "name": theme.name,
        "name_zh": theme.name_zh,
        "slug": theme.slug,
        "is_theme": "on",
        "position": theme.position,
        "description": "",
        "description_zh": "",
        "keywords": "\n".join(theme.keywords),
        "patterns": "\n".join(theme.patterns),
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_an_invalid_pattern_is_a_form_error_naming_it(admin_client, world):
    theme, _claims = world
    response = admin_client.post(admin_change(theme), form_data(theme, patterns="ok\n(broken"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["patterns"]
    assert len(errors) == 1 and "“(broken”" in errors[0]
    theme.refresh_from_db()
    assert theme.patterns == []


def test_the_preview_button_posts_unsaved_rules_without_javascript(admin_client, world):
    theme, _claims = world
    url = reverse("admin:notes_tag_rules_preview", args=[theme.pk])
    page = admin_client.post(
        url, form_data(theme, keywords="forecast\n预测", patterns=r"time\s?lines?")
    )
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html
    assert "他预测十年内会出现" in html and "Nobody knows the weather" in html
    assert "Kept (set by hand)" in html and "keyword &quot;预测&quot;" in html
    fragment = admin_client.post(
        url, {"keywords": "forecast", "patterns": "(x"}, HTTP_X_KB_FRAGMENT="1"
    )
    assert (
        "<html" not in fragment.content.decode()
        and "not a valid regular" in fragment.content.decode()
    )
    assert list(Tag.objects.get(pk=theme.pk).keywords) == ["forecast"]


def test_the_theme_page_has_the_preview_and_apply_controls(admin_client, world):
    theme, _claims = world
    html = admin_client.get(admin_change(theme)).content.decode()
    assert 'name="_preview"' in html and 'name="_apply_rules"' in html
    assert "js/theme-rules.js" in html and "<script>" not in html  # CSP: no inline script


def test_save_and_apply_reports_counts_and_logs_it(admin_client, world):
    theme, claims = world
    data = form_data(theme, keywords="forecast\n预测", patterns=r"time\s?lines?", _apply_rules="1")
    done = admin_client.post(admin_change(theme), data, follow=True)
    messages = [str(m) for m in done.context["messages"]]
    assert any("2 tagged, 1 untagged, 2 unchanged" in m for m in messages)
    entry = LogEntry.objects.filter(object_id=str(theme.pk)).order_by("-pk").first()
    assert "2 tagged, 1 untagged" in entry.get_change_message()
    assert TaggedClaim.objects.filter(tag=theme, content_object=claims["zh"]).exists()


def test_the_list_action_applies_the_selected_themes(admin_client, world):
    theme, claims = world
    plain = TagFactory(slug="plain")
    TaggedClaim.objects.create(content_object=claims["other"], tag=plain)
    admin_client.post(
        reverse("admin:notes_tag_changelist"),
        {"action": "apply_rules", "_selected_action": [theme.pk, plain.pk]},
    )
    assert not TaggedClaim.objects.filter(tag=theme, content_object=claims["stale"]).exists()
    assert TaggedClaim.objects.filter(tag=plain).exists()  # plain tags have no rules
    assert LogEntry.objects.filter(object_id=str(theme.pk)).exists()


def test_the_preview_is_staff_only(client, django_user_model, world):
    theme, _claims = world
    url = reverse("admin:notes_tag_rules_preview", args=[theme.pk])
    assert client.post(url, {"keywords": "x"}).status_code == 302
    client.force_login(django_user_model.objects.create_user("reader", password="pw-123456789"))
    assert client.post(url, {"keywords": "x"}).status_code == 302
