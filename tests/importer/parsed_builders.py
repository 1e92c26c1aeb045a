"""Hand-built ParsedDocuments, to test persistence apart from parsing (text written for these tests)."""

import datetime as dt
import hashlib

from notes.importer.types import (
    FrontMatter,
    ParsedClaim,
    ParsedDocument,
    ParsedSection,
    ParsedSpeaker,
    ParsedTalk,
)

POINTS_EN = [
    "Models generalize far worse than people do, and that is the main open problem.",
    "Reinforcement learning now uses more compute than pre-training at some labs.",
    "Continual learning on the job is what a real deployment will need.",
]
POINTS_ZH = [
    "模型的泛化能力远不如人类，这是最主要的未解决问题。",
    "在一些实验室里，强化学习用掉的算力已经超过预训练。",
    "真正的部署需要在工作中持续学习。",
]


def make_talk(
    title="Scaling and research: a conversation",
    url="https://www.youtube.com/watch?v=abcdefghijk",
    speakers=(("Ada Lovelace", "guest", ["Ada"]), ("Grace Hopper", "host", [])),
    points=None,
    translations=True,
    tags=("llm",),
    public=True,
    published=dt.date(2025, 11, 25),
    title_is_derived=False,
    dialogue=(),
):
    """One talk: a section, English points, optional Chinese translations, optional dialogue turns."""
    points = list(POINTS_EN if points is None else points)
    claims = [ParsedClaim(text=p, language="en", kind="key_point", section=0) for p in points]
    if translations:
        for index, text in enumerate(POINTS_ZH[: len(points)]):
            claims[index].translation = len(claims)
            claims.append(ParsedClaim(text=text, language="zh", kind="key_point", section=0))
    for name, text in dialogue:
        claims.append(
            ParsedClaim(
                text=text, language="en", kind="dialogue", section=1, speaker=name, start_seconds=60
            )
        )
    raw = "\n".join([f"# {title}", url, *(c.text for c in claims)]) + "\n"
    return ParsedTalk(
        title=title,
        url=url,
        published=published,
        duration_seconds=3600,
        speakers=[ParsedSpeaker(name=n, role=r, aliases=list(a)) for n, r, a in speakers],
        tags=list(tags),
        public=public,
        language="mixed" if translations else "en",
        markdown=raw,
        raw=raw,
        sections=[ParsedSection("Key points", 2), ParsedSection("Conversation", 2, 60, 120)],
        claims=claims,
        title_is_derived=title_is_derived,
    )


def make_document(name="talk.md", *talks, extra=""):
    """A ParsedDocument for ``talks`` (one default talk if none); ``extra`` varies the file bytes."""
    talks = list(talks) or [make_talk()]
    text = "".join(t.raw for t in talks) + extra
    sha = hashlib.sha256(text.encode()).hexdigest()
    return ParsedDocument(
        source_name=name,
        sha256=sha,
        encoding="utf-8",
        text=text,
        front_matter=FrontMatter(format="", data={}, body=text, body_line=1),
        talks=talks,
    )
