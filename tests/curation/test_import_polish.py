"""The import preview and log read well: drafts say so, counts have plurals, warnings are lists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notes.admin.imports import SESSION_KEY
from notes.models import ImportRun, Talk

pytestmark = pytest.mark.django_db

DRAFT = """---
title: A draft about value functions
speaker: Ada Example
draft: true
---
# A draft about value functions

## Key points

- Emotions work like a value function.
"""


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_preview_says_a_file_is_a_draft_and_counts_in_the_singular(admin_client):
    files = [SimpleUploadedFile("draft.md", DRAFT.encode())]
    url = reverse("admin:notes_importrun_import")
    html = admin_client.post(url, {"files": files}, follow=True).content
    html = html.decode()
    assert "Draft: hidden from public pages" in html
    assert "1 claim," in html and "1 claims" not in html
    assert "with 1 claim." in html


def test_import_log_shows_warnings_as_a_list(admin_client):
    run = ImportRun.objects.create(origin="admin")
    run.files.create(name="a.md", outcome="imported", warnings=["Line 3: a heading was empty."])
    # A run's files are listed on their own paged page, linked from the run.
    files = reverse("admin:notes_importfile_changelist") + f"?run__id__exact={run.pk}"
    assert (
        files.replace("&", "&amp;")
        in admin_client.get(reverse("admin:notes_importrun_change", args=[run.pk])).content.decode()
    )
    html = admin_client.get(files).content.decode()
    assert "<li>Line 3: a heading was empty.</li>" in html
    assert '["Line 3' not in html and "[&quot;Line 3" not in html


def test_confirmed_draft_import_stays_a_draft(admin_client):
    files = [SimpleUploadedFile("draft.md", DRAFT.encode())]
    admin_client.post(reverse("admin:notes_importrun_import"), {"files": files})
    token = admin_client.session[SESSION_KEY]
    admin_client.post(reverse("admin:notes_importrun_import"), {"token": token, "confirm": "1"})
    assert Talk.objects.get().public is False
