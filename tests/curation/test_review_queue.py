"""The review queue: lists imported claims by talk or theme, applies bulk actions as curator
decisions (recorded in the admin history), and a re-import never overwrites them."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, ClaimStatus, TaggedClaim
from notes.search import search_claims
from tests.factories import ClaimFactory, SpeakerAliasFactory, SpeakerFactory, TagFactory

pytestmark = pytest.mark.django_db

QUEUE = "admin:notes_claim_review"

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


def post(client, action, claims, **extra):
    data = {"action": action, "claims": [c.pk for c in claims], "back": reverse(QUEUE), **extra}
    return client.post(reverse(QUEUE), data)


def test_queue_lists_imported_claims_by_talk_and_theme(admin_client):
    theme = TagFactory(name="Queue theme", slug="queue-theme", is_theme=True)
    waiting = ClaimFactory(text="Continual learning is the missing piece")
    TaggedClaim.objects.create(content_object=waiting, tag=theme)
    elsewhere = ClaimFactory(text="Scaling still works")
    done = ClaimFactory(
        text="Already reviewed", summary=waiting.summary, status=ClaimStatus.REVIEWED
    )

    page = admin_client.get(reverse(QUEUE))
    listed = {c.pk for c in page.context["page_obj"].object_list}
    assert listed == {waiting.pk, elsewhere.pk}  # imported only, by default
    by_talk = admin_client.get(reverse(QUEUE), {"talk": waiting.talk_id, "status": "all"})
    assert {c.pk for c in by_talk.context["page_obj"].object_list} == {waiting.pk, done.pk}
    by_theme = admin_client.get(reverse(QUEUE), {"theme": theme.slug})
    assert [c.pk for c in by_theme.context["page_obj"].object_list] == [waiting.pk]
    html = page.content.decode()
    assert "js/review-queue.js" in html and "<kbd>j</kbd>" in html
    assert "<script>" not in html.split("<body")[1]  # the keyboard code is a static file


def test_bulk_actions_are_curated_and_logged(admin_client):
    first, second = ClaimFactory(kind="passage"), ClaimFactory(kind="passage")
    speaker = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    SpeakerAliasFactory(speaker=speaker, alias="伊利亚·苏茨科夫")

    assert (
        post(admin_client, "set_speaker", [first, second], speaker="伊利亚 苏茨科夫").status_code
        == 302
    )
    post(admin_client, "set_kind", [first], kind="key_point")
    post(admin_client, "add_tag", [first, second], tag="bulk tag")
    post(admin_client, "remove_tag", [second], tag="bulk tag")
    post(admin_client, "reviewed", [first])
    post(admin_client, "hidden", [second])

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.speaker, second.speaker) == (speaker, speaker)
    assert (first.kind, second.kind) == ("key_point", "passage")
    assert (first.status, second.status) == ("reviewed", "hidden")
    assert set(first.curated_fields) >= {"speaker", "kind", "tags", "status"}
    assert list(first.tags.values_list("name", flat=True)) == ["bulk tag"]
    assert TaggedClaim.objects.get(content_object=first).by_curator
    assert not second.tags.exists()
    assert (
        LogEntry.objects.filter(object_id=str(first.pk)).count() == 4
    )  # speaker, kind, tag, status
    assert search_claims('speaker:"Ilya Sutskever"').total == 1  # the hidden one is not public


def test_bad_bulk_input_is_one_message_not_an_error(admin_client):
    claim = ClaimFactory()
    response = post(admin_client, "set_speaker", [claim], speaker="Nobody At All")
    assert response.status_code == 302
    response = admin_client.post(
        reverse(QUEUE), {"action": "reviewed", "back": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(QUEUE)
    claim.refresh_from_db()
    assert claim.speaker is None and claim.status == "imported"


def test_reviewed_claims_survive_a_reimport(admin_client):
    source = SourceFile("agents.md", NOTE.encode())
    import_sources([source])
    claims = list(Claim.objects.order_by("position"))
    post(admin_client, "add_tag", claims[:2], tag="agents")
    post(admin_client, "reviewed", claims[:2])
    post(admin_client, "set_kind", claims[:1], kind="highlight")
    before = list(Claim.objects.order_by("pk").values_list("pk", "text", "status", "kind"))

    edited = NOTE.replace("Agents are not yet", "Agents are not at all").replace(
        "Reinforcement learning is terrible", "RL is terrible"
    )
    import_sources([SourceFile("agents.md", edited.encode())])

    after = dict(
        (pk, rest) for pk, *rest in Claim.objects.values_list("pk", "text", "status", "kind")
    )
    for pk, text, status, kind in before[:2]:
        assert after[pk] == [text, status, kind]  # the curated claims are untouched
    assert set(Claim.objects.filter(tags__name="agents").values_list("pk", flat=True)) == {
        c.pk for c in claims[:2]
    }


def test_queue_refuses_anonymous_users(client):
    assert client.get(reverse(QUEUE)).status_code == 302
    claim = ClaimFactory()
    client.post(reverse(QUEUE), {"action": "hidden", "claims": [claim.pk]})
    claim.refresh_from_db()
    assert claim.status == "imported"
