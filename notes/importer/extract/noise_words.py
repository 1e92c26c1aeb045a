"""The words of noise, per reason, in English and Chinese: what a line says that makes it not talk
content ("加入 2,900+ 订阅者", "Thank you for tuning in", "作者 / … 编辑 / …").

noise.line_noise combines this with the shapes of a line (images, template code, counts, links).
"""

from __future__ import annotations

import re

from .text import cjk_count, latin_words

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


def vocabulary_reason(text: str) -> str:
    """The noise reason a line's words give ("promotion", "outro", "credits", ...), or ""."""
    text = text or ""
    folded = text.casefold()
    size: tuple[int, int] | None = None
    for reason, triggers, pattern in _REASONS:
        # map(folded.__contains__): the substring tests run in C (asked of every line)
        if triggers is not None and not any(map(folded.__contains__, triggers)):
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
