"""The evidence rule shared by every field, the language by prose share, and durations."""

from notes.importer.extract.evidence import Candidate, pick
from notes.importer.extract.language import choose_language, detect_language

from .helpers import only_talk


def test_a_rejected_candidate_never_wins_and_the_highest_weight_does():
    winner, evidence = pick(
        "title",
        [
            Candidate("Summary", "front matter title", 100, rejected="generic"),
            Candidate("Clay and Fire", "H1", 80, line=3),
            Candidate("Clay", "file name", 20),
        ],
    )
    assert winner.value == "Clay and Fire"
    assert [(e.source, e.chosen, e.note) for e in evidence] == [
        ("H1", True, ""),
        ("front matter title", False, "generic"),
        ("file name", False, "outranked by H1"),
    ]


def test_on_a_tie_the_first_found_wins_and_a_repeat_is_said_to_be_the_same():
    winner, evidence = pick(
        "url", [Candidate("https://a.example", "x", 5), Candidate("https://a.example", "y", 5)]
    )
    assert winner.source == "x"
    assert evidence[1].note == "same as the chosen value"


def test_many_alike_losers_are_counted_not_listed():
    cards = [
        Candidate(f"https://a.example/{n}", "link without text", 60, rejected="card")
        for n in range(6)
    ]
    winner, evidence = pick("url", cards)
    assert winner is None
    assert [e.value for e in evidence] == ["https://a.example/0", "https://a.example/1", "4 more"]


def test_chinese_prose_quoting_english_originals_is_zh():
    quote = "> We build the tools first, and the tools then build us in return.\n\n"
    prose = "我们先打造工具，然后工具反过来塑造了我们，这是每一代工程师都会经历的事情。\n\n"
    talk = only_talk("# 工具与人\n\n" + (quote + prose) * 4)
    assert talk.language == "zh"
    assert [e.source for e in talk.evidence if e.field == "language"] == [
        "share of prose paragraphs",
        "share of claims",
    ]


def test_chinese_notes_listing_english_terms_are_zh():
    terms = "".join(f"* Memory paging and virtual address translation {n}\n" for n in range(6))
    prose = "操作系统负责为应用程序提供硬件资源的抽象，并保证公共资源被合理地使用和保护。\n\n"
    talk = only_talk("# 操作系统简介\n\n" + terms + "\n" + prose * 4)
    assert talk.language == "zh"


def test_notes_that_carry_both_languages_at_length_are_mixed():
    en = "The river carries silt to the delta, and the farms there depend on its yearly floods.\n\n"
    zh = "河流把泥沙带到三角洲，那里的农田依赖它每年的洪水来恢复土壤的肥力和水分。\n\n"
    talk = only_talk("# Rivers 河流\n\n" + (en + zh) * 4)
    assert talk.language == "mixed"


def test_korean_russian_and_japanese_notes_are_other_languages():
    korean = "바다의 소금은 햇볕과 바람으로 천천히 만들어진다. 염전에서 일하는 사람들은 날씨를 읽는다.\n\n"
    russian = (
        "Соль из моря получают медленно, солнцем и ветром. Люди на солеварнях читают погоду.\n\n"
    )
    japanese = "海の塩は太陽と風でゆっくり作られる。塩田で働く人たちは天気を読む。\n\n"
    for body in (korean, russian, japanese):
        assert only_talk("# Salt\n\n" + body * 3).language == "other"
    assert detect_language("API Gateway가 하나의 거대한 서비스가 되었음") == "other"
    assert detect_language("把RL训练目标对齐到evals") == "zh"


def test_language_evidence_states_the_shares():
    language, evidence = choose_language(["Plain English words only here."])
    assert language == "en"
    assert evidence[0].note == "Chinese 0%, English 100%"


def test_duration_evidence_prefers_front_matter_over_a_body_line():
    talk = only_talk(
        "---\ntitle: Kilns\nduration: 1:02:03\n---\n- Duration: 71 min\n\nHot kilns.\n"
    )
    assert talk.duration_seconds == 3723
    durations = [(e.source, e.chosen) for e in talk.evidence if e.field == "duration"]
    assert durations == [("front matter duration", True), ("body line", False)]


def test_front_matter_evidence_names_the_line_of_its_key():
    talk = only_talk(
        "---\ntitle: Summary\nchannelName: Kiln Makers\nvideoUrl: https://youtu.be/K1lnF1reUp0\n---\n"
        "# Kilns of the North\n\nHot kilns fire the clay evenly.\n"
    )
    sentences = [item.sentence() for item in talk.evidence]
    assert 'title: front matter title "Summary" (line 2) — not used: generic' in sentences
    assert any(
        s.startswith(
            'url: front matter video_url "https://www.youtube.com/watch?v=K1lnF1reUp0" (line 4)'
        )
        for s in sentences
    )


def test_a_dated_heading_shows_its_month_precision():
    talk = only_talk("#[2021/07] Notes on Kilns\n\nHot kilns fire the clay evenly.\n")
    assert [e.value for e in talk.evidence if e.field == "date"] == ["2021-07"]
