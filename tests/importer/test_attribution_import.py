"""Importing points that name who holds them: the talk's speakers, known speakers, never new ones."""

import pytest

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, Speaker, Summary, TalkSpeaker

pytestmark = pytest.mark.django_db

NOTE = """---
title: "Grace Hopper on compilers and the people who doubted them"
url: https://example.org/talks/hopper-compilers
host: Tom Green
guest: Grace Hopper
---

## Key points

- Hopper argues that programs should be written in words people read, not machine codes.
- She insists that the cost of programming falls when code is compiled once and reused.
- Karpathy argues that the newest compilers are neural networks trained on examples.
- Ada Lovelace argues that a machine could one day compose elaborate music.
- Memory prices dropped sharply during that decade, which changed how machines were bought.
"""


def _held() -> dict[str, str | None]:
    claims = Claim.objects.select_related("speaker").order_by("position")
    return {claim.text[:12]: claim.speaker.name if claim.speaker else None for claim in claims}


def test_points_carry_the_speaker_they_name_and_only_known_people():
    result = import_sources([SourceFile("hopper.md", NOTE.encode())], origin="command")
    assert result.run.failed == 0

    held = _held()
    assert held["Hopper argue"] == "Grace Hopper"
    assert held["She insists "] == "Grace Hopper"
    assert held["Karpathy arg"] == "Andrej Karpathy"  # seeded: known to the knowledge base
    assert held["Ada Lovelace"] is None  # unknown: no speaker is made up from a point
    assert held["Memory price"] is None
    assert not Speaker.objects.filter(name__in=["Ada Lovelace", "Karpathy", "Hopper"]).exists()
    assert set(Claim.objects.values_list("kind", flat=True)) == {"key_point"}

    roles = set(TalkSpeaker.objects.values_list("speaker__name", "role"))
    assert roles == {
        ("Tom Green", "host"),
        ("Grace Hopper", "guest"),
        ("Andrej Karpathy", "mentioned"),
    }
    evidence = Summary.objects.get().evidence
    assert any(
        row.get("value") == "Hopper" and "resolved to Grace Hopper" in row.get("note", "")
        for row in evidence
    ), evidence


def test_a_reimport_keeps_the_attribution_stable():
    source = SourceFile("hopper.md", NOTE.encode())
    import_sources([source], origin="command")
    first = _held()
    import_sources([SourceFile("hopper.md", NOTE.encode() + b"\n")], origin="command")
    assert _held() == first
    assert Speaker.objects.count() == len(set(Speaker.objects.values_list("name", flat=True)))


INTERVIEW = "000_36439bad81153fe1.txt"


@pytest.mark.seeded_speakers
def test_the_ilya_sample_talk_page_leaves_out_its_cover_and_promotion(shared_dir, client):
    data = (shared_dir / "samples" / INTERVIEW).read_bytes()
    import_sources([SourceFile(INTERVIEW, data)], origin="command")
    talk = Summary.objects.get().talk
    page = client.get(f"/talks/{talk.slug}/").content.decode()
    for hidden in ("封面", "总字数", "cleezhang", "欢迎交流与合作", "本文发表于"):
        assert hidden not in page, hidden
    assert "会学的心智" in page and "摘要总结" in page
    ilya_points = Claim.objects.filter(kind="key_point", speaker__name="Ilya Sutskever")
    assert ilya_points.filter(text__startswith="他主张").exists()  # "他主张…" after "Ilya 认为…"
