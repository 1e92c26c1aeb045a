"""Lines and lists that are not talk content, each with the reason a curator sees.

A line is judged by its vocabulary (noise_words: promotion, subscription, sponsorship, recruitment,
navigation, backup banners, credits, disclaimers, outros, in English and Chinese) and by its shape
(a link, an image or an image path, template code, a view/like count, a date, inline code).
Heading- and label-level noise is decided by vocabulary.phrase_class, and whole blocks (outlines,
asides, tails, link lists, tables) by noise_blocks; this module judges single lines and lists.
"""

from __future__ import annotations

import re

from .dates import parse_date
from .markdown_tree import Block, Line
from .noise_words import vocabulary_reason
from .text import cjk_count, collapse, has_box_drawing, is_substantial, latin_words, without_urls

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
# Template code: Liquid/Jinja ``{% … %}`` and ``{{ … }}``, Hugo ``{{< … >}}``/``{{% … %}}``,
# inline <script>/<style>, MathJax configuration.
_TEMPLATE = re.compile(
    r"\{%-?.*?-?%\}|\{\{[<%].*?[>%]\}\}|\{\{.*?\}\}|<script\b.*?(?:</script>|$)|<style\b.*?(?:</style>|$)|"
    r"MathJax\.Hub\.\w+\(.*|^\s*[{}]\s*$|^\s*(?:import|export)\s+[\w{},\s*]+?\s+from\s+['\"].*$|"
    r"^\s*export\s+(?:const|default|function)\b.*$|^\s*\{:\s*[.#:]?[\w-].*?\}\s*$|^\s*\[\[?toc\]\]?\s*$|"
    r"^\s*:::\s*\w*.*$|^\s*</?[A-Z]\w*(?:\s[^>]*)?/?>\s*$",
    re.IGNORECASE,
)
_TEMPLATE_HINT = (
    "{%",
    "{{",
    "<script",
    "<style",
    "mathjax",
    "import ",
    "export ",
    "{:",
    "toc]",
    ":::",
    "<",
)
# Images a parser left as text (a path with spaces is no CommonMark image) and raw <img> tags.
_IMAGE_MARKDOWN = re.compile(r"!\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)?|<img\b[^>]*>?", re.IGNORECASE)
# Lines of wiki links or hashtags only ("[[Note A]], [[Note B]]", "#AI #podcast"): links and tags.
_WIKI_LINKS = re.compile(r"^\s*(?:\[\[[^\]]+\]\][\s,，、|·/]*)+$")
_HASHTAGS = re.compile(r"^\s*(?:#[\w\u4e00-\u9fff/.-]+[\s,，、]*){1,}$")
# View, play, like and follower counts: "~87.9K views | 5.3K likes", "1.2万次播放", "点赞 3000".
_COUNT = re.compile(
    r"[~≈约]?\s*\d[\d.,]*\s*[kmb万亿千]?\+?\s*(?:次)?\s*"
    r"(?:views?|likes?|plays?|listens?|downloads?|followers?|subscribers?|comments?|shares?|reposts?|"
    r"播放量?|观看|浏览|阅读量?|点赞|喜欢|收藏|评论|转发|粉丝|赞)|"
    r"(?:views?|likes?|plays?|播放量?|观看|浏览|阅读量?|点赞|收藏|评论|转发|粉丝)\s*[:：]?\s*[~≈约]?\s*\d[\d.,]*\s*[kmb万亿千]?\+?|"
    r"(?:👍|👁️?|❤️?|💬|🔁|⭐|▶️?)\s*\d[\d.,]*\s*[kmb万千]?",
    re.IGNORECASE,
)
_COUNT_LABEL = re.compile(
    r"[\w/]*(?:views?|likes?|counts?|stats?|播放|数据)[\w/]*\s*[:：]?", re.IGNORECASE
)
# A URL's query string left over from a broken image or link ("&wxfrom;=5&wx;_lazy=1&tp;=webp)").
_URL_DEBRIS = re.compile(r"^[\w&;=%./:?#()\[\]!\-+~]+$")
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
    """Calls to follow, subscribe, sponsor, join a group or add a WeChat id."""
    return vocabulary_reason(text) in ("promotion", "subscription", "sponsorship", "recruitment")


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
    """A line holding only images (slides, screenshots), also ones left as text or <img> tags."""
    text = line.text
    if not line.images and "![" not in text and "<img" not in text.lower():
        return False
    return not is_substantial(_IMAGE_MARKDOWN.sub("", text), min_words=2)


def is_template_code(text: str) -> bool:
    """Liquid ``{% … %}``, Hugo ``{{< … >}}`` shortcodes, <script>, MathJax config, and little else."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _TEMPLATE_HINT) and text.strip() not in "{}":
        return False
    return not is_substantial(_TEMPLATE.sub(" ", text), min_words=3, min_cjk=6)


def is_count(text: str) -> bool:
    """A line of view/like/play counts ("~87.9K views | 5.3K likes", "1.2万次播放")."""
    if not any(map(str.isdigit, text)) or not _COUNT.search(text):  # map: the test in C
        return False
    rest = _COUNT_LABEL.sub(" ", _COUNT.sub(" ", text))
    return not is_substantial(rest, min_words=3, min_cjk=6)


def is_code_only(line: Line) -> bool:
    """A line that is entirely inline code (an equation, a command)."""
    return line.code_chars > 0 and line.code_chars >= 0.8 * len(line.text.replace(" ", ""))


def is_url_debris(text: str) -> bool:
    """What a broken link leaves: a query string with no words around it."""
    return (
        ("=" in text or "&" in text) and " " not in text.strip() and bool(_URL_DEBRIS.match(text))
    )


def line_noise(line: Line) -> str:
    """Why a line is not talk content ("promotion", "image", "count", ...), or "" when it is."""
    if line.noise is None:
        line.noise = _reason(line)
    return line.noise


def is_noise_line(line: Line) -> bool:
    """Any line-level noise (see line_noise)."""
    return bool(line_noise(line))


def _reason(line: Line) -> str:
    text = line.text
    if not text:
        return "image" if line.images else "empty"
    checks = (
        (is_template_code(text), "template code"),
        (is_image_only(line), "image"),
        (is_count(text), "count"),
    )
    for matched, reason in checks:
        if matched:
            return reason
    reason = vocabulary_reason(text)
    if reason:
        return reason
    if is_footer(text):
        return "footer"
    if is_link_only(line) or is_url_debris(text) or _WIKI_LINKS.match(text):
        return "link"
    if _HASHTAGS.match(text) and "#" in text:
        return "tags"
    if is_date_only(text):
        return "date"
    if is_code_only(line):
        return "code"
    if has_box_drawing(text):
        return "diagram"
    return ""


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
