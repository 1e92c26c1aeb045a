"""Re-importing: the same file is unchanged; an edited file keeps every curator edit."""

import pytest

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, Speaker, Tag, TaggedClaim
from notes.services.curation import mark_curated
from notes.services.review import set_claim_status
from tests.conftest import SAMPLES_DIR

pytestmark = pytest.mark.django_db

NAME = "000_36439bad81153fe1.txt"


@pytest.fixture
def original(shared_dir):
    return (SAMPLES_DIR / NAME).read_text(encoding="utf-8")


def import_text(text: str):
    result = import_sources([SourceFile(NAME, text.encode("utf-8"))])
    assert result.failed == 0, result.files[0].message
    return result


def dialogue(nth: int) -> Claim:
    return Claim.objects.filter(summary__source_name=NAME, kind="dialogue").order_by("position")[
        nth
    ]


def test_the_same_file_again_is_unchanged(original):
    import_text(original)
    before = list(Claim.objects.values_list("pk", "text", "updated"))

    result = import_text(original)

    assert result.unchanged == 1
    assert result.files[0].outcome == "unchanged"
    assert list(Claim.objects.values_list("pk", "text", "updated")) == before


def test_curator_edits_survive_an_edited_file(original):
    import_text(original)
    edited, reviewed, hidden, retagged, reattributed, plain = (dialogue(n) for n in range(6))
    edited.text = "A curator rewrote this turn."
    edited.save()
    mark_curated(edited, ["text"])
    set_claim_status(Claim.objects.filter(pk=reviewed.pk), "reviewed")
    set_claim_status(Claim.objects.filter(pk=hidden.pk), "hidden")
    TaggedClaim.objects.create(
        content_object=retagged, tag=Tag.objects.get(slug="robotics"), by_curator=True
    )
    someone = Speaker.objects.create(name="A. Curator Choice", slug="a-curator-choice")
    reattributed.speaker = someone
    reattributed.save()
    mark_curated(reattributed, ["speaker"])
    snapshot = {
        c.pk: (c.text, c.status, c.speaker_id)
        for c in Claim.objects.filter(
            pk__in=[edited.pk, reviewed.pk, hidden.pk, retagged.pk, reattributed.pk]
        )
    }
    plain_text = plain.text
    # The new version: every one of those six turns reworded, and one line added at the end.
    text = original
    for claim in (edited, reviewed, hidden, retagged, reattributed, plain):
        fragment = Claim.objects.get(pk=claim.pk).text if claim.pk != edited.pk else None
        if fragment and fragment[:12] in text:
            text = text.replace(fragment[:12], fragment[:12] + "（修订）", 1)
    text += "\n- 新增的一条总结：泛化仍是核心问题。\n"

    result = import_text(text)

    assert result.updated == 1
    for pk, (claim_text, status, speaker_id) in snapshot.items():
        claim = Claim.objects.get(pk=pk)
        assert (claim.text, claim.status, claim.speaker_id) == (claim_text, status, speaker_id)
    assert TaggedClaim.objects.filter(content_object_id=retagged.pk, tag__slug="robotics").exists()
    # An untouched claim follows the file.
    assert not Claim.objects.filter(text=plain_text).exists()
    assert Claim.objects.filter(text__contains="（修订）").exists()


def test_an_untouched_claim_removed_from_the_file_disappears(original):
    import_text(original)
    doomed = dialogue(3)
    kept = dialogue(4)
    set_claim_status(Claim.objects.filter(pk=kept.pk), "reviewed")
    lines = [
        line
        for line in original.splitlines()
        if doomed.text[:10] not in line and kept.text[:10] not in line
    ]

    import_text("\n".join(lines) + "\n")

    assert not Claim.objects.filter(pk=doomed.pk).exists()
    assert Claim.objects.get(pk=kept.pk).status == "reviewed"
