"""Uploads never linger: a refused or failed preview removes its folder at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from notes.admin.imports import SESSION_KEY
from notes.importer import jobs

pytestmark = pytest.mark.django_db
URL = "/admin/notes/importrun/import/"
NOTE = b"# A talk\n\n- A point worth keeping.\n"


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "uploads"


def folders(upload_dir):
    return sorted(p.name for p in upload_dir.iterdir()) if upload_dir.exists() else []


@pytest.mark.parametrize(
    "files",
    [
        [SimpleUploadedFile("tool.exe", b"MZ\x90\x00")],  # not a summary
        [SimpleUploadedFile("broken.zip", b"PK\x03\x04 not really")],  # unreadable archive
        [SimpleUploadedFile("bad.md", b"---\ntitle: [unclosed\n---\nBody\n")],  # every file fails
    ],
    ids=["exe", "zip", "bad front matter"],
)
def test_a_refused_upload_leaves_nothing_behind(admin_client, upload_dir, files):
    page = admin_client.post(URL, {"files": files}, follow=True)

    assert page.status_code == 200
    assert folders(upload_dir) == []
    assert SESSION_KEY not in admin_client.session


def test_a_preview_that_breaks_leaves_nothing_behind(admin_client, upload_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the preview")

    monkeypatch.setattr(jobs, "import_sources", broken)
    page = admin_client.post(URL, {"files": [SimpleUploadedFile("a.md", NOTE)]}, follow=True)

    assert page.status_code == 200  # the task failed, the page says so in one sentence
    assert "The preview stopped before the end; nothing was imported." in page.content.decode()
    assert "Traceback" not in page.content.decode()
    assert folders(upload_dir) == []


def test_an_importable_preview_keeps_exactly_one_folder(admin_client, upload_dir):
    admin_client.post(URL, {"files": [SimpleUploadedFile("a.md", NOTE)]})
    admin_client.post(URL, {"files": [SimpleUploadedFile("b.md", NOTE + b"- More.\n")]})

    assert folders(upload_dir) == [admin_client.session[SESSION_KEY]]
