"""Chinese person names in titles and opening prose: native names, transliterations, romanisations.

Three shapes, cheapest first:
- a transliterated foreign name joined by "·" ("马克·安德森", "本·霍洛维茨"), cut out of running prose
  at the function characters around it ("…合伙人马克·安德森和本·霍洛维茨做的…");
- a name followed by its romanisation in parentheses ("伊利亚·苏茨科夫（Ilya Sutskever）"): one person,
  the second spelling an alias;
- a native name where prose gives no punctuation to find it by ("黄仁勋台湾大学毕业典礼演说",
  "本期我们采访了王慧文"): jieba's part-of-speech tag ``nr`` (person name) decides. jieba loads its
  dictionary once (about a second, see docs/decisions.md), so it is imported lazily and only asked
  about a title or a few short phrases, never a whole note.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .names import is_han_name, is_latin_name
from .text import is_cjk

_DOT = "·•・‧"
# Company names jieba's dictionary tags as person names ("nr").
COMPANIES = frozenset(
    [
        "谷歌",
        "微软",
        "苹果",
        "腾讯",
        "阿里",
        "百度",
        "字节",
        "华为",
        "英伟达",
        "小米",
        "美团",
        "京东",
        "网易",
        "亚马逊",
    ]
)
# Characters that end or start a clause around a name in prose; never part of a transliteration.
_STOP = set("的和与及跟同在是说了也都被对向从为曾将把认表称指谈做讲提等这那他她它们个位年月日中上")
_DOTTED = re.compile(rf"[\u4e00-\u9fff]+(?:[{_DOT}][\u4e00-\u9fff]+)+")
_ROMANISED = re.compile(
    rf"(?P<han>[\u4e00-\u9fff]{{1,6}}(?:[{_DOT}][\u4e00-\u9fff]{{1,6}})*)\s*[(（]\s*"
    r"(?P<latin>[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+){1,3})\s*[)）]"
)
_INTRODUCE = re.compile(
    r"(?:对话|对谈|專訪|专访|采访了?|採訪了?|访谈了?|訪談了?|见到了?|見到了?|请到了?|請到了?|"
    r"邀请到?了?|邀請到?了?|嘉宾是|嘉賓是|主讲人是|主講人是|演讲者是|演講者是|主讲嘉宾|本期嘉宾|"
    r"對話|對談)[：:\s]*"
)
_LATIN_AFTER = re.compile(r"[A-Z][A-Za-z'’-]+(?:\s+(?:[A-Z]\.\s*)?[A-Z][A-Za-z'’-]+){1,3}")
_HAN_UNTIL_PUNCT = re.compile(r"([\u4e00-\u9fff]{2,4})(?=[：:，,。、（(\s|｜—–-]|$)")


@lru_cache(maxsize=1)
def _posseg():
    """jieba.posseg, imported (and its dictionary loaded) on first use only."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech flag) pairs for a short text."""
    return tuple((pair.word, pair.flag) for pair in _posseg().cut(text))


def _left_part(run: str) -> str:
    """The given name before a "·": the end of ``run`` after its last function character."""
    cut = max((index for index, ch in enumerate(run) if ch in _STOP), default=-1)
    tail = run[cut + 1 :]
    if 1 <= len(tail) <= 4:
        return tail
    words = [word for word, _flag in tagged(tail)]
    return words[-1] if words and len(words[-1]) <= 4 else ""


def _right_part(run: str) -> str:
    """The surname after a "·": ``run`` up to its first function character, at most five."""
    end = next((index for index, ch in enumerate(run) if ch in _STOP), len(run))
    return run[:end] if 1 <= end <= 5 else ""


def dotted_names(text: str) -> list[str]:
    """Transliterated names joined by "·" in prose: "…人马克·安德森和本·霍洛维茨做的" -> both names."""
    found: list[str] = []
    for match in _DOTTED.finditer(text or ""):
        parts = re.split(rf"[{_DOT}]", match.group(0))
        name = [_left_part(parts[0])]
        for part in parts[1:]:
            end = next((index for index, ch in enumerate(part) if ch in _STOP), len(part))
            if end < len(part) or part is parts[-1]:
                # "安德森和本": this name ends at the function character, the next starts after it
                last = _right_part(part)
                if name[0] and last and all(1 <= len(piece) <= 6 for piece in name[1:]):
                    full = "·".join([*name, last])
                    if full not in found:
                        found.append(full)
                name = [_left_part(part[end:])] if end < len(part) else [""]
            else:
                name.append(part)
    return found


def romanised_names(text: str) -> list[tuple[str, str]]:
    """(Chinese name, Latin name) pairs written "伊利亚·苏茨科夫（Ilya Sutskever）"."""
    found = []
    for match in _ROMANISED.finditer(text or ""):
        latin = match.group("latin")
        han = match.group("han")
        if any(ch in _DOT for ch in han):
            han = (dotted_names(han) or [""])[0]
        else:
            han = han[-4:] if is_han_name(han[-4:]) else han[-3:]
        if han and is_han_name(han) and is_latin_name(latin):
            found.append((han, latin))
    return found


def looks_like_person(name: str) -> bool:
    """jieba's view of a short Han string: does it tag part of it as a person name ("nr…")?"""
    if name in COMPANIES:
        return False
    return any(flag.startswith("nr") for _word, flag in tagged(name))


def title_lead_name(title: str) -> str:
    """A native Chinese name a title starts with: "黄仁勋台湾大学毕业典礼演说" -> "黄仁勋"."""
    title = (title or "").strip()
    if not title or not is_cjk(title[0]):
        return ""
    words = tagged(title[:24])
    if not words:
        return ""
    word, flag = words[0]
    following = title[len(word) : len(word) + 1]
    if following.isascii() and following.isalpha():
        return ""  # "谷歌Gemini 3…": a brand before a product name, not a person
    person = flag == "nr" and 2 <= len(word) <= 4 and word not in COMPANIES
    return word if person and is_han_name(word) else ""


def introduced_names(text: str) -> list[str]:
    """Names after 对话/专访/采访/见到/请到/嘉宾是 in Chinese prose ("见到了Pieter Abbeel")."""
    found: list[str] = []
    for match in _INTRODUCE.finditer(text or ""):
        after = text[match.end() : match.end() + 40]
        name = ""
        latin = _LATIN_AFTER.match(after)
        dotted = dotted_names(after[:16])
        if latin and is_latin_name(latin.group(0)):
            name = latin.group(0)
        elif dotted and after.startswith(dotted[0][:1]):
            name = dotted[0]
        else:
            bounded = _HAN_UNTIL_PUNCT.match(after)
            if bounded and is_han_name(bounded.group(1)) and looks_like_person(bounded.group(1)):
                name = bounded.group(1)
            elif after and is_cjk(after[0]):
                word, flag = (tagged(after[:12]) or (("", ""),))[0]
                if flag == "nr" and 2 <= len(word) <= 4 and is_han_name(word):
                    name = word
        if name and name not in found:
            found.append(name)
    return found
