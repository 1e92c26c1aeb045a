"""Words that tell what a heading, a label or a name is, in English and Chinese.

Every list here is matched against a *folded* phrase (see ``fold_phrase``): lower case, numbering,
emoji, markup and trailing punctuation removed. Rules built on them live in the other modules; the
lists live here so that a new note shape usually means adding a word, not a rule.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _phrases(text: str) -> frozenset[str]:
    """Phrases separated by "|" in a block of text (keeps long lists readable)."""
    return frozenset(" ".join(part.split()) for part in text.split("|") if part.strip())


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a block of text."""
    return text.split()


# Headings and labels whose section is not talk content, by the reason a curator sees:
# promotion, references, link and book lists, company/people lists, metadata blocks, credits,
# biographies, tool footers, background by the note-taker, tables of contents.
NOISE_BY_REASON = {
    "promotion": _phrases(
        """
        欢迎交流 | 交流与合作 | 欢迎合作 | 联系方式 | 联系我们 | 联系作者 | 关注我们 | 欢迎关注 | 关注公众号 | 公众号 | 微信 |
        听友群 | 加群 | 打赏 | contact | follow us | 暖心提示 | 温馨提示 | 往期回顾 | 往期推荐 | 精彩推荐 | 猜你喜欢
        """
    ),
    "sponsorship": _phrases(
        """
        赞助 | 广告 | sponsor | sponsors | sponsored by | advertisement | support the show | support us |
        our sponsors | 赞助商 | 品牌推广
        """
    ),
    "subscription": _phrases(
        """
        subscribe | newsletter | 订阅 | subscribe to the show | where to listen | 收听方式 | 收听渠道
        """
    ),
    "biography": _phrases(
        """
        about the author | about me | about the speaker | about the speakers | about the guest |
        about the guests | about the host | about the hosts | about the podcast | about the show |
        speaker bio | speaker bios | guest bio | bio | biography | 关于作者 | 作者介绍 | 作者简介 | 嘉宾介绍 |
        嘉宾简介 | 主播介绍 | 主持人介绍 | 人物介绍 | 人物简介 | 播客介绍 | 关于播客 | 关于节目 | 讲者介绍 |
        讲者简介
        """
    ),
    "metadata": _phrases(
        """
        metadata | podcast metadata | episode metadata | episode info | video info | source | 封面 |
        材料信息 | 元数据 | 基本信息 | 节目信息 | 视频信息 | machine-readable data | machine readable data
        """
    ),
    "credits": _phrases(
        """
        credits | 剪辑制作 | 后期制作 | 登场人物 | 制作团队 | 幕后制作 | production credits
        """
    ),
    "note-taker aside": _phrases(
        """
        target audience | additional context | background information
        """
    ),
    "outline": _phrases(
        """
        目录 | 本文目录 | 文章目录 | 大纲 | table of contents | contents | toc | outline
        """
    ),
    "link list": _phrases(
        """
        reference | references | reference documents | links | link | links mentioned | resources |
        resources mentioned | further reading | reading list | recommended reading | books |
        books mentioned | book list | bibliography | sources | citations | see also | related |
        related links | related episodes | related posts | related reading | show links |
        mentioned in this episode | 参考 | 参考资料 | 参考文献 | 参考链接 | 延伸阅读 | 推荐阅读 | 扩展阅读 | 相关链接 |
        相关阅读 | 相关文章 | 书单 | 附录 | appendix | glossary | 术语表 | 名词解释 | companies | companies mentioned |
        companies and entities mentioned | entities mentioned | notable companies |
        notable companies/people | people mentioned | tools mentioned | products mentioned | 提及的公司 |
        提及的人物 | cross-links | cross links | crosslinks | related pages
        """
    ),
}
NOISE_PHRASES = frozenset().union(*NOISE_BY_REASON.values())

# Headings and labels whose items are the key points of the talk.
KEYPOINT_PHRASES = _phrases(
    """
    key points | key point | key takeaways | takeaways | takeaway | practical takeaways | tldr |
    tl;dr | tl dr | key insights | insights | key ideas | core ideas | main ideas | main points |
    main arguments | main arguments or thesis | key themes | key lessons | lessons | lessons learned |
    what to remember | bottom line | 要点 | 关键要点 | 核心要点 | 核心观点 | 主要观点 | 观点 | 关键信息 | 精华收获 | 划重点 | 重点 |
    核心结论
    """
)

