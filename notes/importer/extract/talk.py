"""One talk from one body of markdown (a whole file, or one episode of a digest)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import Evidence, ParsedSection, ParsedTalk
from .claims import walk_claims
from .context import block_contexts
from .evidence import with_front_matter_lines
from .front_claims import front_matter_claims, front_matter_sections, front_matter_summary
from .hidden import readable_markdown
from .language import choose_language
from .markdown_tree import Block, parse_blocks
from .metadata import (
    body_fields,
    choose_date,
    choose_duration,
    fm_description,
    fm_tags,
    fm_text,
    is_public,
    key_spellings,
)
from .noise import reader_advice_lists
from .speakers import SpeakerBook
from .talk_markers import by_line_names
from .text import collapse, shorten
from .titles import choose_title, derive_title
from .translations import pair_translations
from .units import find_dialogue_labels
from .urls import choose_url, is_media

_INTERVIEW = re.compile(
    r"interview|podcast|conversation|in conversation|fireside|chat with|episode|访谈|对话|播客|专访|对谈",
    re.IGNORECASE,
)
DESCRIPTION_LENGTH = 500


@dataclass
class TalkInput:
    """What one talk is read from."""

    source_name: str
    body: str
    offset: int  # file lines before the body
    data: dict  # front matter that applies to this talk
    text: str  # the whole file, to find front-matter key lines
    raw: str  # this talk's part of the file, verbatim
    episode_urls: list[str]


def _has_content(blocks: list[Block]) -> bool:
    return any(block.kind in ("paragraph", "item", "row") and block.text for block in blocks)


def _opening_prose(blocks: list[Block], limit: int = 4) -> str:
    texts = [block.text for block in blocks if block.kind == "paragraph" and len(block.text) > 40]
    return " ".join(texts[:limit])


def _infer_section_ends(sections: list[ParsedSection], duration: int | None) -> None:
    """A timed section without an end ends where the next timed section at its level starts."""
    for index, section in enumerate(sections):
        if section.start_seconds is None or section.end_seconds is not None:
            continue
        for later in sections[index + 1 :]:
            if later.start_seconds is None or later.level > section.level:
                continue
            if later.start_seconds > section.start_seconds:
                section.end_seconds = later.start_seconds
            break
        later_untimed = all(s.start_seconds is None for s in sections[index + 1 :])
        if section.end_seconds is None and duration and duration > section.start_seconds:
            section.end_seconds = duration if later_untimed else None


def extract_talk(source: TalkInput) -> tuple[ParsedTalk, list[str]]:
    """The ParsedTalk of one body, and sentences of warning for the curator."""
    warnings: list[str] = []
    data = source.data
    markdown = source.body
    offset = source.offset
    blocks = parse_blocks(source.body, offset)
    if not _has_content(blocks):
        summary, line = front_matter_summary(data, source.text)
        if summary:
            markdown, offset = summary, line - 1
            blocks = parse_blocks(summary, offset)
    contexts = block_contexts(blocks)
    readable = readable_markdown(markdown, blocks, contexts, offset)  # before anything reads blocks
    fields = body_fields(blocks)
    choice = choose_title(data, fields, blocks, is_media)
    warnings.extend(choice.warnings)
    title = choice.title

    book = SpeakerBook()
    book.add_front_matter(data)
    book.add_fields(fields)
    for stated in dict.fromkeys([title, choice.written, choice.heading]):
        if stated:
            book.add_title(stated)
    description = fm_description(data)
    book.add_prose(f"{description} {_opening_prose(blocks)}")
    url, url_evidence = choose_url(
        data, fields, blocks, contexts, source.episode_urls, source.body, source.offset
    )
    book.add_body(blocks, source.body, url)

    dialogue = find_dialogue_labels(blocks, [person.name for person in book.people.values()])
    advice = reader_advice_lists(blocks)
    if advice:
        warnings.append(
            "Left out a list of advice addressed to the reader (a note tool's overview), "
            "not the speakers' claims."
        )
    consumed = choice.consumed | _by_line_blocks(blocks, fields)
    kept = [block if index not in consumed else Block("skip") for index, block in enumerate(blocks)]
    walk = walk_claims(kept, dialogue, advice, contexts)
    claims = walk.claims
    signatures = walk.signatures
    extra = front_matter_claims(data, source.text)
    claims.extend(extra)
    signatures.extend(("fm", 0, False) for _ in extra)
    pair_translations(claims, signatures)

    duration, duration_evidence = choose_duration(data, fields)
    sections = walk.sections + front_matter_sections(data)
    _infer_section_ends(sections, duration)
    published, date_evidence = choose_date(data, fields, blocks, choice.date)
    prose = [block.text for block in blocks if block.kind == "paragraph" and not block.quote]
    language, language_evidence = choose_language(
        [claim.text for claim in claims], source.body, prose
    )

    interview_text = " ".join(
        [
            title,
            fm_text(data, "type", "layout", "kind"),
            *(item.value for item in fields if item.field == "title"),
        ]
    )
    interview_text += " ".join(
        block.marked for index, block in enumerate(blocks) if index in choice.consumed
    )
    speakers = book.settle(claims, bool(_INTERVIEW.search(interview_text)))

    derived = False
    title_evidence = choice.evidence
    if not title:
        texts = [claim.text for claim in claims] or [source.body]
        title, how = derive_title(source.source_name, texts)
        derived = True
        warnings.append(f"The note states no title; derived '{title}' from its {how}.")
        title_evidence = [
            Evidence("title", title, how, True, "derived: the note states no title"),
            *title_evidence,
        ]
    if not description:
        description = _first_passage(claims)
    if not claims:
        warnings.append("Found no claims in this note (no key points, quotes, dialogue or prose).")
    evidence = [
        *title_evidence,
        *url_evidence,
        *date_evidence,
        *duration_evidence,
        *language_evidence,
    ]
    head = source.text.split("\n", source.offset)[: source.offset] if source.offset else []
    talk = ParsedTalk(
        title=title,
        url=url,
        published=published[0] if published else None,
        published_precision=published[1] if published else "day",
        duration_seconds=duration,
        speakers=speakers,
        tags=fm_tags(data),
        public=is_public(data),
        description=description,
        language=language,
        markdown=markdown,
        readable=readable,
        raw=source.raw,
        sections=sections,
        claims=claims,
        title_is_derived=derived,
        evidence=with_front_matter_lines(evidence, data, head, key_spellings),
        skipped=walk.skipped,
    )
    talk.evidence.extend(book.evidence())
    return talk, warnings


def _by_line_blocks(blocks: list[Block], fields) -> set[int]:
    """Paragraphs that are only a by-line ("by Jane Doe"): who the talk is by, not a claim.
    "By 2030, most cars…" names no one and stays a claim."""
    return {
        item.block
        for item in fields
        if item.field == "speaker"
        and by_line_names(item.value)
        and blocks[item.block].kind == "paragraph"
        and len([line for line in blocks[item.block].lines if line.text]) == 1
    }


def _first_passage(claims) -> str:
    for claim in claims:
        if claim.kind == "passage" and len(claim.text) >= 80:
            return shorten(collapse(claim.text), DESCRIPTION_LENGTH)
    return ""
