"""The noise classifier: each class of block is skipped with its reason, and a genuine claim that
looks like it is kept (the false-positive guard). Every note here is written for the test."""

import pytest

from .helpers import only_talk


def _claims(talk) -> list[str]:
    return [claim.text for claim in talk.claims]


def _reasons(talk, fragment: str) -> list[str]:
    return [block.reason for block in talk.skipped if fragment in block.text]


def _assert_skipped(talk, fragment: str, reason: str) -> None:
    assert reason in _reasons(talk, fragment), talk.skipped
    assert not any(fragment in text for text in _claims(talk))


def _assert_kept(talk, fragment: str) -> None:
    assert any(fragment in text for text in _claims(talk)), _claims(talk)


GENUINE_EN = "Roots need air as much as they need water, the gardener said."
GENUINE_ZH = "根系需要空气，就像需要水一样，这是园艺师反复强调的观点。"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("欢迎你点击下方图片了解票务信息，现在抢先购买还能享受早鸟价。", "promotion"),
        ("Follow us on Twitter for more episodes like this one.", "promotion"),
        ("加入 3,100+ 订阅者，获得关于园艺和土壤的最新案例和思考", "subscription"),
        ("Subscribe to the show on Apple Podcasts, Spotify, or your favorite app.", "subscription"),
        ("This episode is brought to you by Acme Tea, the tea for gardeners.", "sponsorship"),
        ("本期节目由某某咖啡独家冠名支持。", "sponsorship"),
        ("We're hiring! Join our team of soil scientists in Lyon.", "recruitment"),
        ("招聘：后端工程师若干，简历发送至 hr@example.com", "recruitment"),
        ("小懒自动备份，仅供查阅学习", "backup banner"),
        ("This is an archived copy of the original page.", "backup banner"),
        ("Thank you for tuning in and make sure to visit again for more useful insights.", "outro"),
        ("感谢收听，我们下期再见！", "outro"),
        ("作者 / 张三 编辑 / 李四 版面 / 王五", "credits"),
        ("*个人观点，仅供参考。*", "boilerplate"),
        ("声明：本文内容仅代表作者个人观点，不构成任何投资建议。", "boilerplate"),
        ("Transcript edited for clarity and length.", "boilerplate"),
        ("**Views/Likes:** ~87.9K views | 5.3K likes", "count"),
        ("1.2万次播放 · 3000 点赞", "count"),
        ("{% include figure.html src='roots.png' %}", "template code"),
        ('{{< figure src="/images/roots.jpg?width=600px" >}}', "template code"),
        ("{{% notice tip %}}", "template code"),
        ("图 1：根系在土壤中的分布", "caption"),
        ("Screenshot: the dashboard after the migration", "caption"),
    ],
)
def test_noise_lines_are_skipped_with_their_reason(line, reason):
    talk = only_talk(f"# Roots\n\n{GENUINE_EN}\n\n{GENUINE_ZH}\n\n{line}\n")
    fragment = line.strip("*{}%< ")[:8]
    _assert_skipped(talk, fragment, reason)
    _assert_kept(talk, "Roots need air")
    _assert_kept(talk, "根系需要空气")


@pytest.mark.parametrize(
    "line",
    [
        "They follow the data wherever it leads, even when it hurts.",
        "订阅模式让软件公司的收入更稳定，也让客户更愿意尝试新功能。",
        "Before usage pricing, consumers subscribed at fixed monthly rates.",
        "Sponsorship of open source by large companies keeps maintainers paid.",
        "Hiring managers should read code, not résumés, she argued.",
        "团队每天自动备份数据库，这是他们最重要的运维习惯之一。",
        "他说转载别人的研究要谨慎，最好先联系原作者。",
        "He thanked the audience for listening to critics as well as to fans.",
        "The video got 87.9K views in a single day, which surprised the whole team.",
        "Templates like {{ name }} let designers fill whole pages with data, he said.",
        "返回到第一性原理，是他反复强调的方法。",
    ],
)
def test_lines_that_only_look_like_noise_are_kept(line):
    talk = only_talk(f"# Roots\n\n{GENUINE_EN}\n\n{line}\n")
    _assert_kept(talk, line[:12])


