"""Places in a note's body that say who the talk is by, found by their shape.

Each function returns ``Found`` rows (a name, a role hint, the place it was found, its line) for
the SpeakerBook to weigh; none decides a speaker on its own. Shapes:
- turn labels in any style: ``Name (00:14):`` or ``Name :`` on a line of its own, ``**名字：**``;
- role lines: a top-level bullet or heading ``Name - VP Product, Acme`` (a keynote's notes);
- opening lines that introduce someone: "my name is X", "today we have X", "X, the CEO of Y,
  joins", "thank you, X, for the lecture", "X's talk", "In this video, X explains";
- Chinese prose: 对话/专访/采访/见到 + a name, "·" transliterations, a name with its romanisation;
- a URL slug naming the guest (``/p/jane-doe``), when the note spells the same name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .han_names import dotted_names, introduced_names, looks_like_person, romanised_names
from .markdown_tree import Block
from .names import is_label_name, is_latin_name, is_person_name, name_runs
from .text import cjk_count, collapse
from .vocabulary import metadata_field, phrase_class

_CLOCK = r"\(?\[?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\.\d+)?\]?\)?"
_TURN_ALONE = re.compile(
    rf"^(?P<clock>\[?\(?(?:\d{{1,2}}:)?\d{{1,2}}:\d{{2}}(?:\.\d+)?\]?\)?\s+)?(?P<name>[^\W\d_][\w.'’ -]{{0,38}}?[\w.])\s*(?:{_CLOCK})?\s*[:：]\s*(?P<rest>.*)$"
)
_TURN_CLOCKED = re.compile(rf"^(?P<name>[^\W\d_][\w.'’ -]{{0,38}}?[\w.])\s+{_CLOCK}\s*[:：]?\s*")
_TURN_BOLD = re.compile(
    r"^\*\*(?P<name>[^*:：]{1,30}?)\s*[:：]\s*\*\*|^\*\*(?P<n2>[^*:：]{1,30})\*\*\s*[:：]"
)
MIN_TURNS = 2

_ROLE_WORDS = frozenset(
    [
        "vp",
        "svp",
        "evp",
        "avp",
        "director",
        "ceo",
        "cto",
        "cfo",
        "coo",
        "cpo",
        "cio",
        "ciso",
        "founder",
        "co-founder",
        "cofounder",
        "president",
        "head",
        "lead",
        "manager",
        "engineer",
        "scientist",
        "researcher",
        "professor",
        "prof",
        "partner",
        "principal",
        "architect",
        "fellow",
        "chair",
        "chairman",
        "chief",
        "officer",
        "analyst",
        "developer",
        "advocate",
        "evangelist",
        "editor",
        "investor",
        "staff",
        "senior",
        "dean",
        "lecturer",
        "gm",
        "owner",
        "maintainer",
        "creator",
    ]
)
_ROLE_LINE = re.compile(r"^(?P<name>[^-–—|,(]{3,40}?)\s*(?:\s[-–—|]\s|,\s|\s\()(?P<role>.{2,80})$")

_NAME = r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})"
_INTRO_PATTERNS = [
    (re.compile(r"\b(?:my name is|I'm|I am)\s+" + _NAME), "speaker", "self-introduction"),
    (
        re.compile(
            r"\b(?:taught|presented|given|delivered|narrated)\s+by\s+(?:Prof\.?\s+|Dr\.?\s+)?"
            + _NAME
        ),
        "speaker",
        "opening lines",
    ),
    (re.compile(r"\b(?:hosted|moderated)\s+by\s+" + _NAME), "host", "opening lines"),
    (
        re.compile(
            r"\b(?i:today we have|today I have|we(?:'re| are) joined by|joined (?:today )?by|"
            r"our guest(?: today)? is|please welcome|today'?s guest is|I(?:'m| am) here with|"
            r"I(?:'m| am) joined by)\s+(?:the\s+)?(?:[a-z]+\s+){0,3}" + _NAME
        ),
        "guest",
        "introduction",
    ),
    (
        re.compile(_NAME + r",\s+(?:the\s+|a\s+|an\s+)?[^,.]{3,80},\s+joins\b"),
        "guest",
        "introduction",
    ),
    (re.compile(_NAME + r"\s+(?:is|was)\s+joined\s+by\b"), "host", "introduction"),
    (
        re.compile(
            r"\bthank(?:s| you),?\s+(?:to\s+)?\[?"
            + _NAME
            + r"\]?,?\s+for\s+(?:the|this|a|an|his|her|"
            r"their)\s+(?:[\w-]+\s+){0,2}(?:lecture|talk|keynote|presentation|session|speech|"
            r"interview|conversation|class|course|workshop)",
            re.IGNORECASE,
        ),
        "speaker",
        "thanks for the talk",
    ),
    (
        re.compile(
            _NAME
            + r"(?:'s|’s)\s+(?:[\w-]+\s+)?(?:talk|keynote|lecture|presentation|session|speech)\b"
        ),
        "speaker",
        "possessive talk",
    ),
    (
        re.compile(
            r"\b[Ii]n this (?:video|talk|lecture|transcript|episode|session|podcast|tutorial|keynote|"
            r"presentation|interview),?\s+" + _NAME + r"\s+(?:presents|explains|discusses|shows|"
            r"talks|shares|describes|walks|argues|covers|introduces|demonstrates)"
        ),
        "speaker",
        "opening lines",
    ),
]


@dataclass(frozen=True)
class Found:
    name: str
    role: str  # "host" | "guest" | "speaker" | "dialogue" | "mentioned"
    source: str  # where, for the curator ("turn label", "role line", "URL slug", ...)
    line: int | None = None
    alias: str = ""  # another spelling of the same person ("Ilya Sutskever" for "伊利亚·苏茨科夫")
    asked: tuple[int, int] = (0, 0)  # turn labels: (turns ending in a question, turns)


def _label_name(name: str) -> str:
    """The label as a possible person: not a vocabulary label ("重要原话") nor, in Han, a plain word."""
    name = collapse(name).strip(" *_")
    if not is_label_name(name) or name.isdigit() or metadata_field(name) or phrase_class(name):
        return ""
    if cjk_count(name) and "·" not in name and not looks_like_person(name):
        return ""
    return name


def _turn_label(line, lines_in_block: int) -> str:
    """The speaker label a line starts with, in any of the styles above, or ""."""
    bold = _TURN_BOLD.match(line.marked)
    if bold:
        return bold.group("name") or bold.group("n2")
    alone = _TURN_ALONE.match(line.text)
    clocked = _TURN_CLOCKED.match(line.text)
    if alone and not alone.group("rest") and (lines_in_block > 1 or clocked):
        return alone.group("name")  # the label stands on its own line
    if clocked:
        return clocked.group("name")
    if alone and (
        alone.group("clock") or re.search(r"\s[:：]", line.text[: alone.end("name") + 2])
    ):
        return alone.group("name")  # "[00:00:10] JR: text", "Name : text"
    return ""


def turn_labels(blocks: list[Block]) -> list[Found]:
    """Speakers of labelled turns: "Greg Isenberg (00:00):", "Lenny Rachitsky :", "**名字：**".

    Each row's ``asked`` counts the label's turns that end in a question, and all its turns.
    """
    seen: dict[str, list[int]] = {}
    asked: dict[str, list[int]] = {}
    current, last_text = "", ""

    def close_turn() -> None:
        if current:
            counts = asked.setdefault(current, [0, 0])
            counts[0] += last_text.rstrip().endswith(("?", "？"))
            counts[1] += 1

    for block in blocks:
        if block.kind not in ("paragraph", "item"):
            continue
        for line in block.lines:
            raw = _turn_label(line, len(block.lines))
            name = _label_name(raw) if raw else ""
            if name:
                close_turn()
                current, last_text = name, line.text.split(":", 1)[-1].split("：", 1)[-1]
                seen.setdefault(name, []).append(line.number)
            elif current and line.text.strip():
                last_text = line.text
    close_turn()
    if sum(len(lines) for lines in seen.values()) < 2 * MIN_TURNS:
        return []
    return [
        Found(name, "dialogue", "turn label", lines[0], asked=tuple(asked.get(name, (0, 0))))
        for name, lines in seen.items()
        if len(lines) >= MIN_TURNS
    ]


def role_lines(blocks: list[Block]) -> list[Found]:
    """ "* Mark Cavage - VP Product Dev, Oracle" or "## Jane Roe – Director, Acme": a speaker's line."""
    found = []
    for block in blocks:
        top_item = block.kind == "item" and block.depth <= 1
        if not (top_item or block.kind == "heading") or len(block.text) > 120:
            continue
        match = _ROLE_LINE.match(block.text)
        if not match or not is_latin_name(match.group("name").strip()):
            continue
        role_words = {word.strip(".,()").casefold() for word in match.group("role").split()}
        if role_words & _ROLE_WORDS or " at " in match.group("role"):
            found.append(Found(match.group("name").strip(), "speaker", "role line", block.line))
    return found


