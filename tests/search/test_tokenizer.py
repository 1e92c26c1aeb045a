"""The tokeniser: the same tokens for indexing and for queries, with spans for highlighting."""

import pytest

from notes.search.plan import QueryToken, term_tokens
from notes.search.query_parser import TextTerm
from notes.search.tokenizer import index_text, tokenize


def texts(value: str) -> list[str]:
    return [token.text for token in tokenize(value)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("熵", ["熵"]),
        ("泛化", ["泛化", "化"]),
        ("泛化能力", ["泛化", "化能", "能力", "力"]),
        ("Generalization", ["generalization"]),
        ("AI的泛化", ["ai", "的泛", "泛化", "化"]),
        ("GPT-4o很强", ["gpt", "4o", "很强", "强"]),
        ("泛化，能力。熵！", ["泛化", "化", "能力", "力", "熵"]),
        ("ＧＰＴ－４　模型", ["gpt", "4", "模型", "型"]),
        ("Café naïve", ["cafe", "naive"]),
        ("snake_case", ["snake", "case"]),
        ("", []),
        ("……！？", []),
    ],
)
def test_tokens(text, expected):
    assert texts(text) == expected


def test_kana_and_hangul_are_cut_into_bigrams_like_chinese():
    assert texts("テスト") == ["テス", "スト", "ト"]
    assert texts("한국어") == ["한국", "국어", "어"]


def test_spans_point_back_at_the_original_text():
    text = "ＡＩ的“泛化”能力, Generalization!"
    spans = {token.text: text[token.start : token.end] for token in tokenize(text)}
    assert spans["ai"] == "ＡＩ"
    assert spans["泛化"] == "泛化"
    assert spans["generalization"] == "Generalization"


def test_a_combining_accent_stays_inside_the_word_span():
    text = "cafe\u0301 time"
    first = tokenize(text)[0]
    assert first.text == "cafe"
    assert text[first.start : first.end] == "cafe\u0301"


def test_index_text_is_space_separated_tokens():
    assert index_text("熵增 AI") == "熵增 增 ai"


def test_one_chinese_character_query_is_a_prefix():
    assert term_tokens(TextTerm("熵")) == (QueryToken("熵", prefix=True),)


def test_chinese_query_is_a_phrase_of_its_bigrams_without_the_last_character():
    # the indexed run may go on (泛化能力 inside 泛化能力强), so the lone 力 is not required
    assert term_tokens(TextTerm("泛化能力")) == (
        QueryToken("泛化"),
        QueryToken("化能"),
        QueryToken("能力"),
    )


def test_chinese_run_followed_by_more_text_keeps_its_last_character():
    assert [t.text for t in term_tokens(TextTerm("泛化 learning", phrase=True))] == [
        "泛化",
        "化",
        "learning",
    ]


def test_bare_latin_word_is_a_prefix_quoted_word_is_exact():
    assert term_tokens(TextTerm("generaliz")) == (QueryToken("generaliz", prefix=True),)
    assert term_tokens(TextTerm("generaliz", phrase=True)) == (QueryToken("generaliz"),)


def test_one_letter_word_is_not_a_prefix():
    assert term_tokens(TextTerm("a")) == (QueryToken("a"),)


def test_only_the_last_token_of_a_term_can_be_a_prefix():
    tokens = term_tokens(TextTerm("gpt-4o"))
    assert [t.prefix for t in tokens] == [False, True]