def test_navigation_banners_and_read_later_footers():
    talk = only_talk(
        "# Roots\n\n[**返回列表页**](/gzh/roots)\n\n"
        f"{GENUINE_ZH}\n\n[跳转到 Cubox 查看](https://cubox.pro/my/card?id=1)\n\n"
        "[Back to top](#roots)\n"
    )
    for fragment in ("返回列表页", "跳转到 Cubox 查看", "Back to top"):
        _assert_skipped(talk, fragment, "navigation")
    assert _claims(talk) == [GENUINE_ZH]


def test_image_paths_left_as_text_are_skipped():
    talk = only_talk(
        "# 第一课\n\n![](/assets/Screen Shot 2018-05-04 at 1.01.05 PM.jpg)\n\n"
        "这个运行的程序就被称为进程，操作系统负责调度它们。\n\n"
        '<img src="/assets/diagram.png" width="400">\n'
    )
    assert not any("Screen Shot" in text for text in _claims(talk))
    assert "image" in _reasons(talk, "Screen Shot")
    _assert_kept(talk, "这个运行的程序就被称为进程")


def test_a_short_line_under_an_image_is_its_caption():
    talk = only_talk(
        "# Roots\n\n![](https://example.com/roots.png)\n\nRoots of a tomato plant\n\n"
        "![](https://example.com/soil.png)\n\nThe soil under the roots must stay loose all year.\n"
    )
    _assert_skipped(talk, "Roots of a tomato plant", "caption")
    _assert_kept(talk, "The soil under the roots must stay loose")


def test_html_embeds_and_scripts_are_skipped():
    talk = only_talk(
        "# Roots\n\n"
        '<blockquote class="twitter-tweet"><p>Roots are great</p></blockquote>\n\n'
        f"{GENUINE_EN}\n\n"
        '<script type="text/x-mathjax-config">\nMathJax.Hub.Config({tex2jax: {}});\n</script>\n'
    )
    assert "embed" in _reasons(talk, "twitter-tweet")
    assert "template code" in _reasons(talk, "MathJax")
    assert _claims(talk) == [GENUINE_EN]


def test_tables_of_images_and_specifications_are_skipped():
    talk = only_talk(
        "# Roots\n\n| ![](a.png) | ![](b.png) |\n|---|---|\n| ![](c.png) | ![](d.png) |\n\n"
        "| Part | Weight | Size |\n|---|---|---|\n| Pot | 1.2 kg | 30 cm |\n"
        "| Soil | 5 kg | 20 l |\n| Tray | 0.3 kg | 35 cm |\n\n"
        "| Claim | Why |\n|---|---|\n"
        "| Roots need air | compacted soil suffocates the roots within weeks |\n"
    )
    assert _reasons(talk, "Part | Weight").count("table") == 1
    assert _reasons(talk, "a table of images") == ["table"]
    assert _claims(talk) == ["Roots need air: compacted soil suffocates the roots within weeks"]


def test_the_note_takers_italic_questions_are_skipped_but_a_list_of_questions_stays():
    talk = only_talk(
        "# Gateway\n\n"
        "- 게이트웨이는 모든 요청의 진입점이라 Trace ID를 생성한다\n"
        "    - *우리 회사 Gateway에서도 Trace ID를 남기고 있는걸까?*\n"
        "- *My question: does this scale past one region?*\n\n"
        "## Open questions the speaker raised\n\n"
        "- Why does attention work at all?\n- What limits scale in practice?\n"
    )
    _assert_skipped(talk, "우리 회사", "note-taker question")
    _assert_skipped(talk, "does this scale", "note-taker question")
    _assert_kept(talk, "Trace ID를 생성한다")
    _assert_kept(talk, "Why does attention work")
    _assert_kept(talk, "What limits scale")


