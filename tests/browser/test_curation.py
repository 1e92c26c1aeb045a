"""A curator in Chromium: a keyboard review session that a re-import leaves alone, and a merge of two
talks through its preview. The new admin pages fit a 1280 px window and pass axe-core."""

import pytest

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, ClaimStatus, Talk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "curator-pw-123456"
NOTE = """---
title: Agents need a decade
speaker: Andrej Karpathy
source: https://example.org/agents-decade
---
# Agents need a decade

## Key points

- Agents are not yet good enough to be employees; they lack continual learning.
- Reinforcement learning is terrible, but everything before it was worse.
- Models still hallucinate when they leave their training distribution.
"""
LONG_TITLE = "A very long talk title " + "that goes on and on " * 12


@pytest.fixture
def curator(web, django_user_model):
    django_user_model.objects.create_superuser("curator", "c@example.org", PASSWORD)
    web.visit("/admin/login/")
    web.page.fill("#id_username", "curator")
    web.page.fill("#id_password", PASSWORD)
    web.page.click("input[type=submit]")
    web.page.wait_for_url("**/admin/")
    return web


def check_page(web, name):
    assert web.horizontal_overflow() == 0, f"{name} is wider than 1280 px"
    assert web.axe_violations() == [], name


def test_a_keyboard_review_session_survives_a_reimport(curator):
    web = curator
    import_sources([SourceFile("agents.md", NOTE.encode())])
    first, second, third = Claim.objects.order_by("position")

    web.visit("/admin/")
    web.page.click("text=3 claims to review")
    web.page.wait_for_selector("#kb-queue")
    check_page(web, "review queue")
    keys = web.page.keyboard
    keys.press("j")
    keys.press("x")
    keys.press("j")
    keys.press("x")
    keys.press("t")
    keys.type("agents")
    with web.page.expect_navigation():
        keys.press("Enter")
    assert "tagged agents: 2 claims" in web.page.inner_text(".messagelist").lower()
    keys.press("j")
    keys.press("x")
    keys.press("j")
    keys.press("x")
    with web.page.expect_navigation():
        keys.press("r")
    assert {c.pk for c in Claim.objects.filter(status=ClaimStatus.REVIEWED)} == {
        first.pk,
        second.pk,
    }
    assert set(Claim.objects.filter(tags__name="agents").values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    # The third claim's text, edited in its row: e opens the editor, Ctrl+Enter saves.
    web.page.wait_for_selector(f"tr[data-claim='{third.pk}']")
    keys.press("j")
    keys.press("e")
    assert web.page.is_visible(f"#kb-text-{third.pk}")
    keys.press("Control+a")
    keys.type("Models still hallucinate off their training distribution, a curator says.")
    with web.page.expect_navigation():
        keys.press("Control+Enter")
    assert "text saved" in web.page.inner_text(".messagelist").lower()
    third.refresh_from_db()
    assert third.text.endswith("a curator says.") and "text" in third.curated_fields
    check_page(web, "review queue after an edit")
    before = list(
        Claim.objects.filter(pk__in=[first.pk, second.pk, third.pk])
        .order_by("pk")
        .values_list("text", "status")
    )

    edited = (
        NOTE.replace("Agents are not yet", "Agents are nowhere near")
        .replace("Reinforcement learning is terrible", "RL is terrible")
        .replace("Models still hallucinate", "Models often hallucinate")
    )
    import_sources([SourceFile("agents.md", edited.encode())])

    after = list(
        Claim.objects.filter(pk__in=[first.pk, second.pk, third.pk])
        .order_by("pk")
        .values_list("text", "status")
    )
    assert after == before
    web.visit("/admin/notes/claim/review/?status=reviewed")
    assert "agents" in web.page.inner_text("#kb-queue")
    assert web.errors == []


def test_a_merge_through_its_preview(curator):
    from tests.factories import ClaimFactory, SummaryFactory, TalkFactory

    web = curator
    public = TalkFactory(title=LONG_TITLE, slug="public-version", public=True)
    draft = TalkFactory(title="Draft version", slug="draft-version", public=False)
    ClaimFactory(summary=SummaryFactory(talk=public, source_name="x/" * 80 + "essay.md"))
    ClaimFactory(summary=SummaryFactory(talk=draft))

    web.visit("/admin/notes/talk/")
    web.page.check(f"input[name=_selected_action][value='{public.pk}']")
    web.page.check(f"input[name=_selected_action][value='{draft.pk}']")
    web.page.select_option("select[name=action]", "merge_selected")
    with web.page.expect_navigation():
        web.page.click("button[name=index]")
    assert "/admin/notes/talk/merge/" in web.page.url
    check_page(web, "merge preview")
    web.page.check(f"input[name=survivor][value='{draft.pk}']")
    with web.page.expect_navigation():
        web.page.click("text=Update the preview")
    assert web.page.is_checked("input[name=public][value='1']")  # public: one of them was
    with web.page.expect_navigation():
        web.page.click("input[name=confirm]")
    assert "redirect" in web.page.inner_text(".messagelist")

    survivor = Talk.objects.get()
    assert survivor.pk == draft.pk and survivor.public and survivor.claims.count() == 2
    response = web.visit("/talks/public-version/")
    assert response.status == 200 and web.page.url.endswith("/talks/draft-version/")
    assert web.errors == []


def test_curator_pages_fit_and_pass_axe(curator):
    from notes.models import DuplicateSuggestion
    from tests.factories import SpeakerFactory, TalkFactory

    SpeakerFactory(name="Richard Sutton")
    SpeakerFactory(name="R. Sutton")
    DuplicateSuggestion.objects.create(
        talk=TalkFactory(title=LONG_TITLE),
        other=TalkFactory(
            title="我很困惑为什么有些人既预测超短时间线同时又看好在之上扩展强化学习" * 3
        ),
        score=0.4,
        reason="35% of the Chinese phrases of the shorter talk also occur in the other; "
        "1 speaker(s) in common. " * 3,
    )
    for name, path in {
        "home": "/admin/",
        "speaker duplicates": "/admin/notes/speaker/duplicates/",
        "duplicate suggestions": "/admin/notes/duplicatesuggestion/",
    }.items():
        curator.visit(path)
        check_page(curator, name)
    assert curator.errors == []


def test_the_import_preview_of_a_long_zip_path_fits_the_window(curator, settings, tmp_path):
    import io
    import zipfile

    settings.DATA_DIR = tmp_path
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes/" + "averylongfoldername_" * 10 + "/agents.md", NOTE)
    curator.visit("/admin/notes/importrun/import/")
    curator.page.set_input_files(
        "input[type=file]",
        files=[{"name": "notes.zip", "mimeType": "application/zip", "buffer": buffer.getvalue()}],
    )
    with curator.page.expect_navigation():
        curator.page.click("input[type=submit]")
    assert "averylongfoldername_" in curator.page.content()
    check_page(curator, "import preview")


def test_the_theme_rules_preview_follows_typing_fits_and_passes_axe(curator):
    from notes.models import TaggedClaim
    from tests.factories import ClaimFactory, TagFactory

    theme = TagFactory(name="Forecasting", slug="forecasting", is_theme=True, keywords=["forecast"])
    ClaimFactory(text="他预测十年内会出现 " + "很长的句子" * 40)
    stale = ClaimFactory(text="Nobody knows the weather.")
    TaggedClaim.objects.create(content_object=stale, tag=theme, reason='keyword "weather"')

    curator.visit(f"/admin/notes/tag/{theme.pk}/change/")
    curator.page.wait_for_selector("#kb-rules-preview .kb-rules-summary")
    assert curator.page.is_visible("#kb-would-untag")
    curator.page.fill("#id_keywords", "forecast\n预测")
    curator.page.wait_for_selector("#kb-would-tag")  # updated as typed, nothing saved
    assert "十年内" in curator.page.inner_text("#kb-would-tag")
    check_page(curator, "theme change page with its preview")
    curator.visit(f"/admin/notes/tag/{theme.pk}/rules-preview/")
    check_page(curator, "theme rules preview page")
    assert curator.errors == []


def test_relating_a_claim_from_the_queue_with_the_search(curator):
    from notes.models import ClaimRelation
    from notes.search import index_claims
    from tests.factories import ClaimFactory

    web = curator
    source = ClaimFactory(text="Agents lack continual learning.")
    target = ClaimFactory(text="Continual learning arrives within a year of deployment.")
    index_claims([source.pk, target.pk])
    web.visit(f"/admin/notes/claim/review/?talk={source.talk_id}")
    keys = web.page.keyboard
    keys.press("j")
    keys.press("l")
    assert web.page.evaluate("document.activeElement.id") == "kb-link-q"
    keys.type("deployment")
    web.page.wait_for_function(
        "id => !!document.querySelector(`#kb-link-target option[value='${id}']`)", arg=target.pk
    )
    web.page.select_option("#kb-relation-kind", "contradicts")
    with web.page.expect_navigation():
        web.page.click("text=Apply to the selected claims")
    relation = ClaimRelation.objects.get()
    assert (relation.source_id, relation.target_id, relation.kind) == (
        source.pk,
        target.pk,
        "contradicts",
    )
    check_page(web, "review queue after relating")
    assert web.errors == []


def test_the_import_progress_bar_follows_the_worker_and_then_shows_the_preview(
    curator, settings, tmp_path
):
    from notes.importer.jobs import preview_upload
    from notes.models import ImportJob

    settings.DATA_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    curator.visit("/admin/notes/importrun/import/")
    curator.page.set_input_files(
        "input[type=file]",
        files=[{"name": "agents.md", "mimeType": "text/markdown", "buffer": NOTE.encode()}],
    )
    with curator.page.expect_navigation():
        curator.page.click("input[type=submit]")
    assert curator.page.locator("progress#kb-job-progress").count() == 1
    check_page(curator, "import progress")

    preview_upload.call(ImportJob.objects.get().pk)  # the worker's turn; the page polls and reloads

    curator.page.wait_for_selector("input[name=confirm]", timeout=15000)
    assert "Agents need a decade" in curator.page.content()
    assert curator.errors == []  # no CSP violation, no script error
