"""Spotting person names: their shape, and the phrases of titles and prose that introduce them.

A Latin name is two to four capitalised words none of which is a common title word or an
organisation word ("Sam Altman", "Jean-Claude Van Damme"); a Chinese name is two to four Han
characters (or a transliteration joined by "·") without the characters of ordinary phrases.
These are hints for the speaker rules, which decide roles and resolve short forms.
"""

from __future__ import annotations

import re

from .text import cjk_count, collapse, is_cjk
from .vocabulary import NOT_NAME_HAN, NOT_NAME_WORDS, ORG_WORDS

_TOKEN = re.compile(
    r"^(?:[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)*|[A-Z]\.|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)$"
)
_PARTICLES = frozenset({"van", "de", "von", "der", "di", "da", "bin", "al", "le", "la", "du"})
_RUN = re.compile(
    r"(?<![\w-])(?:[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)*|[A-Z]\.)"
    r"(?:\s+(?:(?:van|de|von|der|di|da|bin|al|le|la|du)\s+)?(?:[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)*|[A-Z]\.))+"
    r"(?![\w-])"
)
_INITIALS = re.compile(r"^[A-Z]{2,3}$")
# A division of a book, course or series: "第一章", "第1节", "第二部分", "第三讲", "序章", "下篇".
# Headings and labels of this shape number the text; they never name a person.
_HAN_DIVISION = re.compile(
    r"^(?:第[\d零〇一二三四五六七八九十百千两]+(?:章|节|節|部分|部|篇|回|集|期|讲|講|课|課|卷|幕|场|場|季|话|話|单元|單元|段|轮|輪)"
    r"|[序终終尾]章|楔子|尾声|尾聲|[上中下]篇|[上中下]集|前言|后记|後記)"
)
_SPEAKER_N = re.compile(r"^(?:speaker|说话人|发言人)\s*\d{1,2}$", re.IGNORECASE)
_PEOPLE_SPLIT = re.compile(r"\s*(?:,|，|、|;|；|/|\band\b|&|\s和\s|\s与\s|\+)\s*")
_ASIDE = re.compile(
    r"\s*(?:[(（\[【].*$|[，；、].*$|[,:：;]\s.*$|\s+[-–—]\s.*$|\s+from\s.*$|\s+of\s.*$)"
)


def is_latin_name(text: str, *, min_tokens: int = 2) -> bool:
    """True for "Sam Altman", "Andrej Karpathy", "Jean-Claude Van Damme"; False for "Key Points"."""
    tokens = text.split()
    if not (min_tokens <= len(tokens) <= 4):
        return False
    real = [token for token in tokens if token.lower() not in _PARTICLES]
    if not real or tokens[0].lower() in _PARTICLES:
        return False
    for token in real:
        if not _TOKEN.match(token):
            return False
        lowered = token.lower().rstrip(".")
        if lowered in NOT_NAME_WORDS or lowered in ORG_WORDS:
            return False
    return any(len(token) > 2 for token in real)


def is_han_name(text: str) -> bool:
    """True for "王子涵", "程曼祺", "伊利亚·苏茨科夫"; False for "大家好" or "小红书 @ 曼祺"."""
    text = text.strip()
    if _HAN_DIVISION.match(text):
        return False
    parts = re.split(r"[·•・‧.]", text)
    if len(parts) > 1:
        return all(1 <= len(part) <= 6 and all(is_cjk(ch) for ch in part) for part in parts)
    if not (2 <= len(text) <= 4) or not all(is_cjk(ch) for ch in text):
        return False
    return not any(ch in NOT_NAME_HAN for ch in text)


_CYRILLIC_NAME = re.compile(
    r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?){1,2}$"
)


def is_person_name(text: str) -> bool:
    """A full name of a person in Latin, Cyrillic ("Андрей Курпатов") or Han script."""
    text = collapse(text)
    if cjk_count(text):
        return is_han_name(text)
    return is_latin_name(text) or bool(_CYRILLIC_NAME.match(text))


def is_label_name(text: str) -> bool:
    """A dialogue label that may stand for a person: a name, a first name, initials or "Speaker 2"."""
    text = collapse(text)
    if not text or len(text) > 40:
        return False
    if _SPEAKER_N.match(text) or _INITIALS.match(text):
        return True
    if cjk_count(text):
        return is_han_name(text)
    return is_latin_name(text, min_tokens=1)


def is_numbered_speaker(text: str) -> bool:
    """ "Speaker 1", "说话人2": a transcript's anonymous voice, not a person."""
    return bool(_SPEAKER_N.match(collapse(text)))


def clean_person(text: str) -> str:
    """The name in "Dario Amodei（Anthropic CEO）", "[[Lex Fridman]]", "@sama", "Anish Acharya, Partner"."""
    text = collapse(str(text or ""))
    text = re.sub(r"\[\[|\]\]", "", text).strip(" \"'“”‘’@*_#")
    text = _ASIDE.sub("", text)
    return text.strip(" \"'“”‘’@*_#.,，:：")


