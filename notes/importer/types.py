"""The contract between the importer's steps.

    read (archive.py)      paths / uploads / zip  -> [SourceFile]
    decode (decode.py)     SourceFile.data        -> DecodedText (text, encoding)        may raise ImportFailure
    front matter           text                   -> FrontMatter (format, data, body, body_line)
    extract (extract/...)  DecodedText + FrontMatter -> ParsedDocument (talks, sections, claims)
    resolve + persist      ParsedDocument         -> database rows, inside one transaction per file

Each step is a plain function of its input; none touches the database until persist. Every failure
is an ImportFailure whose str() is one sentence naming the file, the problem and, where known, the line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class ImportFailure(Exception):
    """A file cannot be imported. str() is one sentence for a person: file, problem, line."""

    def __init__(self, source_name: str, problem: str, line: int | None = None):
        self.source_name = source_name
        self.problem = problem.rstrip(".")
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"{self.source_name}{where}: {self.problem}."


@dataclass(frozen=True)
class SourceFile:
    """One file to import: its display name (``digest.zip/notes/a.md`` inside a zip) and bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class DecodedText:
    text: str  # newlines normalised to "\n", BOM removed
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "utf-16", ...


@dataclass(frozen=True)
class FrontMatter:
    format: str  # "", "yaml", "json", "toml", "logseq"
    data: dict  # JSON-safe: str/int/float/bool/None/list/dict only (dates as ISO strings)
    body: str  # the text after the front matter
    body_line: int  # 1-based line number in the original text where body starts


@dataclass
class ParsedSpeaker:
    name: str  # the fullest name the file gives ("Ilya Sutskever", "王子涵")
    role: str  # "host" | "guest" | "author" | "mentioned"
    aliases: list[str] = field(default_factory=list)  # other spellings seen in the file ("Ilya")
    # A show or channel ("Dwarkesh Podcast") that names this person only if the knowledge base
    # already knows it as a speaker or alias; dropped otherwise.
    if_known: bool = False


@dataclass
class ParsedSection:
    heading: str
    level: int  # markdown heading level (1-6); 0 for a section without a heading
    start_seconds: int | None = None
    end_seconds: int | None = None


@dataclass
class ParsedClaim:
    text: str  # plain text, markdown markup removed, whitespace collapsed
    language: str  # "zh" | "en" | "mixed"
    kind: str  # "key_point" | "highlight" | "dialogue" | "passage"
    section: int | None = None  # index into ParsedTalk.sections
    start_seconds: int | None = None
    speaker: str | None = None  # a name as the file wrote it; resolved against ParsedTalk.speakers
    # The point names its holder ("Karpathy argues …") but the talk does not list them: the speaker
    # is attached only if the knowledge base already knows that name (never created from it).
    speaker_if_known: bool = False
    translation: int | None = (
        None  # index into ParsedTalk.claims of the same point in the other language
    )
    line: int | None = None  # 1-based line in the file, for messages and the curator


@dataclass(frozen=True)
class Evidence:
    """Why a field of a talk came out as it did: one candidate, where it was found, and its fate.

    ``field`` is "title", "url", "date", "duration", "speaker", "language" or "split";
    ``source`` names the place ("front matter title", "H1", "by-line", "URL slug", "opening lines");
    ``chosen`` is True for the winner; ``note`` says why a candidate lost or what it was resolved to
    ("generic", "decoy host linkedin.com", "first name resolved to Andrej Karpathy").
    """

    field: str
    value: str
    source: str
    chosen: bool = True
    note: str = ""
    line: int | None = None

    def sentence(self) -> str:
        """One line for the curator: `title: H1 "…" (front matter title "…" lost: generic)`."""
        where = f" (line {self.line})" if self.line else ""
        verdict = "" if self.chosen else " — not used"
        note = f": {self.note}" if self.note else ""
        return f'{self.field}: {self.source} "{self.value}"{where}{verdict}{note}'


@dataclass(frozen=True)
class SkippedBlock:
    """A block of the note that did not become a claim, and why (the noise classifier's reason)."""

    line: int | None
    reason: str  # "promotion", "navigation", "template code", "table", "count", "question", "link list", ...
    text: str  # the block's text, shortened for display


@dataclass
class ParsedTalk:
    """One talk as one file (or one episode of a digest) describes it."""

    title: str
    url: str = ""  # as found; normalised on save
    published: dt.date | None = None
    published_precision: str = "day"  # "day" | "month" | "year"
    duration_seconds: int | None = None
    speakers: list[ParsedSpeaker] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # tag names from the file (front matter, #tags)
    public: bool = True
    description: str = ""
    language: str = "en"  # "zh" | "en" | "mixed"
    markdown: str = (
        ""  # the markdown of this talk's part of the file (rendered and sanitised on save)
    )
    # ``markdown`` without its cover and promotion blocks (extract.hidden), as the extractor read it;
    # None: not computed (persist works it out).
    readable: str | None = None
    raw: str = ""  # this talk's part of the file, verbatim (the whole text for a one-talk file)
    sections: list[ParsedSection] = field(default_factory=list)
    claims: list[ParsedClaim] = field(default_factory=list)
    title_is_derived: bool = False  # True when no title was in the file and one was made up
    evidence: list[Evidence] = field(default_factory=list)  # candidates per field, winners marked
    skipped: list[SkippedBlock] = field(
        default_factory=list
    )  # blocks left out as noise, with reasons


@dataclass
class ParsedDocument:
    source_name: str
    sha256: str  # of the file's bytes
    encoding: str
    text: str
    front_matter: FrontMatter
    talks: list[ParsedTalk]  # one, or one per episode of a digest
    warnings: list[str] = field(default_factory=list)  # sentences for the curator
