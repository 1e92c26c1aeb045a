"""Editing and splitting a claim's text: curated, ordered, indexed and counted at once, and a
re-import of the same (or a changed) file neither undoes the split nor duplicates its parts."""

import pytest

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, ClaimStatus, TaggedClaim, TalkCount
from notes.search import search_claims
from notes.services.claim_text import edit_claim_text, parts_at_blank_lines, split_claim
from tests.factories import ClaimFactory, SpeakerFactory, TagFactory

pytestmark = pytest.mark.django_db

NOTE = """---
title: Scaling and its limits
speaker: Ada Example
source: https://example.org/scaling-limits
---
# Scaling and its limits

## Key points

- Pre-training data is running out. The next gains come from reinforcement learning.
- Evaluations overstate real-world ability.
- Emotions may work as a value function for people.
"""


def import_note(text=NOTE):
    import_sources([SourceFile("scaling.md", text.encode())])


def ordered():
    return list(Claim.objects.order_by("position", "pk").values_list("text", flat=True))


def snapshot():
    return list(
        Claim.objects.order_by("pk").values_list(
            "pk", "text", "position", "split_from", "translation", "status", "curated_fields"
        )
    )


def test_parts_at_blank_lines():
    assert parts_at_blank_lines("One.\n\nTwo.\r\n \r\nThree.\n") == ["One.", "Two.", "Three."]
    assert parts_at_blank_lines("One line\nand its wrap.") == ["One line\nand its wrap."]


def test_edit_marks_text_curated_and_reindexes():
    claim = ClaimFactory(text="Models generalize worse than people.")
    assert edit_claim_text(claim, "  Models generalise far worse than people do.  ")
    claim.refresh_from_db()
    assert claim.text == "Models generalise far worse than people do."
    assert "text" in claim.curated_fields
    assert search_claims("generalise").total == 1
    assert not edit_claim_text(claim, claim.text)  # unchanged: nothing to do
    with pytest.raises(ValueError):
        edit_claim_text(claim, "   ")


def test_split_keeps_everything_but_the_text():
    speaker = SpeakerFactory(name="Split Speaker")
    theme = TagFactory(name="Split theme", slug="split-theme", is_theme=True)
    first = ClaimFactory(
        text="Data runs out. RL comes next.", speaker=speaker, start_seconds=90, position=0
    )
    after = ClaimFactory(summary=first.summary, text="Evals overstate ability.", position=1)
    chinese = ClaimFactory(summary=first.summary, language="zh", text="数据用完了。", position=2)
    first.translation = chinese
    first.save()
    TaggedClaim.objects.create(content_object=first, tag=theme, by_curator=True, reason="hand")
    from notes.services.counters import recount_all

    recount_all()
    points_before = TalkCount.objects.get(talk=first.talk).claims

    head, part = split_claim(first, ["Data runs out.", "RL comes next."])

    head.refresh_from_db()
    part.refresh_from_db()
    assert head.pk == first.pk and head.text == "Data runs out." and head.translation == chinese
    assert part.translation is None and part.split_from == head
    for field in ("talk", "summary", "section", "speaker", "start_seconds", "language", "kind"):
        assert getattr(part, field) == getattr(head, field), field
    assert part.fingerprint == head.fingerprint
    assert list(part.tags.all()) == [theme]
    assert TaggedClaim.objects.get(content_object=part).by_curator
    assert ordered() == ["Data runs out.", "RL comes next.", after.text, chinese.text]
    assert search_claims('"RL comes next"').total == 1
    assert TalkCount.objects.get(talk=first.talk).claims == points_before + 1
    with pytest.raises(ValueError):
        split_claim(head, ["Only one part."])


def test_a_reimport_of_the_same_file_leaves_a_split_as_it_is():
    import_note()
    first = Claim.objects.order_by("position").first()
    split_claim(first, parts_at_blank_lines(first.text.replace(" The next", "\n\nThe next")))
    before, order = snapshot(), ordered()
    assert len(order) == 4

    import_note()

    assert snapshot() == before
    assert ordered() == order
    assert not Claim.objects.filter(text=first.text).exists()  # the unsplit text is not back


def test_the_parts_follow_their_first_part_when_the_file_changes():
    import_note()
    first = Claim.objects.order_by("position").first()
    head, part = split_claim(
        first, ["Pre-training data is running out.", "The next gains come from RL."]
    )
    changed = NOTE.replace(
        "- Pre-training data", "- Scaling laws still hold.\n- Pre-training data"
    ).replace("Evaluations overstate", "Benchmarks overstate")

    import_note(changed)

    assert ordered() == [
        "Scaling laws still hold.",
        "Pre-training data is running out.",
        "The next gains come from RL.",
        "Benchmarks overstate real-world ability.",
        "Emotions may work as a value function for people.",
    ]
    assert Claim.objects.filter(pk__in=[head.pk, part.pk]).count() == 2
    assert Claim.objects.count() == 5


def test_a_hidden_claim_split_stays_hidden():
    claim = ClaimFactory(text="One. Two.", status=ClaimStatus.HIDDEN)
    parts = split_claim(claim, ["One.", "Two."])
    assert {c.status for c in Claim.objects.filter(pk__in=[p.pk for p in parts])} == {"hidden"}
