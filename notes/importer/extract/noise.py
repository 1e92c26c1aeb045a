"""Lines and lists that are not talk content: promotion, footers, link-only lines, reader advice.

Heading- and label-level noise (reference lists, metadata blocks, "欢迎交流与合作") is decided by
vocabulary.phrase_class; this module judges single lines and whole lists.
"""

from __future__ import annotations

import re

from .dates import parse_date
from .markdown_tree import Block, Line
from .text import cjk_count, collapse, has_box_drawing, is_substantial, latin_words, without_urls

# Promotion and calls to action, in English and Chinese. Deliberately specific: "关注" alone is an
# ordinary word ("关注有感知生命的价值"), "关注公众号" is promotion.
_PROMO = re.compile(
    r"微信|公众号|wechat|听友群|进群|入群|加群|社群|扫码|二维码|小助手|小红书\s*@|即刻\s*@|"
    r"关注我们|欢迎关注|点赞|转发|打赏|赞助|订阅|"
    r"\bsubscribe\b|\bsubscriptions?\b|\bsponsor(?:ed|s)?\b|\bpatreon\b|\bnewsletter\b|"
    r"\bfollow (?:us|me)\b|\bjoin (?:our|the) (?:discord|community|slack)\b|\bpromo code\b|"
    r"\bdiscount code\b|\bclick the link\b|\blink in (?:the )?(?:bio|description)\b|"
    r"\bthanks for being a supporter\b|\bsingle recipient\b|\bforwarding\b",
    re.IGNORECASE,
)
# Footers and tool stamps: publication lines, sync/export notices, generator banners.
_FOOTER = re.compile(
    r"^\s*(?:本文(?:发表|首发|发布|转载)|原文(?:链接|地址|发表)|首发于|"
    r"originally (?:published|posted)|this (?:post|article|note) was (?:published|generated|written)|"
    r"(?:highlights? )?(?:first )?synced (?:by|from|with)|imported (?:from|by)|clipped (?:from|by)|"
    r"generated (?:by|with|using)|summary generated|transcribed by|powered by|"
    r"here(?: is|'s) (?:a|an|the|your) (?:[\w-]+ ){0,4}summary|sure[,!] here)",
    re.IGNORECASE,
)
_DATE_PARTS = re.compile(
    r"\d{1,4}(?:st|nd|rd|th)?|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:on|the|of)\b|[年月日号周星期一二三四五六天]",
    re.IGNORECASE,
)
_IMAGE_MARKDOWN = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself)\b|你的|您的", re.IGNORECASE)
_ADVICE_VERBS = re.compile(
    r"\b(?:consider|think about|explore|stay informed|leverage|could inspire|may inform|"
    r"could refine|prepare your)\b",
    re.IGNORECASE,
)
ADVICE_SHARE = 0.7
ADVICE_VERB_SHARE = 0.5
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|「[^」]*」')
ADVICE_MIN_ITEMS = 3


def is_promotion(text: str) -> bool:
    """Calls to follow, subscribe, join a group or add a WeChat id."""
    return bool(_PROMO.search(text or ""))


def is_footer(text: str) -> bool:
    """ "本文发表于 …", "Highlights first synced by Readwise", "Originally published at …"."""
    return bool(_FOOTER.search(text or ""))


def is_link_only(line: Line) -> bool:
    """A line that is a link (or a name and a link) and little else."""
    if not line.urls and not line.link_chars:
        return False
    return not is_substantial(without_urls(line.unlinked), min_words=4, min_cjk=6)


def is_date_only(text: str) -> bool:
    """A line that only dates the note ("On Monday, Jan 27th, 2025", "2025-11-25")."""
    if len(text) > 60 or parse_date(text) is None:
        return False
    rest = _DATE_PARTS.sub(" ", text)
    return latin_words(rest) <= 2 and cjk_count(rest) <= 3


def is_image_only(line: Line) -> bool:
    """A line holding only images (slides, screenshots)."""
    return line.images > 0 and not is_substantial(_IMAGE_MARKDOWN.sub("", line.text), min_words=2)


def is_code_only(line: Line) -> bool:
    """A line that is entirely inline code (an equation, a command)."""
    return line.code_chars > 0 and line.code_chars >= 0.8 * len(line.text.replace(" ", ""))


def is_noise_line(line: Line) -> bool:
    """Any line-level noise: promotion, footer, link-only, image-only, code-only, box drawing."""
    if line.noise is None:
        line.noise = _noise(line)
    return line.noise


def _noise(line: Line) -> bool:
    text = line.text
    return (
        not text
        or is_promotion(text)
        or is_footer(text)
        or is_link_only(line)
        or is_image_only(line)
        or is_date_only(text)
        or is_code_only(line)
        or has_box_drawing(text)
    )


def reader_advice_lists(blocks: list[Block]) -> set[int]:
    """Ids of lists that advise the reader ("consider how you could…") rather than report the talk.

    A list of at least three items most of which address "you"/"your" is personalised advice that
    a note tool wrote for its reader (Notion's "Overview"), not something the speaker said.
    """
    items: dict[int, list[str]] = {}
    for block in blocks:
        if block.kind == "item" and block.parent is None:
            items.setdefault(block.list_id, []).append(collapse(block.text))
    advice = set()
    for list_id, texts in items.items():
        if len(texts) < ADVICE_MIN_ITEMS:
            continue
        unquoted = [_QUOTED.sub(" ", text) for text in texts]  # a quoted "you" is the speaker's
        addressed = sum(1 for text in unquoted if _SECOND_PERSON.search(text))
        advising = sum(1 for text in unquoted if _ADVICE_VERBS.search(text))
        if addressed / len(texts) >= ADVICE_SHARE and advising / len(texts) >= ADVICE_VERB_SHARE:
            advice.add(list_id)
    return advice
