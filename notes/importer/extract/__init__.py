"""Extraction: from decoded text and front matter to talks, sections, claims and speakers.

The public entry point is ``extract_document``; it is pure (no database, no Django models) and
deterministic. The rules are spread over one module per concern:

- markdown_tree: markdown-it-py blocks with file line numbers (the structure reader);
- context, vocabulary, labels, noise, noise_words, noise_blocks: what each part of a note is (key
  points, metadata, noise and the reason for each skipped block);
- units, claims, translations: claims, their kinds, timestamps and translation pairs;
- metadata, titles, urls, dates, timestamps: title, source URL, date, duration, tags, flags;
- names, speakers: people, roles and short forms;
- episodes: several talks in one file; front_claims: claims kept in front matter;
- talk: one talk from one body.
"""

from __future__ import annotations

from ..types import DecodedText, FrontMatter, ParsedDocument
from .episodes import split_episodes
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


def extract_document(
    source_name: str, sha256: str, decoded: DecodedText, front: FrontMatter
) -> ParsedDocument:
    """Read one decoded file (with its front matter split off) into one or more parsed talks."""
    data = front.data if isinstance(front.data, dict) else {}
    offset = max(front.body_line - 1, 0)
    parts = split_episodes(front.body, offset)
    warnings: list[str] = []
    talks = []
    if len(parts) == 1:
        talk, talk_warnings = extract_talk(
            TalkInput(source_name, front.body, offset, data, decoded.text, decoded.text, [])
        )
        talks.append(talk)
        warnings.extend(talk_warnings)
    else:
        shared = {key: value for key, value in data.items() if fm_key(key) in _SHARED_KEYS}
        warnings.append(f"This file holds {len(parts)} episodes; each became its own talk.")
        for number, part in enumerate(parts, start=1):
            talk, talk_warnings = extract_talk(
                TalkInput(
                    source_name,
                    part.text,
                    part.offset,
                    shared,
                    decoded.text,
                    part.text,
                    part.heading_urls,
                )
            )
            talks.append(talk)
            warnings.extend(f"Episode {number}: {warning}" for warning in talk_warnings)
    return ParsedDocument(
        source_name=source_name,
        sha256=sha256,
        encoding=decoded.encoding,
        text=decoded.text,
        front_matter=front,
        talks=talks,
        warnings=warnings,
    )