_APPOSITIVE = re.compile(
    _NAME + r",\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}?(?P<role>[\w-]+)\b", re.UNICODE
)
APPOSITIVE_CHARS = (
    400  # only the note's first lines: later, "X, the CEO of Y," is someone mentioned
)
_BIO_HEADING = re.compile(
    r"about the (?:guest|guests|speaker|speakers|presenter|lecturer)|(?:guest|speaker)s?\s+bio|"
    r"关于嘉宾|嘉宾介绍|嘉宾简介|讲者介绍|主讲人介绍|演讲者介绍|關於來賓|來賓介紹|講者介紹",
    re.IGNORECASE,
)
_LEADING_BOLD = re.compile(r"^\*\*(?P<name>[^*]{2,40})\*\*")


def introductions(text: str, line: int | None = None) -> list[Found]:
    """People the opening lines introduce as the talk's speaker or guest (English phrasing)."""
    found = []
    for pattern, role, source in _INTRO_PATTERNS:
        for match in pattern.finditer(text):
            runs = name_runs(match.group("name"))
            if runs and runs[0][1] == 0 and is_latin_name(runs[0][0]):
                found.append(Found(runs[0][0], role, source, line))
    for match in _APPOSITIVE.finditer(text[:APPOSITIVE_CHARS]):
        runs = name_runs(match.group("name"))
        role_word = match.group("role").casefold()
        if runs and runs[0][1] == 0 and is_latin_name(runs[0][0]) and role_word in _ROLE_WORDS:
            found.append(Found(runs[0][0], "speaker", "opening lines (name, role)", line))
    return found


