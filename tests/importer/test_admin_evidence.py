"""The curator sees why: evidence and skipped blocks on the import preview and the summary page."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notes.models import Summary
from tests.factories import SummaryFactory

pytestmark = pytest.mark.django_db

URL = "/admin/notes/importrun/import/"

NOTE = """---
title: Summary
date: 2024-02-01
---
# Compost Heaps in Small Gardens 🌱

- Recorded: 13/06/2014
- Source: https://www.google.com/url?q=https%3A%2F%2Fyoutu.be%2FAbCdEfGhIjK&sa=D

Turning the heap weekly keeps it warm and fast.

Brown leaves balance green kitchen scraps.
"""


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "uploads"


def preview_page(client, text: str, name: str = "compost.md") -> str:
    page = client.post(URL, {"files": [SimpleUploadedFile(name, text.encode())]}, follow=True)
    assert page.status_code == 200
    return page.content.decode()


def test_the_preview_shows_each_fields_winner_and_losers_with_reasons(admin_client, upload_dir):
    page = html.unescape(preview_page(admin_client, NOTE))

    assert 'title: H1 "Compost Heaps in Small Gardens" (line 5): emoji removed' in page
    assert 'title: front matter title "Summary" (line 2) — not used: generic' in page
    assert 'url: labelled line "https://www.youtube.com/watch?v=AbCdEfGhIjK" (line 8)' in page
    assert 'date: body line Recorded "2014-06-13" (line 7)' in page
    assert (
        'date: front matter date "2024-02-01" (line 3) — not used: outranked by body line Recorded'
        in page
    )
    assert Summary.objects.count() == 0  # still a dry run


def test_the_preview_lists_skipped_blocks_with_their_reasons(admin_client, upload_dir):
    note = NOTE + "\nSubscribe to our newsletter for more episodes!\n"
    page = preview_page(admin_client, note)

    assert "3 blocks left out" in page
    assert "line 14: subscription — “Subscribe to our newsletter for more episodes!”" in page


def test_file_text_in_evidence_is_escaped_on_the_preview(admin_client, upload_dir):
    note = '---\ntitle: "Tea <script>alert(1)</script> Ritual"\n---\nWater matters a lot here.\n'
    page = preview_page(admin_client, note)

    assert "<script>alert(1)</script>" not in page
    assert (
        "title: front matter title &quot;Tea &lt;script&gt;alert(1)&lt;/script&gt; Ritual" in page
    )


def test_the_summary_page_shows_evidence_and_skipped_blocks_read_only(admin_client):
    summary = SummaryFactory(
        evidence=[
            {
                "field": "title",
                "value": "Compost <i>Heaps</i>",
                "source": "H1",
                "chosen": True,
                "note": "",
                "line": 1,
            },
            {
                "field": "title",
                "value": "Summary",
                "source": "front matter title",
                "chosen": False,
                "note": "generic",
                "line": None,
            },
        ],
        skipped=[{"line": 9, "reason": "navigation", "text": "« Back to the list"}],
    )

    page = admin_client.get(reverse("admin:notes_summary_change", args=[summary.pk]))
    text = page.content.decode()

    assert page.status_code == 200
    assert "title: H1 &quot;Compost &lt;i&gt;Heaps&lt;/i&gt;&quot; (line 1)" in text
    assert "title: front matter title &quot;Summary&quot; — not used: generic" in text
    assert "line 9: navigation — “« Back to the list”" in text
    assert 'name="evidence"' not in text  # shown, not editable


def test_importing_keeps_the_evidence_on_the_summary(admin_client, upload_dir):
    preview_page(admin_client, NOTE)
    admin_client.post(URL, {"confirm": "1", "token": admin_client.session["kb_import_upload"]})

    summary = Summary.objects.get()
    chosen = {row["field"]: row["value"] for row in summary.evidence if row["chosen"]}
    assert chosen["title"] == "Compost Heaps in Small Gardens"
    assert chosen["url"] == "https://www.youtube.com/watch?v=AbCdEfGhIjK"
    assert chosen["date"] == "2014-06-13"
    page = admin_client.get(reverse("admin:notes_summary_change", args=[summary.pk]))
    assert "date: body line Recorded &quot;2014-06-13&quot; (line 7)" in page.content.decode()
