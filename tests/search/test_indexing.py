"""Keeping the index current: index_claims, remove_claims, cascades, rebuild_index, the command."""

import io

import pytest
from django.core.management import call_command

from notes.models import Claim, Language, TaggedClaim
from notes.search import index_claims, rebuild_index, remove_claims, search_claims
from tests.factories import ClaimFactory, SpeakerFactory, TagFactory, TalkFactory


def found(query) -> list[int]:
    return [hit.claim.id for hit in search_claims(query).hits]


@pytest.mark.django_db
def test_claims_are_searchable_only_once_indexed():
    claim = ClaimFactory(text="Emotions guide decisions.")
    assert found("emotions") == []
    assert index_claims([claim.id]) == 1
    assert found("emotions") == [claim.id]


@pytest.mark.django_db
def test_reindexing_replaces_the_old_text(indexed_claim, index_rows):
    # Words no theme or glossary term knows, so no cross-language bridge finds the new text.
    claim = indexed_claim("Old wording about weather.")
    Claim.objects.filter(pk=claim.pk).update(text="新的说法：天气", language=Language.ZH)
    assert found("weather") == [claim.id]  # not re-indexed yet: the index is explicit
    index_claims([claim.id, claim.id])
    assert found("weather") == []
    assert found("天气") == [claim.id]
    assert index_rows() == 1


@pytest.mark.django_db
def test_tags_and_speaker_follow_a_reindex(indexed_claim):
    claim = indexed_claim("Diversity helps self-play.")
    tag = TagFactory(slug="diversity")
    TaggedClaim.objects.create(content_object=claim, tag=tag)
    claim.speaker = SpeakerFactory(name="Later Speaker")
    claim.save()
    # With words the index answers, so the new tag and speaker need a re-index.
    assert found("self-play #diversity") == []
    index_claims([claim.id])
    assert found("self-play #diversity") == [claim.id]
    assert found('self-play speaker:"Later Speaker"') == [claim.id]


@pytest.mark.django_db
def test_remove_claims(indexed_claim, index_rows):
    claim = indexed_claim("Remove me from search.")
    keep = indexed_claim("Keep me in search.")
    assert remove_claims([claim.id]) == 1
    assert found("search") == [keep.id]
    assert remove_claims([claim.id]) == 0
    assert remove_claims([]) == 0
    assert index_rows() == 1


@pytest.mark.django_db
def test_indexing_a_deleted_claim_removes_its_row(indexed_claim, index_rows):
    claim = indexed_claim("Short-lived claim.")
    claim_id = claim.id
    Claim.objects.filter(pk=claim_id).delete()
    assert index_claims([claim_id]) == 0
    assert index_rows() == 0


@pytest.mark.django_db
def test_deleting_a_talk_removes_its_claims_from_the_index(indexed_claim, index_rows):
    talk = TalkFactory()
    gone = [indexed_claim(f"Cascade claim {i}.", summary__talk=talk) for i in range(3)]
    stays = indexed_claim("Cascade survivor.")
    assert index_rows() == 4
    talk.delete()
    assert index_rows() == 1
    assert found("cascade") == [stays.id]
    assert not Claim.objects.filter(id__in=[c.id for c in gone]).exists()


@pytest.mark.django_db
def test_rebuild_index_indexes_every_claim_and_drops_stale_rows(indexed_claim, index_rows):
    stale = indexed_claim("Stale row.")
    fresh = [ClaimFactory(text=f"Never indexed {i}.") for i in range(3)]
    Claim.objects.filter(pk=stale.pk).update(text="Changed without re-index.")
    assert rebuild_index() == 4
    assert index_rows() == 4
    assert sorted(found("indexed")) == sorted(c.id for c in fresh)
    assert found("stale") == []
    assert found("changed") == [stale.id]


@pytest.mark.django_db
def test_rebuild_command_prints_the_count():
    ClaimFactory(text="One.")
    ClaimFactory(text="Two.")
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Indexed 2 claims" in out.getvalue()
    assert len(found("two")) == 1


@pytest.mark.django_db(transaction=True)
def test_flushing_the_database_empties_the_index(indexed_claim, index_rows):
    # flush truncates notes_claim on PostgreSQL (deletes on SQLite); the index must follow
    indexed_claim("Flushed away.")
    call_command("flush", interactive=False, verbosity=0)
    assert index_rows() == 0
