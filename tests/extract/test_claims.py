"""Claim kinds, text cleanup, lines, times and what is left out."""

from .helpers import only_talk


def _kinds(talk):
    return [(claim.kind, claim.text) for claim in talk.claims]


def test_kinds_by_place_and_form():
    talk = only_talk(
        "# Compost and Cities\n\n"
        "Cities throw away most of their food waste every single week.\n\n"
        "## Key Points\n"
        "- **Heat matters**: a pile must reach fifty degrees to kill seeds.\n"
        "- Turning the pile weekly keeps it from smelling.\n\n"
        "**Bold statements like this one are what the writer wanted remembered.**\n\n"
        '> "Compost is a slow fire," she said at the end.\n'
    )
    assert _kinds(talk) == [
        ("passage", "Cities throw away most of their food waste every single week."),
        ("key_point", "Heat matters: a pile must reach fifty degrees to kill seeds."),
        ("key_point", "Turning the pile weekly keeps it from smelling."),
        ("highlight", "Bold statements like this one are what the writer wanted remembered."),
        ("highlight", '"Compost is a slow fire," she said at the end.'),
    ]


def test_claims_keep_their_lines_and_sections():
    talk = only_talk(
        "---\ntitle: Lines\n---\n\n## One\n\n- first point about lines\n\n## Two\n\n- second point about lines\n"
    )
    assert [(claim.line, talk.sections[claim.section].heading) for claim in talk.claims] == [
        (7, "One"),
        (11, "Two"),
    ]


def test_nested_sub_points_are_claims_under_their_headline():
    talk = only_talk(
        "### Key Points:\n\n"
        "1. **The headline of point one:**\n"
        "   - The first sub-point says something specific.\n"
        "   - The second sub-point says something else.\n"
        "2. **The headline of point two:**\n"
        "   - Another sub-point with its own claim.\n"
    )
    assert [claim.text for claim in talk.claims] == [
        "The headline of point one",
        "The first sub-point says something specific.",
        "The second sub-point says something else.",
        "The headline of point two",
        "Another sub-point with its own claim.",
    ]
    assert {claim.kind for claim in talk.claims} == {"key_point"}


def test_a_lead_in_and_its_fragments_become_one_claim():
    talk = only_talk(
        "Memory pressure comes from:\n\n- model weights;\n- optimizer states;\n- activations.\n"
    )
    assert [claim.text for claim in talk.claims] == [
        "Memory pressure comes from: model weights; optimizer states; activations"
    ]


def test_a_short_lead_in_before_full_sentences_is_dropped():
    talk = only_talk(
        "Mechanism:\n\n"
        "- The kettle heats the water from the bottom until bubbles form steadily.\n"
        "- Steam escapes through the spout and the whistle starts to sing loudly.\n"
        "- A very long third item that keeps going well past the twelve word fragment limit here.\n"
    )
    assert len(talk.claims) == 3
    assert all(not claim.text.startswith("Mechanism") for claim in talk.claims)


def test_dialogue_turns_and_a_list_they_introduce():
    talk = only_talk(
        "**Host**：你怎么看？\n**Guest**：有两点：\n\n- 第一，水要新鲜，不要反复烧开。\n- 第二，茶叶要放在阴凉干燥的地方。\n\n"
        "**Host**：明白了。\n**Guest**：就这些。\n"
    )
    dialogue = [(claim.speaker, claim.text) for claim in talk.claims]
    assert dialogue == [
        ("Host", "你怎么看？"),
        ("Guest", "第一，水要新鲜，不要反复烧开。"),
        ("Guest", "第二，茶叶要放在阴凉干燥的地方。"),
        ("Host", "明白了。"),
        ("Guest", "就这些。"),
    ]
    assert {claim.kind for claim in talk.claims} == {"dialogue"}


def test_unlabelled_continuation_lines_join_the_turn():
    talk = only_talk(
        "**Ann**：第一句话说完了。\n第二行是同一个人接着说的话。\n**Ben**：好的，我明白了你的意思。\n**Ann**：再补充一句。\n**Ben**：谢谢你的补充。\n"
    )
    assert talk.claims[0].text == "第一句话说完了。 第二行是同一个人接着说的话。"
    assert talk.claims[0].speaker == "Ann"


def test_timeline_lines_and_their_sub_points_carry_times():
    talk = only_talk(
        "时间线：\n\n"
        "02:20 过去做过的开源项目\n"
        "05:17 新一周的开源计划\n"
        "·先看许可证，再看说明文档\n"
        "09:30 推理框架的底层优化很难\n"
    )
    assert [(claim.start_seconds, claim.text) for claim in talk.claims] == [
        (140, "过去做过的开源项目"),
        (317, "新一周的开源计划"),
        (317, "先看许可证，再看说明文档"),
        (570, "推理框架的底层优化很难"),
    ]


def test_claims_inherit_their_section_time_until_a_thematic_break():
    talk = only_talk(
        "## Opening `[00:00-00:45]`\n\n- The first minute sets up the argument clearly.\n"
        "  - A sub-point of the first minute.\n\n"
        "## Timed point [01:30]\n\n- A point made at ninety seconds.\n\n---\n\n- A closing summary point with no time.\n"
    )
    assert [claim.start_seconds for claim in talk.claims] == [0, 0, 90, None]
    assert [(s.heading, s.start_seconds, s.end_seconds) for s in talk.sections] == [
        ("Opening", 0, 45),
        ("Timed point", 90, None),
    ]


def test_table_rows_with_key_point_shape():
    talk = only_talk(
        '| Myth | Reality |\n|---|---|\n| "Tea must be boiling" | Green tea prefers water around eighty degrees |\n| Cups | Mugs |\n'
    )
    assert [claim.text for claim in talk.claims] == [
        '"Tea must be boiling": Green tea prefers water around eighty degrees'
    ]


