"""The import-run admin page stays small however many files the run had: files are a linked, paged list."""

import pytest
from django.urls import reverse

from notes.models import ImportFile, ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_run():
    run = ImportRun.objects.create(origin="command", status=ImportRun.Status.FINISHED)
    ImportFile.objects.bulk_create(
        ImportFile(
            run=run,
            name=f"notes/file-{n:04}.md",
            outcome="failed" if n % 10 == 0 else "imported",
            message=f"notes/file-{n:04}.md: " + "a long sentence about the file " * 10,
        )
        for n in range(1200)
    )
    ImportRun.objects.filter(pk=run.pk).update(imported=1080, failed=120)
    return run


def test_the_change_page_links_to_its_files_instead_of_listing_them(admin_client, big_run):
    response = admin_client.get(reverse("admin:notes_importrun_change", args=[big_run.pk]))
    assert response.status_code == 200
    assert len(response.content) < 100_000
    text = response.content.decode()
    assert "file-0001.md" not in text
    files_url = reverse("admin:notes_importfile_changelist")
    assert f"{files_url}?run__id__exact={big_run.pk}" in text
    assert f"{files_url}?run__id__exact={big_run.pk}&amp;outcome__exact=failed" in text
    assert "interrupted" not in text and "finished" in text


def test_the_linked_file_list_is_paged_and_filtered(admin_client, big_run):
    files_url = reverse("admin:notes_importfile_changelist")
    response = admin_client.get(
        files_url, {"run__id__exact": big_run.pk, "outcome__exact": "failed"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "file-0010.md" in text and "file-0001.md" not in text
    assert response.context["cl"].result_count == 120
    assert len(response.context["cl"].result_list) == 100  # one page


def test_the_run_list_shows_each_runs_status(admin_client, big_run):
    response = admin_client.get(reverse("admin:notes_importrun_changelist"))
    assert response.status_code == 200
    assert "finished" in response.content.decode()
