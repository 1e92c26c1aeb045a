"""Cover, metadata and promotional blocks are neither rendered nor listed as sections (hidden.py)."""

from notes.importer.extract.hidden import readable_markdown
from notes.importer.render import render_markdown

from .helpers import only_talk

NOTE = """# 慢火煮茶

## 封面
- 标题：慢火煮茶的十个要点
- 链接：https://example.com/tea
- 发布日期：2024-05-01
- 总字数：2100

## 要点
- 水温决定了茶汤的甜度与层次，八十五度最稳妥。
- 茶叶与水的比例比冲泡时间更重要。

## 参考资料
- 《茶经》陆羽

## 欢迎关注
想进一步交流可加微信（garden99），每周更新煮茶笔记。

> 本文发表于 2024-05-02。
"""


def test_the_cover_and_promotion_are_not_rendered():
    html = render_markdown(readable_markdown(NOTE))
    for hidden in ("封面", "总字数", "garden99", "欢迎关注", "本文发表于"):
        assert hidden not in html, hidden
    for shown in ("慢火煮茶", "要点", "水温决定了茶汤的甜度", "参考资料", "茶经"):
        assert shown in html, shown  # a reference list is noise for claims, still worth reading


def test_blanking_keeps_the_line_count():
    assert readable_markdown(NOTE).count("\n") == NOTE.count("\n")


def test_the_section_list_leaves_out_what_is_not_rendered():
    talk = only_talk(NOTE)
    headings = [section.heading for section in talk.sections]
    assert headings == ["慢火煮茶", "要点", "参考资料"]
    key_points = [claim for claim in talk.claims if "水温" in claim.text]
    assert key_points and talk.sections[key_points[0].section].heading == "要点"


ENGLISH = """## Key points

- Compilers let people write programs in words rather than machine codes.

| Field | Value |
| --- | --- |
| a | 1 |

Thanks for reading! Subscribe to the newsletter for the next episode.

[00:04:43] The host jokes that the history of compilers was brought to you by the navy, then tells how the first users wrote the manuals at night while the machines ran, which is why those manuals read like diaries rather than references, and why so many of them survive in the archives of the universities.
"""


def test_an_english_promotion_line_goes_but_a_long_paragraph_naming_a_sponsor_stays():
    shown = readable_markdown(ENGLISH)
    assert "Subscribe to the newsletter" not in shown
    assert "the history of" in shown  # long: content, whatever one of its words suggests
    assert "| a | 1 |" in shown  # tables are content to read


def test_a_note_without_noise_is_unchanged():
    text = "# Title\n\n- One point about kettles and water.\n"
    assert readable_markdown(text) == text