def test_code_ascii_art_images_and_links_are_left_out():
    talk = only_talk(
        "![](media/image001.jpg)\n\n```\n+----+\n| x |\n+----+\n```\n\n"
        "- Jane Roe: https://www.youtube.com/watch?v=abcdefghijk\n"
        "- Steeping longer makes black tea more bitter, not stronger.\n"
    )
    assert [claim.text for claim in talk.claims] == [
        "Steeping longer makes black tea more bitter, not stronger."
    ]


def test_questions_under_a_questions_heading_are_not_claims():
    talk = only_talk(
        "## Discussion Questions\n\n- Why does the kettle whistle?\n- The whistle is a resonance in the spout.\n"
    )
    assert [claim.text for claim in talk.claims] == ["The whistle is a resonance in the spout."]


def test_markup_is_removed_but_words_are_kept():
    talk = only_talk(
        "- 他认为**“规模时代”将转入“研究时代”，真正的瓶颈在于泛化；**后面还有话。\n- Use the [kettle guide](https://example.com) before brewing any tea.\n"
    )
    assert (
        talk.claims[0].text == "他认为“规模时代”将转入“研究时代”，真正的瓶颈在于泛化；后面还有话。"
    )
    assert talk.claims[1].text == "Use the kettle guide before brewing any tea."


def test_a_long_transcript_paragraph_is_cut_into_pieces():
    lines = "\n".join(
        f"这是第{n}句话，讲的是今天市场上发生的一些变化和我的看法。" for n in range(60)
    )
    talk = only_talk(lines)
    assert 5 <= len(talk.claims) <= 20
    assert all(len(claim.text) < 400 for claim in talk.claims)
    assert talk.claims[1].line > talk.claims[0].line


def test_the_same_sentence_twice_is_one_claim():
    talk = only_talk(
        "## A\n\n- Water quality shapes the taste of every cup.\n\n## B\n\n- Water quality shapes the taste of every cup.\n"
    )
    assert len(talk.claims) == 1


def test_front_matter_quotes_are_highlights_capped_by_score():
    quotes = "\n".join(
        f"  - text: Quote number {n} about brewing tea slowly.\n    relevance_score: {n}"
        for n in range(20)
    )
    talk = only_talk(f"---\ntitle: Quotes\nquotes:\n{quotes}\n---\n")
    assert len(talk.claims) == 12
    assert {claim.kind for claim in talk.claims} == {"highlight"}
    assert "Quote number 19 about brewing tea slowly." in [claim.text for claim in talk.claims]
    assert "Quote number 0 about brewing tea slowly." not in [claim.text for claim in talk.claims]
    assert all(claim.line == 3 for claim in talk.claims)


def test_a_markdown_summary_in_front_matter_is_read_when_the_body_is_empty():
    summary = "## Summary\\n\\n### Key Insights\\n* **Soil:** living soil holds water like a sponge.\\n* **Shade:** trees cool streets by several degrees in summer.\\n\\n### Notable Companies\\n* **Acme:** sells hoses."
    talk = only_talk(f'---\ntitle: Soil\nsummary: "{summary}"\n---\n<!-- generated -->\n')
    assert [claim.text for claim in talk.claims] == [
        "Soil: living soil holds water like a sponge.",
        "Shade: trees cool streets by several degrees in summer.",
    ]


def test_front_matter_points_become_key_points():
    talk = only_talk(
        "---\ntitle: Kernels\npoints:\n"
        "    - Why a small OS? Less attack surface and fewer packages.\n"
        "    - An API replaces SSH for day-to-day work.\n---\n\nBody text about the episode here.\n"
    )
    points = [claim for claim in talk.claims if claim.kind == "key_point"]
    assert [claim.text for claim in points] == [
        "Why a small OS? Less attack surface and fewer packages.",
        "An API replaces SSH for day-to-day work.",
    ]


def test_russian_paragraphs_and_bold_lead_ins_become_claims():
    talk = only_talk(
        "# Фрейд и ИИ\n\n## Кризис\n\n### Контекст\n\n"
        "До определенного момента человечество жило в понятном мире с четкими ориентирами:\n\n"
        "**Три разрушителя старого мировоззрения:**\n\n"
        "- **Карл Маркс** — раскрыл механизмы капитала\n"
        "- **Чарльз Дарвин** — предложил теорию эволюции\n\n"
        "Эти открытия привели к атомизации общества и разрушению больших нарративов.\n"
    )
    texts = [claim.text for claim in talk.claims]
    assert any(text.startswith("До определенного момента") for text in texts)
    assert any("Карл Маркс" in text for text in texts)
    assert any(text.startswith("Эти открытия") for text in texts)


def test_korean_bullets_stay_claims():
    talk = only_talk(
        "## 게이트웨이\n\n- 인증 서비스에 업데이트가 생기면 모든 클라이언트가 업데이트해야 한다\n"
        "- 요청이 오면 정의된 설정에 따라 라우팅\n"
    )
    assert len(talk.claims) == 2


def test_a_paragraph_continuing_a_timed_turn_keeps_its_time():
    talk = only_talk(
        "# Episode\n\n[00:01:40] AR: A Kubernetes OS strips Linux down to what the kubelet needs.\n\n"
        "Second, it should integrate with Kubernetes through an API instead of SSH.\n\n"
        "## Notes\n\nThe hosts disagreed about installers for a long while afterwards.\n"
    )
    starts = [claim.start_seconds for claim in talk.claims]
    assert starts == [100, 100, None]
