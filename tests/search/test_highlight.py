"""Highlighting: escaped text, matched terms in <mark>, the same matching as the index."""

from django.utils.safestring import SafeString

from notes.search.highlight import highlight
from notes.search.plan import term_tokens
from notes.search.query_parser import parse_query


def marked(text: str, query: str) -> str:
    return highlight(text, [term_tokens(t) for t in parse_query(query).terms])


def test_result_is_safe_and_escaped():
    result = marked("<script>alert(1)</script> generalization", "generaliz")
    assert isinstance(result, SafeString)
    assert "<script>" not in result
    assert "&lt;script&gt;" in result
    assert result.endswith("<mark>generalization</mark>")


def test_english_prefix_marks_the_whole_word_in_its_original_case():
    assert marked("Generalization and generalize.", "generaliz") == (
        "<mark>Generalization</mark> and <mark>generalize</mark>."
    )


def test_a_prefix_does_not_mark_inside_a_word():
    assert marked("regeneralize", "generaliz") == "regeneralize"


def test_chinese_substrings_are_marked():
    assert marked("模型的泛化能力很差", "泛化") == "模型的<mark>泛化</mark>能力很差"
    assert marked("模型的泛化能力很差", "泛化能力") == "模型的<mark>泛化能力</mark>很差"


def test_one_chinese_character_inside_a_longer_word():
    assert marked("熵增与熵减", "熵") == "<mark>熵</mark>增与<mark>熵</mark>减"


def test_phrase_across_punctuation_is_one_mark():
    assert marked("the key-problem is", '"key problem"') == "the <mark>key-problem</mark> is"


def test_several_terms_and_overlaps_merge():
    assert marked("泛化能力", "泛化 化能") == "<mark>泛化能</mark>力"


def test_no_terms_only_escapes():
    assert highlight("a < b", []) == "a &lt; b"
