"""What marks one talk on a page of several: a by-line or speaker bullet under its heading.

``by [Name](…)`` / ``by Name`` standing alone, ``* speaker: Name``, ``**Speaker:** Name``,
``演讲者：名字``, ``Guest: Name`` (with its colon), or a by-line closing the heading itself
("Draft.js by Nik Graf"). The value must be names: after an explicit label a first name or a
lower-case name will do, a bare by-line needs a full name. Affiliations after a comma, dash or in
parentheses are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from .names import is_han_name, is_latin_name

HEADING = re.compile(
    r"^(?P<item>[ \t]{0,3}(?:[*+-]|\d{1,3}[.)])[ \t]+)?(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$"
)
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_MARKER = re.compile(
    r"^(?P<label>by|presented by|talk by|speakers?|presenters?|guests?|讲者|演讲者|演讲人|主讲|"
    r"主讲人|主讲嘉宾|演讲嘉宾|讲师|分享者|分享人|分享嘉宾|嘉宾|登壇者|発表者|スピーカー|발표자|연사)\s*(?P<colon>[:：])?\s*(?P<name>.+?)\s*$",
    re.IGNORECASE,
)
_PROFILE_LINE = re.compile(
    r"^\[(?P<name>[^\]]+)\]\(https?://(?:www\.)?(?:twitter\.com|x\.com|github\.com|linkedin\.com|"
    r"bsky\.app|mastodon\.[a-z]+|[a-z.]*\.social)/[^)\s]*\)\s*$",
    re.IGNORECASE,
)
_NEEDS_COLON = ("guest", "guests", "嘉宾")  # "Guests are welcome" is prose, "Guest: X" a label
_LINE_LEAD = re.compile(r"^\s*(?:[*+-]\s+)?(?:[^\w\s\[(\"'“]+\s*)?")  # bullet, emoji, emphasis
_EMPHASIS = re.compile(r"\*{1,3}|(?<![\w/])_{1,3}|_{1,3}(?![\w/])")
_HEADING_BY = re.compile(
    r"^(?P<title>.*?\S)\s*(?:[-–—|,:(（]\s*)?\bby\s+(?P<name>[^()（）]+?)\s*[)）]?\s*$", re.I
)
_AFFILIATION = re.compile(r"\s*(?:[(（].*?[)）]|[,，]\s.*|\s[-–—|@]\s.*)$")
_NAME_JOINERS = re.compile(r"\s*(?:,|&|\band\b|、|和|与)\s*")
_NAME_TOKEN = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[.'’-][^\W\d_]*)*\.?$")
# One-word values of a "speaker:" label that name no one.
_NOT_NAMES = frozenset(
    [
        "interviewer",
        "narrator",
        "myself",
        "me",
        "tbd",
        "tba",
        "various",
        "multiple",
        "unknown",
        "anonymous",
        "someone",
        "slides",
        "everybody",
        "none",
        "n/a",
        "na",
    ]
)
BOLD_LINE = re.compile(r"^\s*(?:[*+-]\s+)?(\*\*|__)(?P<text>[^*_\s].*?)\1\s*$")
ENUMERATOR = re.compile(r"^(?:[A-Za-z]|\d{1,3})[.)]\s+(?=\S)")
MARKER_WINDOW = 3  # a talk's marker is among the first non-empty lines under its heading


def plain(text: str) -> str:
    """Markdown links replaced by their text."""
    return LINK.sub(r"\1", text)


def by_line_names(value: str) -> list[str]:
    """The full names a bare by-line's value gives ("Jane Doe, Acme" -> ["Jane Doe"]), or []."""
    return _names(value, labelled=False)


def _names(value: str, labelled: bool) -> list[str]:
    """The people a marker names ("Ana Souza, Acme" -> ["Ana Souza"]; "Ana Souza, Lars Holm"
    -> both), or [] when its value does not start with a name."""
    value = plain(value).strip().strip("*_ ")
    if not value or len(value) > 120:
        return []
    names: list[str] = []
    for piece in _NAME_JOINERS.split(value):
        piece = _AFFILIATION.sub("", piece.strip()).strip()
        if not piece:
            continue
        if not names:
            if not _is_name(piece, labelled):
                return []
            names.append(piece)
        elif _is_name(piece, labelled=False):
            names.append(piece)  # a co-speaker; a company or job title after a comma is not
    return names


def _is_name(text: str, labelled: bool) -> bool:
    """A person's name ("Inês Duarte" too); after an explicit "speaker:" label also a first name,
    a lower-case name or one with a bare initial ("Shreya", "peter baumgartner", "Sean J Taylor")."""
    if is_han_name(text) or (labelled and _other_script_name(text)):
        return True
    folded = _without_accents(text)
    if is_latin_name(folded):
        return True
    tokens = folded.split()
    if not labelled or not 1 <= len(tokens) <= 4:
        return False
    if len(tokens) == 1 and (not text[:1].isupper() or text.casefold() in _NOT_NAMES):
        return False
    longer = " ".join(token for token in folded.title().split() if len(token.rstrip(".")) > 1)
    return all(_NAME_TOKEN.match(token) for token in tokens) and is_latin_name(longer, min_tokens=1)


def _other_script_name(text: str) -> bool:
    """A short name in Hangul, kana or Han ("김민수", "山田 太郎"), trusted after a label only."""
    letters = text.replace(" ", "").replace("・", "")
    return 2 <= len(letters) <= 8 and all(
        unicodedata.name(ch, "").startswith(("HANGUL", "CJK", "HIRAGANA", "KATAKANA"))
        for ch in letters
    )


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def speaker_marker(lines: list[str], start: int, end: int) -> tuple[list[str], str]:
    """The speakers a by-line or speaker bullet right under a heading names, and its kind."""
    seen = 0
    for line in lines[start:end]:
        if not line.strip():
            continue
        seen += 1
        if seen > MARKER_WINDOW or HEADING.match(line):
            break
        lead = _LINE_LEAD.match(line).group(0)
        rest = _EMPHASIS.sub("", line[len(lead) :])
        profile = _PROFILE_LINE.match(rest)
        if profile and _names(profile.group("name"), labelled=False):
            return _names(profile.group("name"), labelled=False), "link to the speaker's profile"
        match = _MARKER.match(rest)
        if not match:
            continue
        label = match.group("label").casefold()
        by_line = label in ("by", "presented by", "talk by")
        if match.group("colon") is None and label in _NEEDS_COLON:
            continue
        names = _names(match.group("name"), labelled=not by_line or "[" in match.group("name"))
        if names:
            bullet = lead.strip()[:1] in ("*", "+", "-")
            kind = "by-line" if by_line else ("speaker bullet" if bullet else "speaker line")
            return names, kind
    return [], ""


def heading_by_line(text: str) -> tuple[str, list[str]]:
    """ "Draft.js by Nik Graf" -> ("Draft.js", ["Nik Graf"]); ("", []) for other headings."""
    match = _HEADING_BY.match(plain(text))
    if not match:
        return "", []
    names = _names(match.group("name"), labelled=False)
    title = match.group("title").strip(" \"“”'")
    return (title, names) if names and title else ("", [])


def is_titled(heading: str, names: list[str]) -> bool:
    """A talk's heading says what the talk is about; a heading that only names its speaker
    ("## Jane Doe (CTO)") opens one person's turn in a panel, not a talk of its own."""
    text = _AFFILIATION.sub("", ENUMERATOR.sub("", plain(heading))).casefold()
    for name in names:
        text = text.replace(name.casefold(), " ")
    return bool(re.search(r"[^\W\d_]{2,}", text)) or len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2