def test_my_question_labels_in_both_languages():
    talk = only_talk(
        "# Roots\n\n我的疑问：这个方法在盐碱地也适用吗？\n\n"
        "My question: would clay soil change the answer?\n\n"
        f"{GENUINE_ZH}\n"
    )
    _assert_skipped(talk, "盐碱地", "note-taker question")
    _assert_skipped(talk, "clay soil", "note-taker question")
    assert _claims(talk) == [GENUINE_ZH]


def test_a_bold_lone_question_is_a_subheading_but_a_plain_one_is_a_turn():
    talk = only_talk(
        "# Roots\n\n**这是可持续的吗？**\n\n不需要等十年，他们认为现在就已经不可持续。\n\n"
        "Do you think it is going to be winner-take-all on the consumer side?\n"
    )
    _assert_skipped(talk, "这是可持续的吗", "note-taker question")
    _assert_kept(talk, "不需要等十年")
    _assert_kept(talk, "winner-take-all")


def test_parenthesised_asides_and_postscripts():
    talk = only_talk(
        "# Roots\n\n（盲猜应该是某公司创始人二次创业的项目）\n\n(Laughter)\n\n"
        "(In 2019) the team shipped the first version, and it sold well.\n\n"
        "P.S. We are touring again this year.\nBook your seat through the link below.\n"
    )
    _assert_skipped(talk, "盲猜", "note-taker aside")
    _assert_skipped(talk, "Laughter", "note-taker aside")
    _assert_skipped(talk, "touring again", "outro")
    assert not any("Book your seat" in text for text in _claims(talk))
    _assert_kept(talk, "the team shipped the first version")


def test_biography_bullets_and_sections():
    talk = only_talk(
        "# Education\n\n"
        "- 马克·安德森（@pmarca）是一位知名的美国企业家、投资者和软件工程师。\n"
        "- Jane Roe is a professor of soil science at Example University.\n"
        "- Everyone is an engineer, including the sales team, he insisted.\n"
        "- 这个系统是工程师们花了三年时间才建成的。\n\n"
        "## About the guest\n\nJohn Doe has grown tomatoes on roofs for twenty years.\n\n"
        "## 嘉宾介绍\n\n李四，十年屋顶农场经验，出版过两本书。\n"
    )
    _assert_skipped(talk, "马克·安德森", "biography")
    _assert_skipped(talk, "Jane Roe", "biography")
    _assert_skipped(talk, "John Doe", "biography")
    _assert_skipped(talk, "李四", "biography")
    _assert_kept(talk, "Everyone is an engineer")
    _assert_kept(talk, "这个系统是工程师们")


def test_link_lists_of_domains_and_cross_references():
    talk = only_talk(
        "# Gardening kit\n\n"
        "- example.com\n- rootwatch.io — a sensor dashboard\n- soil.dev\n\n"
        "Cross-checks:\n\n"
        "- See `/knowledge/gardening/roots/` for more soil content\n\n"
        "- The example.com outage taught the team to cache DNS answers for longer.\n"
    )
    _assert_skipped(talk, "rootwatch.io", "link list")
    _assert_skipped(talk, "/knowledge/gardening", "link list")
    _assert_kept(talk, "The example.com outage")


def test_metadata_restated_in_a_code_block_is_recorded_and_code_is_not():
    talk = only_talk(
        "# Episode 7\n\n"
        '```json\n{"title": "Episode 7", "host": "Jane Roe", "genre": ["soil"]}\n```\n\n'
        '```json\n{"model": "small", "temperature": 0.2, "layers": 12}\n```\n\n'
        f"{GENUINE_EN}\n"
    )
    assert "metadata" in _reasons(talk, "Episode 7")
    assert not _reasons(talk, "temperature")
    assert _claims(talk) == [GENUINE_EN]