def split_people(value: object) -> list[str]:
    """Names from a front-matter value or a label's text: a list, or "A, B and C", "甲、乙"."""
    if isinstance(value, list | tuple):
        names = []
        for item in value:
            if isinstance(item, dict):
                item = item.get("name") or ""
            names.extend(split_people(item))
        return names
    if not isinstance(value, str):
        return []
    text = re.sub(r"\[\[|\]\]", "", value)
    text = re.sub(r"[(（][^()（）]*[)）]", " ", text)
    if cjk_count(text):
        # "王小明，某大学博士生": a full-width comma starts a description; "、" separates names.
        text = re.split(r"[，；。]", text, maxsplit=1)[0]
        parts = re.split(r"\s*(?:、|/|\s和\s|\s与\s|,\s)\s*", text)
    else:
        parts = _PEOPLE_SPLIT.split(text)
    names = []
    for part in parts:
        name = clean_person(part)
        if name and name.lower() not in ("unknown", "none", "n/a", "na", "null", "tbd", "-"):
            names.append(name)
    return names


def name_runs(text: str) -> list[tuple[str, int]]:
    """Person names inside ``text`` with their positions: runs of capitalised words, trimmed.

    "An Interview with OpenAI CEO Sam Altman About DevDay" -> [("Sam Altman", 27)].
    """
    found = []
    for match in _RUN.finditer(text or ""):
        tokens = match.group(0).split()
        position = match.start()
        run: list[str] = []
        run_start = position
        cursor = position
        for token in [*tokens, ""]:
            token_at = text.find(token, cursor) if token else len(text)
            bad = not token or (
                token.lower() not in _PARTICLES
                and (token.lower().rstrip(".") in NOT_NAME_WORDS or token.lower() in ORG_WORDS)
            )
            if bad:
                candidate = " ".join(run)
                if len(run) >= 2 and is_latin_name(candidate):
                    found.append((candidate, run_start))
                elif len(run) > 4 and is_latin_name(" ".join(run[-2:])):
                    found.append((" ".join(run[-2:]), run_start))
                run = []
            else:
                if not run:
                    run_start = token_at
                run.append(token)
            cursor = token_at + len(token) if token else cursor
    return found


_TITLE_HOST_GUEST = re.compile(
    r"^\s*(?P<host>.+?)\s+(?:interviews?|interview with|in conversation with|talks? (?:to|with)|"
    r"chats? with|speaks? with|sits down with|with guest)\s+(?P<guest>.+?)\s*(?:[-–—:|(（,]|$)",
    re.IGNORECASE,
)
_ON_TOPIC = re.compile(r"^\s*(?P<name>[^:：|–—]{3,40}?)\s+(?:on|talks|discusses|explains)\s+\S")
_WITH = re.compile(r"\b(?:with|featuring|feat\.|ft\.)\s+", re.IGNORECASE)
_BY = re.compile(r"(?:^|\s)(?:by|presented by|given by|delivered by)\s+", re.IGNORECASE)
_SEGMENT_SPLIT = re.compile(r"\s+[-–—|]\s+|\s*[–—|]\s*|:\s+|：")
_SPEECH_BY = re.compile(
    r"\b(?:speech|talk|lecture|keynote|presentation|address|essay|remarks|sermon|narration)"
    r"\s+(?:[a-z]+\s+){0,3}?by\s+",
    re.IGNORECASE,
)
_CONVERSATION_WITH = re.compile(
    r"\b(?:conversation|interview|discussion|dialogue|chat|podcast|episode|talks?)\s+with\s+",
    re.IGNORECASE,
)


def _first_name_after(text: str, position: int, window: int = 60) -> str | None:
    for name, at in name_runs(text[position : position + window + 40]):
        if at <= window:
            return name
    return None


def names_in_title(title: str) -> list[tuple[str, str]]:
    """(name, role hint) pairs a talk's title states: "host", "guest" or "speaker"."""
    title = collapse(title)
    found: list[tuple[str, str]] = []
    match = _TITLE_HOST_GUEST.match(title)
    if match:
        host = clean_person(match.group("host"))
        guest = _first_name_after(match.group("guest"), 0, 10) or clean_person(match.group("guest"))
        if is_person_name(host):
            found.append((host, "host"))
        if is_person_name(guest):
            found.append((guest, "guest"))
    on_topic = _ON_TOPIC.match(title)
    if on_topic and is_latin_name(on_topic.group("name")):
        found.append((on_topic.group("name"), "speaker"))  # "Jane Roe on why kettles sing"
    for with_match in _WITH.finditer(title):
        name = _first_name_after(title, with_match.end(), 30)
        if name:
            found.append((name, "guest"))
    for by_match in _BY.finditer(title):
        name = _first_name_after(title, by_match.end(), 5)
        if name:
            found.append((name, "speaker"))
    segments = [
        part.strip(" #\"'“”()（）") for part in _SEGMENT_SPLIT.split(title.lstrip("#0123456789 "))
    ]
    for position, segment in enumerate(segments):
        following = segments[position + 1].casefold() if position + 1 < len(segments) else ""
        if following.startswith(("podcast", "episode", "show", "radio")):
            continue  # "Tea Time - Podcast - Episode: …" names a show, not a person
        if is_person_name(segment):
            found.append((segment, "speaker"))
    return _unique(found)


def names_in_prose(text: str) -> list[tuple[str, str]]:
    """(name, role hint) from phrases like "a speech by Ilya Sutskever", "a conversation with X"."""
    text = collapse(text)[:3000]
    found: list[tuple[str, str]] = []
    for match in _SPEECH_BY.finditer(text):
        name = _first_name_after(text, match.end(), 5)
        if name:
            found.append((name, "speaker"))
    for match in _CONVERSATION_WITH.finditer(text):
        name = _first_name_after(text, match.end(), 40)
        if name:
            found.append((name, "guest"))
    return _unique(found)


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for name, role in pairs:
        if name not in seen or (seen[name] == "speaker" and role != "speaker"):
            seen[name] = role
    return list(seen.items())