# Headings and labels whose items are quotations or highlighted statements.
HIGHLIGHT_PHRASES = _phrases(
    """
    quotes | quote | notable quotes | notable quotes or highlights | memorable quotes | key quotes |
    highlights | 金句 | 原话 | 重要原话 | 名言 | 摘录 | 精彩语录 | 语录
    """
)

# Headings whose question-shaped lines are comprehension questions, not claims.
QUESTION_PHRASES = _phrases(
    """
    questions | discussion questions | review questions | quiz | 思考题 | 讨论题 | 问题清单
    """
)

# Labels of metadata lines ("- 标题：…", "**Source**: …", "Host(s): …") and the field each fills.
METADATA_LABELS = {
    "title": _phrases(
        """
        标题 | 播客标题 | 节目标题 | 视频标题 | 题目 | title | episode title | video title | summary of the podcast |
        summary of the talk | summary of the video | summary of the interview | summary of the lecture
        """
    ),
    "episode": _phrases(
        """
        episode | 单集 | 本期
        """
    ),
    "url": _phrases(
        """
        链接 | 视频地址 | 视频链接 | 原文链接 | 原始链接 | 播客链接 | 节目链接 | 地址 | 出处 | url | link | source | source url |
        source link | video | video url | youtube | original | original url | watch | podcast link |
        episode link
        """
    ),
    "date": _phrases(
        """
        发布日期 | 发布时间 | 发表日期 | 录制时间 | 录制日期 | 上线时间 | 日期 | date | published | publish date | published on |
        recorded | recorded on | air date | aired | released | release date | upload date | uploaded |
        episode date | talk date | event date | lecture date | recording date | date recorded |
        演讲时间 | 演讲日期 | 播出时间 | 播出日期 | 讲座时间 | 活动时间
        """
    ),
    "duration": _phrases(
        """
        时长 | 覆盖时长 | 视频时长 | 节目时长 | duration | length | runtime
        """
    ),
    "host": _phrases(
        """
        主播 | 本期主播 | 主持人 | 主持 | 访谈者 | 采访者 | host | hosts | host(s) | interviewer | moderator
        """
    ),
    "guest": _phrases(
        """
        嘉宾 | 本期嘉宾 | 受访者 | 访谈对象 | 对谈嘉宾 | guest | guests | guest(s) | interviewee | panelists
        """
    ),
    "speaker": _phrases(
        """
        演讲者 | 主讲 | 主讲人 | 讲者 | speaker | speakers | presenter | lecturer | by
        """
    ),
    "author": _phrases(
        """
        作者 | author | 作者/来源 | written by
        """
    ),
    "ignore": _phrases(
        """
        channel | 频道 | show | 节目 | 播客 | podcast | series | 总字数 | 字数 | 预估阅读时长 | 阅读时长 | 生成时间 | 类型 | type |
        关键元数据 | context | category | categories | tags | 标签 | 分类 | words | word count | reading time |
        generated | language | 语言 | 剪辑制作 | 剪辑 | 后期 | cover | 封面 | status | summarized | processed |
        generated on | synced | sync date | clipped | saved | saved on | date saved | fetched | last updated |
        last modified | 同步时间 | 保存时间 | 剪藏时间 | 更新时间 |
        genre | 体裁 | views | likes | views/likes | plays | 播放量 | 播放 | 阅读量 | 点赞 | stats | statistics |
        video id | thumbnail | transcript language | subtitle language | 字幕语言 | model used | 使用模型 |
        tokens used | processing time | 处理时间 | subscribers | 订阅数 | 粉丝数 | platform | 平台 | 来源平台
        """
    ),
}

# Headings that are not titles ("YouTube Video Summary", "Notes", "全文"...).
GENERIC_TITLES = _phrases(
    """
    summary | notes | note | key points | transcript | highlights | overview | tldr | introduction |
    untitled | show notes | podcast notes | meeting notes | video summary | youtube video summary |
    youtube summary | podcast summary | episode summary | talk summary | lecture notes |
    summary of the podcast | content | contents | table of contents | 全文 | 摘要 | 总结 | 笔记 | 摘要总结 | 内容 |
    正文 | 逐字稿 | 文字稿 | 目录
    """
)