def test_announcements_of_the_transcript_and_repeated_sentences():
    talk = only_talk(
        "# 对话\n\n*以下是完整对话记录。*\n\n他认为屋顶农场的成本正在快速下降。\n\n"
        "*以下是完整对话记录。*\n\nThe same sentence is said twice here.\n\n"
        "The same sentence is said twice here.\n\n以下是他提出的三个原则的详细解释和背景。\n"
    )
    assert _reasons(talk, "以下是完整对话记录") == ["boilerplate", "boilerplate"]
    assert _claims(talk).count("The same sentence is said twice here.") == 1
    assert "duplicate" in _reasons(talk, "The same sentence")
    _assert_kept(talk, "屋顶农场的成本")
    _assert_kept(talk, "以下是他提出的三个原则")


def test_an_outline_that_repeats_the_section_numbers_is_skipped():
    talk = only_talk(
        "# 大学教育\n\n1. **背景介绍**\n2. **学费上涨**\n3. **最后的感想**\n\n"
        "### 1.1 播客简介\n\n大学学费在二十年里涨得比几乎所有商品都快。\n\n"
        "### 2.1 学费\n\n学生的投资回报率在下降。\n\n### 3.1 感想\n\n教育需要新的模式。\n"
    )
    _assert_skipped(talk, "背景介绍", "outline")
    _assert_kept(talk, "学生的投资回报率在下降")


def test_an_outline_that_repeats_the_headings_is_skipped_and_key_points_stay():
    outline = only_talk(
        "# Roots\n\n- Why roots need air\n- Watering schedules\n- Choosing soil\n\n"
        "## Why roots need air\n\nCompacted soil suffocates roots within weeks.\n\n"
        "## Watering schedules\n\nWater deeply and rarely rather than a little every day.\n\n"
        "## Choosing soil\n\nA loose, peat-free mix drains best.\n"
    )
    _assert_skipped(outline, "Watering schedules", "outline")
    points = only_talk(
        "# Roots\n\n1. Roots need air more than water.\n2. Deep watering beats daily sips.\n"
        "3. Loose soil drains best.\n\n## Background\n\nShe has gardened for years.\n\n"
        "## Method\n\nShe measured forty pots.\n"
    )
    _assert_kept(points, "Deep watering beats daily sips")


def test_the_tail_after_credits_or_an_end_marker_is_skipped():
    body = "\n\n".join(f"第{n}点：屋顶农场需要认真规划排水和承重。" for n in range(1, 8))
    talk = only_talk(
        f"# 屋顶农场\n\n{body}\n\n作者 / 张三 编辑 / 李四 版面 / 王五\n\n"
        "这是某某公众号的第120篇原创文章\n\n《屋顶农场的十年》\n"
    )
    _assert_skipped(talk, "作者 / 张三", "credits")
    _assert_skipped(talk, "屋顶农场的十年", "outro")
    english = "\n\n".join(
        f"[00:0{n}:00] AR: Point {n} about kernels and clusters." for n in range(7)
    )
    transcript = only_talk(
        f"# Episode\n\n{english}\n\n[END OF INTERVIEW]\n\n"
        "[00:35:05] ANNOUNCER: Find us on the website, where you will find show notes.\n"
    )
    _assert_skipped(transcript, "END OF INTERVIEW", "end marker")
    _assert_skipped(transcript, "Find us on the website", "outro")
    _assert_kept(transcript, "Point 6 about kernels")


