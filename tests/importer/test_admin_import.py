"""The admin's "Import summaries" page: staff only, preview by dry run, confirm, errors as sentences."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notes.admin.imports import SESSION_KEY
from notes.models import DuplicateSuggestion, ImportRun, Summary, Talk
from tests.conftest import BADINPUT_DIR, SAMPLES_DIR
from tests.factories import TalkFactory

pytestmark = pytest.mark.django_db

INTERVIEW = "000_36439bad81153fe1.txt"
ESSAY = "004_02a4c70c7ec75497.txt"
URL = "/admin/notes/importrun/import/"


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "uploads"


def upload(*paths):
    return [SimpleUploadedFile(p.name, p.read_bytes()) for p in paths]


def preview(client, files):
    """Upload, then follow to the job's page (the immediate task backend has run the preview)."""
    return client.post(URL, {"files": files}, follow=True)


def test_the_page_has_the_url_the_brief_names():
    assert reverse("admin:notes_importrun_import") == URL


def test_anonymous_and_non_staff_go_to_the_login(client, django_user_model):
    assert client.get(URL).url.startswith("/admin/login/")
    user = django_user_model.objects.create_user("reader", password="pw-reader-123")
    client.force_login(user)
    assert client.get(URL).url.startswith("/admin/login/")


def test_the_changelist_links_to_the_import_page(admin_client):
    page = admin_client.get(reverse("admin:notes_importrun_changelist"))
    assert URL in page.content.decode()


def test_preview_then_confirm_imports_and_cleans_up(admin_client, shared_dir, upload_dir):
    page = preview(admin_client, upload(SAMPLES_DIR / INTERVIEW, SAMPLES_DIR / ESSAY))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Ilya Sutskever" in html and "new talk" in html and "Dwarkesh Patel (author)" in html
    assert Talk.objects.count() == 0  # a dry run
    token = admin_client.session[SESSION_KEY]
    assert (upload_dir / token).is_dir()

    done = admin_client.post(URL, {"confirm": "1", "token": token})

    run = ImportRun.objects.get()
    assert done.url == reverse("admin:notes_importrun_change", args=[run.pk])
    assert (run.origin, run.imported) == ("admin", 2)
    assert Summary.objects.count() == 2
    assert not (upload_dir / token).exists()
    assert admin_client.get(done.url).status_code == 200


def test_confirm_with_a_foreign_token_imports_nothing(admin_client, shared_dir, upload_dir):
    preview(admin_client, upload(SAMPLES_DIR / INTERVIEW))

    page = admin_client.post(URL, {"confirm": "1", "token": "../../etc"}, follow=True)

    assert "no longer available" in page.content.decode()
    assert Talk.objects.count() == 0


def test_a_zip_upload_is_previewed_per_file(admin_client, shared_dir, upload_dir):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(INTERVIEW, (SAMPLES_DIR / INTERVIEW).read_bytes())
        archive.writestr("bad.md", (BADINPUT_DIR / "yaml" / "fm-unterminated.md").read_bytes())
    page = preview(admin_client, [SimpleUploadedFile("notes.zip", buffer.getvalue())])

    html = page.content.decode()
    assert page.status_code == 200
    assert INTERVIEW in html and "bad.md" in html and "failed" in html


def test_no_file_is_a_sentence_not_an_error(admin_client, upload_dir):
    page = admin_client.post(URL, {})
    assert page.status_code == 200
    assert "Choose one or more files" in page.content.decode()


BAD_FILES = (
    sorted(p for p in (BADINPUT_DIR / "yaml").iterdir() if p.name != "fm-deep-flow-30000.md")
    + sorted((BADINPUT_DIR / "encoding").iterdir())
    if BADINPUT_DIR.is_dir()
    else []
)


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_hostile_files_never_cause_a_500(admin_client, shared_dir, upload_dir, path):
    page = preview(admin_client, upload(path))

    assert page.status_code == 200
    html = page.content.decode()
    assert path.name in html
    assert "Traceback" not in html


def test_the_deep_flow_yaml_is_refused_without_crashing(admin_client, shared_dir, upload_dir):
    # Handled by the front-matter limits before any YAML parser sees it (libyaml would crash).
    path = BADINPUT_DIR / "yaml" / "fm-deep-flow-30000.md"
    page = preview(admin_client, upload(path))

    assert page.status_code == 200
    assert path.name in page.content.decode()


def test_duplicate_suggestion_actions(admin_client):
    first, second, third = TalkFactory(), TalkFactory(), TalkFactory()
    merge = DuplicateSuggestion.objects.create(talk=first, other=second, score=0.5, reason="Alike.")
    dismiss = DuplicateSuggestion.objects.create(
        talk=first, other=third, score=0.3, reason="Maybe."
    )
    changelist = reverse("admin:notes_duplicatesuggestion_changelist")

    opened = admin_client.post(changelist, {"action": "merge_pair", "_selected_action": [merge.pk]})
    assert opened.status_code == 302 and Talk.objects.filter(pk=second.pk).exists()
    admin_client.post(
        reverse("admin:notes_talk_merge"),
        {"ids": f"{first.pk},{second.pk}", "survivor": first.pk, "confirm": "1"},
    )
    admin_client.post(changelist, {"action": "dismiss", "_selected_action": [dismiss.pk]})

    merge.refresh_from_db()
    dismiss.refresh_from_db()
    assert (merge.status, merge.other) == ("merged", None)
    assert not Talk.objects.filter(pk=second.pk).exists()
    assert dismiss.status == "dismissed"
    assert Talk.objects.filter(pk=third.pk).exists()