def bio_sections(blocks: list[Block]) -> list[Found]:
    """ "## About the Guest" / "## 关于嘉宾" and the person its first paragraph starts with."""
    found = []
    for index, block in enumerate(blocks):
        if block.kind != "heading" or not _BIO_HEADING.search(block.text):
            continue
        following = next(
            (
                b
                for b in blocks[index + 1 : index + 4]
                if b.kind in ("paragraph", "item") and b.text
            ),
            None,
        )
        if following is None:
            continue
        bold = _LEADING_BOLD.match(following.marked)
        candidates = [bold.group("name").strip()] if bold else []
        candidates += [name for name, at in name_runs(following.text[:80]) if at == 0]
        candidates += dotted_names(following.text[:20])[:1]
        name = next((c for c in candidates if is_person_name(c)), "")
        if name:
            found.append(Found(name, "guest", "guest's biography", following.line))
    return found


def chinese_introductions(text: str, body: str, line: int | None = None) -> list[Found]:
    """Names in Chinese opening prose: after 对话/专访/见到…, or "·" names the note repeats."""
    if cjk_count(text) < 20:
        return []
    found = [Found(name, "speaker", "opening lines", line) for name in introduced_names(text)]
    for han, latin in romanised_names(text):
        found.append(Found(han, "speaker", "name with romanisation", line, alias=latin))
    for name in dotted_names(text):
        if body.count(name) >= 2:
            found.append(Found(name, "speaker", "opening lines (named again later)", line))
    return found


_SLUG_PREFIX = re.compile(
    r"^(?:p|episodes?|podcasts?|guests?|people|speakers?|interviews?|talks?)$"
)


def url_slug_guest(url: str, body: str) -> list[Found]:
    """ "…/p/jane-doe" names the guest when the note itself spells "Jane Doe"."""
    if not url:
        return []
    segments = [unquote(part) for part in urlsplit(url).path.split("/") if part]
    for index, segment in enumerate(segments[1:], start=1):
        if not _SLUG_PREFIX.match(segments[index - 1].casefold()):
            continue
        words = re.split(r"[-_]+", segment)
        # "/p/jane-roe" or "/p/jane-roe-on-kettles": the guest's name leads the slug
        for size in (3, 2):
            lead = words[:size]
            if len(lead) < size or not all(word.isalpha() for word in lead):
                continue
            joined = r"\s+".join(map(re.escape, lead))
            for match in re.finditer(r"\b" + joined + r"\b", body, re.IGNORECASE):
                if is_person_name(match.group(0)):
                    return [Found(match.group(0), "guest", "URL slug")]
    return []
