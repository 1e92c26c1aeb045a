"""Lines and lists that are not talk content, each with the reason a curator sees.

A line is judged by its vocabulary (promotion, subscription, sponsorship, recruitment, navigation,
backup banners, credits, disclaimers, outros, in English and Chinese) and by its shape (a link,
an image or an image path, template code, a view/like count, a date, inline code, box drawing).
Heading- and label-level noise is decided by vocabulary.phrase_class, and whole blocks (outlines,
asides, tails, link lists, tables) by noise_blocks; this module judges single lines and lists.
"""

from __future__ import annotations

import re

from .dates import parse_date
from .markdown_tree import Block, Line
from .text import cjk_count, collapse, has_box_drawing, is_substantial, latin_words, without_urls

# Each reason's vocabulary. Deliberately specific: "关注" alone is an ordinary word
# ("关注有感知生命的价值"), "关注公众号" is promotion; "share" alone is a verb, "分享给你的朋友" asks.
_REASON_PATTERNS = (
    (
        "backup banner",
        r"自动备份(?=[，,。.!！\s]|$)|仅供(?:查阅|学习|存档)|备份于|本文备份|网页剪藏|"
        r"\barchived (?:from|on)\b|\barchived copy\b|"
        r"\bthis is an? (?:backup|archived copy)\b|\bsaved (?:with|by|from|to) (?:cubox|pocket|instapaper|omnivore|readwise)\b",
    ),
    (
        "navigation",
        r"^\s*[\[(（]?\s*(?:返回(?:列表页?|首页|目录|顶部|主页)|上一篇|下一篇|上一页|下一页|阅读原文|查看原文|"
        r"跳转到\s*\S{1,12}\s*查看|在\s*\S{1,12}\s*(?:中)?查看|"
        r"back to (?:top|home|index|list|the list)|previous (?:post|article|episode|page)|"
        r"next (?:post|article|episode|page)|view (?:it )?(?:in|on) (?:cubox|pocket|omnivore|readwise|notion)|"
        r"open (?:in|with) (?:cubox|pocket|omnivore|readwise|notion|the app)|edit this page|"
        r"improve this page|view (?:the )?source|编辑此页|查看源码|在 github 上编辑)\b",
    ),
    (
        "subscription",
        r"订阅(?!制|模式|经济|收入|业务|费|服务|用户|数|率)|\bsubscribe\b|\bsubscribing\b|\bnewsletter\b|"
        r"\bpatreon\b|\b(?:manage|your|free|paid) subscription\b|"
        r"\b(?:rate|review) (?:us|the show)\b|\bleav(?:e|ing) (?:us )?a (?:rating|review)\b|"
        r"\bgiv(?:e|ing) us a (?:rating|review)\b|\bhit the bell\b|\bthanks for being a supporter\b|"
        r"\bmailing list\b|\bsign up for (?:our|my|the) (?:newsletter|list|updates)\b|设为星标|星标公众号",
    ),
    (
        "sponsorship",
        r"品牌推广|商务合作|广告合作|赞助商|本期(?:节目)?由.{1,20}(?:支持|提供|冠名|赞助)|"
        r"\bsponsored by\b|\bbrought to you by\b|\bpromo code\b|\bdiscount code\b|\baffiliate link\b|"
        r"\bthanks to (?:our|today's) sponsors?\b",
    ),
    ("sponsor word", r"赞助|\bsponsor(?:ed|s)?\b"),
    (
        "recruitment",
        r"招聘|诚聘|内推|投递简历|简历发送|加入我们的团队|欢迎加入我们|"
        r"\bwe(?:'re| are| ’re) hiring\b|\bjoin our team\b|\bopen (?:positions|roles)\b|\bis hiring\b|"
        r"\bcareers? page\b|\bapply (?:now|today|here)\b",
    ),
    (
        "promotion",
        r"微信|公众号|wechat|听友群|进群|入群|加群|社群|扫码|二维码|小助手|小红书\s*@|即刻\s*@|"
        r"关注我们|欢迎关注|点赞|转发|打赏|点击下方|点击(?:阅读|链接|图片)|长按识别|抢先购买|早鸟价|"
        r"票务信息|(?:欢迎|记得)?分享(?:这[篇封期]|给(?:你的)?朋友|到朋友圈)|"
        r"\bfollow (?:us|me)\b|\bjoin (?:our|the) (?:discord|community|slack|telegram)\b|\bclick the link\b|"
        r"\blink in (?:the )?(?:bio|description)\b|\bsingle recipient\b|\bforwarding\b|"
        r"\b(?:in|to) the comments?(?: section)?\b|\blike and subscribe\b|\bearly[- ]bird\b|"
        r"\bbuy me a coffee\b|\bko-fi\b|\bdon'?t forget to (?:like|share|comment|follow)\b|"
        r"\bcheck out (?:my|our) (?:other|previous|latest) (?:videos?|posts?|episodes?|articles?)\b|"
        r"\bleave a comment\b|一键三连|三连支持|求关注|记得关注|评论区|留言区|点个赞|免费领取|优惠券|限时优惠",
    ),
    (
        "outro",
        r"\bthanks?(?: you)?(?: so much| very much)? for (?:tuning in|listening|watching|reading|joining us)\b|"
        r"\bsee you (?:next|in the next)\b|\buntil next (?:time|week)\b|\bstay tuned\b|"
        r"\bthat'?s (?:all|it) for (?:today|this episode|this week)\b|\bvisit again\b|"
        r"感谢(?:您的)?(?:收听|观看|阅读)|下期(?:再见|见)|下次再见|恭喜你?阅读到最后|全文完|"
        r"以上就是(?:本期|今天|本次)的?(?:全部|所有)?(?:内容|分享)|本期(?:节目)?就?(?:先)?到这里|\bthat'?s a wrap\b|"
        r"^\s*[\[(（【]?\s*(?:end(?: of (?:interview|transcript|episode|show))?|完)\s*[\])）】]?\s*$|"
        r"^\s*[-—–=~*]+\s*(?:end|完|the end)\s*[-—–=~*]+\s*$",
    ),
    (
        "caption",
        r"^\s*[(（]?\s*(?:题图|配图|截图|图源|图片来源|图片|图\s*\d+|figure\s*\d*|fig\.\s*\d*|image|photo|"
        r"screenshot|screen shot|pictured)\s*[:：]",
    ),
    (
        "credits",
        r"第\s*[\d,]+\s*篇原创|原创文章|"
        r"(?:(?:作者|编辑|责编|责任编辑|排版|版面|校对|审核|美编|监制|出品|策划|撰文|翻译|译者|设计|插画|摄影)"
        r"\s*[/｜|:：].{0,20}){2,}|"
        r"(?:\b(?:edited|produced|designed|written|illustrated|mixed) by\b.{0,30}){2,}",
    ),
    (
        "boilerplate",
        r"仅代表.{0,12}观点|不构成(?:任何)?投资建议|版权(?:归|所有)|未经.{0,8}(?:授权|许可)|侵删|"
        r"转载(?:请|须|需)?(?:注明|联系|开白)|(?:禁止|谢绝|欢迎)转载|(?:本文|内容)整理自|"
        r"^\s*\**\s*(?:个人观点，?)?仅供参考|免责声明|"
        r"以下(?:是|为)(?:本期)?(?:完整|全部|详细)?的?(?:对话|访谈|采访|文字|逐字|演讲|节目)?(?:记录|稿|实录|全文|内容)|"
        r"\b(?:below|the following) is (?:the |a )?(?:full |complete |lightly edited )?(?:transcript|conversation)\b|"
        r"\bfull transcript (?:below|follows)\b|\btranscripts? (?:has |have )?(?:been |was |is )?(?:lightly )?edited\b|"
        r"\bnot (?:financial|investment|legal) advice\b|\bviews (?:expressed )?(?:here )?are (?:my|their|his|her) own\b|"
        r"\ball rights reserved\b|^\s*(?:copyright|©)|^\s*disclaimer\b|"
        r"本文(?:由|使用).{0,12}(?:AI|人工智能|GPT|ChatGPT|大模型).{0,6}生成|"
        r"\b(?:this|the) (?:summary|note|post|article) (?:was|is) (?:ai[- ])?generated\b",
    ),
)
# Substrings (of the case-folded line) that every match of a reason's pattern contains: a cheap
# test that spares the regular expressions on the many lines that are plainly content. A new
# alternative in a pattern needs its word here too (tests/extract/test_block_classifier.py).
_TRIGGERS = {
    "backup banner": ("备份", "仅供", "剪藏", "archived", "backup", "saved "),
    "navigation": None,  # anchored at the start of the line: cheap
    "subscription": (
        "订阅",
        "subscri",
        "newsletter",
        "patreon",
        "rate ",
        "review",
        "rating",
        "hit the bell",
        "supporter",
        "mailing list",
        "sign up",
        "星标",
    ),
    "sponsorship": (
        "推广",
        "合作",
        "赞助",
        "本期",
        "sponsor",
        "brought to you",
        "promo code",
        "discount code",
        "affiliate",
    ),
    "sponsor word": ("赞助", "sponsor"),
    "recruitment": (
        "招聘",
        "诚聘",
        "内推",
        "简历",
        "加入我们",
        "hiring",
        "join our team",
        "open positions",
        "open roles",
        "career",
        "apply ",
    ),
    "promotion": (
        "微信",
        "公众号",
        "wechat",
        "听友群",
        "进群",
        "入群",
        "加群",
        "社群",
        "扫码",
        "二维码",
        "小助手",
        "小红书",
        "即刻",
        "关注",
        "点赞",
        "转发",
        "打赏",
        "点击",
        "长按识别",
        "抢先购买",
        "早鸟价",
        "票务信息",
        "分享",
        "follow ",
        "join our",
        "join the",
        "click the link",
        "link in",
        "single recipient",
        "forwarding",
        "comment",
        "like and subscribe",
        "early",
        "buy me a coffee",
        "ko-fi",
        "forget to",
        "check out",
        "一键三连",
        "三连支持",
        "求关注",
        "评论区",
        "留言区",
        "点个赞",
        "免费领取",
        "优惠券",
        "限时优惠",
    ),
    "outro": (
        "thank",
        "see you",
        "until next",
        "stay tuned",
        "that",
        "visit again",
        "感谢",
        "下期",
        "下次",
        "阅读到最后",
        "全文完",
        "以上就是",
        "到这里",
        "end",
        "完",
    ),
    "caption": None,  # anchored
    "credits": (
        "原创",
        "作者",
        "编辑",
        "责编",
        "排版",
        "版面",
        "校对",
        "审核",
        "美编",
        "监制",
        "出品",
        "策划",
        "撰文",
        "翻译",
        "译者",
        "设计",
        "插画",
        "摄影",
        " by",
    ),
    "boilerplate": (
        "仅代表",
        "投资建议",
        "版权",
        "未经",
        "侵删",
        "转载",
        "整理自",
        "仅供参考",
        "免责声明",
        "以下",
        "below",
        "following",
        "transcript",
        "advice",
        "views",
        "all rights reserved",
        "copyright",
        "©",
        "disclaimer",
        "本文",
        "generated",
    ),
}
_REASONS = tuple(
    (reason, _TRIGGERS[reason], re.compile(pattern, re.IGNORECASE))
    for reason, pattern in _REASON_PATTERNS
)
# Vocabulary reasons that hold only on short lines: a long paragraph that mentions "转载" or
# "stay tuned" in passing is still content; a banner, a credit, an outro is short.
SHORT_ONLY = frozenset(
    {
        "backup banner",
        "navigation",
        "outro",
        "credits",
        "boilerplate",
        "recruitment",
        "sponsor word",
        "caption",
    }
)
SHORT_CJK = 60
SHORT_WORDS = 30
# A call to subscribe or a sponsor read is a paragraph at most; a longer line (a transcript's
# turn that mentions "sponsors" in passing) is content.
LONG_CJK = 200
LONG_WORDS = 90
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


def vocabulary_reason(text: str) -> str:
    """The noise reason a line's words give ("promotion", "outro", "credits", ...), or ""."""
    text = text or ""
    folded = text.casefold()
    size: tuple[int, int] | None = None
    for reason, triggers, pattern in _REASONS:
        if triggers is not None and not any(trigger in folded for trigger in triggers):
            continue
        if not pattern.search(text):
            continue
        if size is None:
            size = (cjk_count(text), latin_words(text))
        if size[0] > LONG_CJK or size[1] > LONG_WORDS:
            return ""
        if reason in SHORT_ONLY and (size[0] > SHORT_CJK or size[1] > SHORT_WORDS):
            continue
        return "sponsorship" if reason == "sponsor word" else reason
    return ""


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
    if not any(ch.isdigit() for ch in text) or not _COUNT.search(text):
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