# File names that say nothing about the talk.
GENERIC_FILE_STEMS = _phrases(
    """
    notes | note | index | readme | summary | untitled | transcript | document | new note | draft |
    analysis | analysis compressed | main | content | output | export
    """
)


# Capitalised words that are never (part of) a person's name, for title/prose name spotting.
NOT_NAME_WORDS = frozenset(
    _words(
        """
    a an the and or but of to in on at for with from by about into over under after before vs
    is are was were be been will would can could should may might must not no yes do does did
    we you he she they it i my our your his her their its this that these those what why how
    when where who which new old key points summary notes interview conversation talk podcast
    episode lecture keynote panel chat discussion introduction intro part chapter season show
    video youtube live session q a qa ama ceo cto cfo coo founder cofounder co-founder partner
    professor prof dr mr mrs ms sir team company inc llc ltd corp ai agi llm llms gpt age era
    future state core ideas idea philosophy software hardware research science learning deep
    machine data model models scaling harsh truth building startups startup industry market
    transformers transformer stanford harvard mit openai google microsoft meta apple amazon nvidia
    anthropic university college institute school systems ventures capital labs lab group
    partners foundation media network studio studios technologies research center daily weekly
    monthly news update updates report review reality implication shift insight example context
    problem solution note tip warning edit source answer question overview highlights takeaways
    conclusion analysis translation reference references bottom line why now relevant primary
    claim supporting reasoning implicit argument critical distinction enterprise consumer
    product marketing voice creator economy fundraising principles overall topics timestamps
    themes observations perspectives follow-up due diligence actionable investment theses
    potential companies entities mentioned speaker speakers host hosts guest guests unknown none
    moderator audience everyone somebody someone nobody thanks thank welcome hello hi hey okay
    yeah right well so just also even still only really very much more most less least first
    second third last next one two three four five six seven eight nine ten physics chess
    changing again might need continual agents agent
    """
    )
)

# Words of greeting, thanks and assent: a turn made only of them ("Hi. Thanks for having me.")
# carries no claim (claims.is_pleasantry).
PLEASANTRY_WORDS = frozenset(
    _words(
        """
    hi hello hey bye goodbye bye-bye thanks thank you so much very sure yeah yes yep ok okay great
    cool right absolutely exactly totally definitely wow nice awesome my pleasure for having me us
    glad to be here it's good see again how are doing and welcome back everybody everyone oh well
    um uh ah all the same too likewise of course
    """
    )
)

# Words in a name that mark an organisation or a show rather than a person.
ORG_WORDS = frozenset(
    _words(
        """
    podcast show channel radio tv news media network studio studios inc llc ltd corp corporation
    company co group labs lab systems ventures capital partners foundation institute university
    college school academy center centre association society council club team fund bank
    technologies technology ai official
    """
    )
)

# Characters that do not occur in Chinese personal names but fill ordinary phrases ("大家好").
NOT_NAME_HAN = frozenset(
    "的了是我你他她们这那在有和与就也都很好吗呢吧啊哈嗯个不没家请谢各位欢迎今天本期节目大"
)

# Dialogue labels that name a role, not a person; resolved to the single host/guest when known.
ROLE_LABELS = {
    "host": ("host", "主持人", "主播", "主持", "interviewer", "q", "问"),
    "guest": ("guest", "嘉宾", "受访者", "interviewee", "a", "答"),
}

_NUMBERING = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*[.、)）:]?|[一二三四五六七八九十]+[、.．]|[ivx]+\.)\s*", re.I
)
_EDGE_PUNCT = " \t:：.。,，;；!！?？-–—*_#`\"'“”‘’()（）[]【】<>《》|/\\~·•"


