"""Helpers for extraction tests: run the real decode -> front matter -> extract steps."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest

from notes.importer.decode import decode_bytes
from notes.importer.extract import extract_document
from notes.importer.frontmatter import split_front_matter
from notes.importer.types import DecodedText, ParsedDocument, ParsedTalk
from notes.normalise import normalise_name


def extract_bytes(name: str, data: bytes) -> ParsedDocument:
    """Decode, split front matter and extract, as the importer does."""
    decoded = decode_bytes(name, data)
    front = split_front_matter(name, decoded.text)
    return extract_document(name, hashlib.sha256(data).hexdigest(), decoded, front)


def extract_text(text: str, name: str = "note.md") -> ParsedDocument:
    """Extract a note written inline in a test."""
    decoded = DecodedText(text, "utf-8")
    front = split_front_matter(name, text)
    return extract_document(name, hashlib.sha256(text.encode()).hexdigest(), decoded, front)


def only_talk(text: str, name: str = "note.md") -> ParsedTalk:
    """The single talk of an inline note."""
    document = extract_text(text, name)
    assert len(document.talks) == 1
    return document.talks[0]


def extract_file(path: Path) -> ParsedDocument:
    """Extract a file from the shared test data."""
    return extract_bytes(path.name, path.read_bytes())


def load_expectations(path: Path) -> dict:
    """The "files" mapping of an expected.json, or {} when the shared data is absent."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def fact_params(expectations: dict, skip_keys: frozenset[str]) -> list:
    """(file, fact, value) parameters, or one skipped parameter when there is no data."""
    params = [
        pytest.param(name, key, value, id=f"{name[:12]}-{key}")
        for name, facts in expectations.items()
        for key, value in facts.items()
        if key not in skip_keys
    ]
    if not params:
        params = [pytest.param("", "", None, marks=pytest.mark.skip(reason="no shared test data"))]
    return params


def fold_title(text: str) -> str:
    """Case, dash and whitespace folded, for comparing titles loosely."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        text = text.replace(dash, "-")
    return " ".join(text.split())


def speaker_for(talk: ParsedTalk, label: str):
    """The ParsedSpeaker a name or alias refers to, or None."""
    key = normalise_name(label)
    for speaker in talk.speakers:
        if normalise_name(speaker.name) == key or key in {
            normalise_name(a) for a in speaker.aliases
        }:
            return speaker
    return None


def translation_pairs(talk: ParsedTalk) -> int:
    """Number of claim pairs linked to each other as translations."""
    pairs = 0
    for index, claim in enumerate(talk.claims):
        partner = claim.translation
        if partner is not None and partner > index and talk.claims[partner].translation == index:
            pairs += 1
    return pairs


def timed_items(talk: ParsedTalk) -> int:
    """Sections plus claims that carry a start time."""
    sections = sum(1 for section in talk.sections if section.start_seconds is not None)
    claims = sum(1 for claim in talk.claims if claim.start_seconds is not None)
    return sections + claims
