"""Extraction: from decoded text and front matter to talks, sections, claims and speakers.

The public entry point is ``extract_document``; it is pure (no database, no Django models) and
deterministic. The rules are spread over one module per concern:

- markdown_tree: markdown-it-py blocks with file line numbers (the structure reader);
- context, vocabulary, labels, noise, noise_words, noise_blocks: what each part of a note is (key
  points, metadata, noise and the reason for each skipped block);
- units, claims, translations: claims, their kinds, timestamps and translation pairs;
- metadata, titles, urls, dates, timestamps: title, source URL, date, duration, tags, flags;
- names, speakers: people, roles and short forms;
- attribution: key points and highlights that name who holds them ("Ilya 认为…") get that speaker;
- hidden: cover, metadata and promotional blocks, left out of the rendered summary and sections;
- episodes, multitalk, talk_markers, part_text: several talks in one file (split, or refused);
- front_claims: claims kept in front matter;
- talk: one talk from one body.
"""

from __future__ import annotations

import datetime as dt

from ...normalise import normalise_name
from ..types import (
    DecodedText,
    Evidence,
    FrontMatter,
    ImportFailure,
    ParsedDocument,
    ParsedSpeaker,
    ParsedTalk,
)
from .attribution import attribute_claims
from .episodes import Part, split_talks
from .metadata import fm_key
from .talk import TalkInput, extract_talk

# Front-matter keys of a digest that describe every episode in it (the rest describe the digest).
_SHARED_KEYS = (
    "tags",
    "tag",
    "category",
    "categories",
    "keywords",
    "draft",
    "dg_publish",
    "publish",
    "private",
)
# A page of talks named by their by-lines (a meetup, a conference day) is dated by its event.
_EVENT_KEYS = ("date",)


def extract_document(
    source_name: str, sha256: str, decoded: DecodedText, front: FrontMatter
) -> ParsedDocument:
    """Read one decoded file (with its front matter split off) into one or more parsed talks.

    Raises ImportFailure when the file holds several items that are not notes of a talk.
    """
    data = front.data if isinstance(front.data, dict) else {}
    offset = max(front.body_line - 1, 0)
    split = split_talks(front.body, offset)
    if split.refusal:
        raise ImportFailure(source_name, split.refusal)
    parts = split.parts
    warnings: list[str] = []
    talks = []
    if len(parts) == 1:
        talk, talk_warnings = extract_talk(
            TalkInput(source_name, front.body, offset, data, decoded.text, decoded.text, [])
        )
        talks.append(talk)
        warnings.extend(talk_warnings)
    else:
        event_dated = parts[0].speakers and not parts[0].page_date
        shared_keys = _SHARED_KEYS + (_EVENT_KEYS if event_dated else ())
        shared = {key: value for key, value in data.items() if fm_key(key) in shared_keys}
        warnings.append(f"This file holds {len(parts)} talks; each became its own talk.")
        for number, part in enumerate(parts, start=1):
            talk, talk_warnings = extract_talk(
                TalkInput(
                    source_name,
                    part.text,
                    part.offset,
                    shared,
                    decoded.text,
                    part.raw or part.text,
                    part.heading_urls,
                )
            )
            _apply_page_context(talk, part, number, len(parts))
            talks.append(talk)
            warnings.extend(f"Talk {number}: {warning}" for warning in talk_warnings)
    for talk in talks:  # after the page context, which may name a part's speaker
        talk.evidence.extend(attribute_claims(talk.claims, talk.speakers))
    return ParsedDocument(
        source_name=source_name,
        sha256=sha256,
        encoding=decoded.encoding,
        text=decoded.text,
        front_matter=front,
        talks=talks,
        warnings=warnings,
    )


def _apply_page_context(talk: ParsedTalk, part: Part, number: int, total: int) -> None:
    """What the page says of this part: how it was told apart, its speakers, the event's date."""
    line = part.offset + 1
    talk.evidence.append(
        Evidence(
            "split", part.structure, "page structure", note=f"talk {number} of {total}", line=line
        )
    )
    known = {normalise_name(name) for s in talk.speakers for name in (s.name, *s.aliases)}
    for name in part.speakers:
        if normalise_name(name) not in known:
            # The marker under the talk's heading names its speaker even when the name alone
            # (a first name, "Shreya") is too short for the name rules to trust.
            talk.speakers.append(ParsedSpeaker(name, "author"))
        talk.evidence.append(Evidence("speaker", name, part.marker, line=line))
    if part.page_date and talk.published is None:
        talk.published = dt.date.fromisoformat(part.page_date)
        talk.published_precision = "day"
        talk.evidence.append(Evidence("date", part.page_date, "date line under the page title"))
