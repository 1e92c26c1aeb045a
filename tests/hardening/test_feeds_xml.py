"""Atom feeds carry any stored text: characters XML 1.0 cannot hold are dropped, never a 500."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from notes.feeds import xml_safe
from tests.factories import ClaimFactory

ATOM = "{http://www.w3.org/2005/Atom}"
# A vertical tab, an escape, a form feed, NUL-adjacent controls and the two non-characters.
HOSTILE = "a\x0bb\x1b[31mc\x0cd\x01e\ufffef\uffffg"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HOSTILE, "ab[31mcdefg"),
        ("tab\tnew\nline\r", "tab\tnew\nline\r"),
        ("lone \ud800 surrogate \udfff", "lone  surrogate "),
        ("中文 😀 \u0085 \x7f", "中文 😀 \u0085 \x7f"),  # legal in XML 1.0
    ],
)
def test_xml_safe_keeps_only_characters_xml_1_0_allows(text, expected):
    assert xml_safe(text) == expected


@pytest.fixture
def hostile_kb(kb):
    """Control characters in a claim, its speaker's name, its talk's title and a tag's name."""
    claim = ClaimFactory(summary=kb.summary, speaker=kb.ilya, text=f"Claim {HOSTILE}")
    claim.tags.add(kb.generalization, kb.scaling)
    kb.ilya.name = f"Ilya {HOSTILE}"
    kb.ilya.save()
    kb.talk.title = f"Talk {HOSTILE}"
    kb.talk.save()
    kb.scaling.name = f"scaling {HOSTILE}"
    kb.scaling.save()
    kb.generalization.description = f"About {HOSTILE}"
    kb.generalization.save()
    return kb


@pytest.mark.parametrize(
    ("name", "attr"),
    [
        ("notes:feed-claims", None),
        ("notes:feed-theme", "generalization"),
        ("notes:feed-tag", "scaling"),
        ("notes:feed-speaker", "ilya"),
    ],
)
def test_every_feed_survives_control_characters(client, hostile_kb, name, attr):
    args = [getattr(hostile_kb, attr).slug] if attr else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # well-formed XML
    texts = " ".join(root.itertext())
    assert "Claim ab[31mcdefg" in texts
    assert "\x0b" not in response.content.decode()