@lru_cache(maxsize=8192)
def fold_phrase(text: str) -> str:
    """Lower-case phrase without numbering, emoji, parenthesised asides or edge punctuation.

    "### 🧐 Research Aspects:" -> "research aspects"; "## Overview (from Notion)" -> "overview";
    "**Reference Documents & Links Mentioned:**" -> "reference documents & links mentioned".
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Sk", "Cf", "Mn"))
    text = re.sub(r"\s*[(（][^()（）]{0,40}[)）]\s*$", "", text.strip())
    text = _NUMBERING.sub("", text.strip(_EDGE_PUNCT))
    return " ".join(text.strip(_EDGE_PUNCT).casefold().split())


def _phrase_variants(folded: str) -> set[str]:
    """The phrase itself plus its parts around "&", "and", "/", "与" and "、"."""
    parts = re.split(r"\s*(?:&|\band\b|/|与|和|、|,|，)\s*", folded)
    return {folded, *(part.strip() for part in parts if part.strip())}


@lru_cache(maxsize=8192)
def phrase_class(text: str) -> str | None:
    """Classify a heading or label: "noise", "keypoint", "highlight", "questions" or None."""
    folded = fold_phrase(text)
    if not folded:
        return None
    variants = _phrase_variants(folded)
    if folded in NOISE_PHRASES:
        return "noise"
    if folded in HIGHLIGHT_PHRASES:
        return "highlight"
    if folded in KEYPOINT_PHRASES:
        return "keypoint"
    if folded in QUESTION_PHRASES:
        return "questions"
    # "Reference Documents & Links Mentioned", "Links and Resources", "Quotes & Highlights"...
    if any(part in NOISE_PHRASES for part in variants - {folded}):
        return "noise"
    if _noise_words(folded):
        return "noise"
    if any(part in HIGHLIGHT_PHRASES for part in variants - {folded}):
        return "highlight"
    if any(part in KEYPOINT_PHRASES for part in variants - {folded}):
        return "keypoint"
    return None


_NOISE_CJK_SUBSTRINGS = (
    "欢迎交流",
    "交流与合作",
    "关注公众号",
    "欢迎关注",
    "参考资料",
    "延伸阅读",
    "相关链接",
)
# A heading made only of these words (plus fillers) lists things rather than says things.
_NOISE_HEAD_WORDS = frozenset(
    _words(
        """
    reference references link links resource resources book books bibliography source sources
    citation citations reading readings appendix glossary sponsor sponsors metadata companies
    company entities entity people persons tools products papers mentions
    """
    )
)
_NOISE_FILLERS = frozenset(
    _words(
        """
    mentioned mention in this the episode podcast video talk and & / notable related other useful
    key additional recommended list lists of documents document further for more on to see also
    cited discussed referenced
    """
    )
)


def _noise_words(folded: str) -> bool:
    """Headings made of noise words: "Links & resources", "Books mentioned in the episode"."""
    if any(sub in folded for sub in _NOISE_CJK_SUBSTRINGS):
        return True
    words = [word for word in re.split(r"[\s/&,]+", folded) if word]
    content = [word for word in words if word not in _NOISE_FILLERS]
    return bool(content) and len(words) <= 8 and all(word in _NOISE_HEAD_WORDS for word in content)


@lru_cache(maxsize=4096)
def noise_reason(text: str) -> str:
    """Why a noise heading or label's section is left out ("link list", "promotion", ...)."""
    folded = fold_phrase(text)
    variants = [folded, *sorted(_phrase_variants(folded) - {folded})]
    for variant in variants:
        for reason, phrases in NOISE_BY_REASON.items():
            if variant in phrases:
                return reason
    for sub in _NOISE_CJK_SUBSTRINGS:
        if sub in folded:
            return "promotion" if "关注" in sub or "交流" in sub else "link list"
    return "link list" if _noise_words(folded) else "noise"


@lru_cache(maxsize=8192)
def metadata_field(label: str) -> str | None:
    """The metadata field a line label names ("链接" -> "url", "Host(s)" -> "host"), or None."""
    folded = fold_phrase(label)
    if folded.endswith("(s)"):
        folded = folded[:-3].strip()
    for field, labels in METADATA_LABELS.items():
        if folded in labels:
            return field
    return None


@lru_cache(maxsize=8192)
def is_generic_title(text: str) -> bool:
    """True for headings such as "YouTube Video Summary", "Notes", "全文" or an empty one."""
    folded = fold_phrase(text)
    if not folded:
        return True
    if folded in GENERIC_TITLES:
        return True
    return bool(
        re.fullmatch(
            r"(?:(?:youtube|video|podcast|talk|episode|meeting|lecture|my|the)\s+)*"
            r"(?:summary|summaries|notes|transcript|highlights|key points|overview)",
            folded,
        )
    )