def test_pleasantries_are_not_claims():
    talk = only_talk(
        "# Episode\n\nCC: Welcome back. Say hi, Tim.\n\nTG: Hi. Thanks for having me.\n\n"
        "AR: Bye-bye. Thank you.\n\n好的，谢谢。\n\n"
        "TG: Thanks for having me, because Talos removes SSH from the node entirely.\n"
    )
    for fragment in ("TG: Hi.", "Bye-bye"):
        assert "pleasantry" in _reasons(talk, fragment), talk.skipped
    assert not any("谢谢" in text for text in _claims(talk))
    _assert_kept(talk, "Talos removes SSH")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("![[Pasted image 20230101120000.png]]", "image"),
        ("import Tabs from '@theme/Tabs';", "template code"),
        ("[TOC]", "template code"),
        ("#AI #podcast #园艺", "tags"),
        ("[[Roots]], [[Soil]]", "link"),
        ("👍 1.2k 💬 300", "count"),
        ("喜欢的话记得一键三连，评论区见！", "promotion"),
        ("Don't forget to like and share this video with a friend.", "promotion"),
        ("Sign up for our newsletter to get the next summary.", "subscription"),
        ("Check our careers page, we are hiring gardeners.", "recruitment"),
        ("以上就是本期的全部内容。", "outro"),
        ("本文由 AI 自动生成，仅供参考。", "boilerplate"),
        ("Edit this page on GitHub", "navigation"),
        ("TODO: look up the soil study she cited", "note-taker aside"),
        ("❓ 这个结论在热带地区也成立吗", "note-taker question"),
    ],
)
def test_more_noise_lines_from_note_tools(line, reason):
    talk = only_talk(f"# Roots\n\n{GENUINE_EN}\n\n{line}\n")
    assert reason in [block.reason for block in talk.skipped], talk.skipped
    assert _claims(talk) == [GENUINE_EN]


@pytest.mark.parametrize(
    "line",
    [
        "It is important to import soil from a trusted supplier, she said.",
        "Export controls from the 1990s shaped the chip industry, he argued.",
        "The #1 priority for a roof garden is drainage, not sunlight.",
        "Our comments on the proposal were sent to the city council in May.",
    ],
)
def test_more_lines_that_only_look_like_noise_are_kept(line):
    talk = only_talk(f"# Roots\n\n{GENUINE_EN}\n\n{line}\n")
    _assert_kept(talk, line[:12])


def test_a_list_of_product_names_is_skipped_and_a_list_of_short_points_stays():
    talk = only_talk(
        "# Gardening\n\nThe notes compare gardening apps and habits.\n\n"
        "Apps she uses:\n\n- Roam Research\n- GitHub Copilot\n- Notion\n\n"
        "Why it works:\n\n- Less attack surface\n- Fewer packages to patch\n- Faster boots\n"
    )
    assert "link list" in _reasons(talk, "Roam Research")
    assert not any("Roam Research" in text for text in _claims(talk))
    _assert_kept(talk, "Less attack surface")


def test_a_list_of_plain_capitalised_words_is_content():
    talk = only_talk(
        "# Pixar\n\nMaking a movie takes three steps:\n\n- World\n- Characters\n- Story\n"
    )
    assert _claims(talk) == ["Making a movie takes three steps: World; Characters; Story"]


def test_summarizer_stamps_are_metadata_and_a_model_lead_in_is_a_claim():
    talk = only_talk(
        "# Talk\n\n**Video ID:** LCEmiRjPEtQ\n**Subscribers:** 1.2M subscribers\n"
        "**Transcript language:** English (auto-generated)\n**Tokens used:** 12,345\n\n"
        "**Model:** the speaker treats an LLM as a new kind of operating system.\n"
    )
    assert _claims(talk) == ["Model: the speaker treats an LLM as a new kind of operating system."]


def test_a_numbered_list_of_steps_inside_a_numbered_section_is_content():
    talk = only_talk(
        "# Setup\n\n## 1. Install\n\n1. Download the package\n2. Unpack it somewhere\n"
        "3. Run the installer\n\n## 2. Configure\n\nEdit the file before the first run.\n\n"
        "## 3. Run\n\nStart the service and watch the log.\n"
    )
    assert not _reasons(talk, "Download the package")
    assert any("Download the package" in text for text in _claims(talk))


def test_a_biography_that_reports_a_view_is_a_claim():
    talk = only_talk(
        "# 空间智能\n\n- 李飞飞是斯坦福大学教授，她认为空间智能是人工智能的下一个前沿。\n"
        "- 张三是一位知名的投资人。\n"
    )
    _assert_kept(talk, "她认为空间智能")
    _assert_skipped(talk, "张三是一位知名的投资人", "biography")
