"""The query parser alone: every syntax form, and malformed input that must never raise."""

import pytest

from notes.search.query_parser import MAX_QUERY_CHARS, MAX_TERMS, TextTerm, parse_query


def test_free_words_are_separate_terms():
    query = parse_query("generaliz 泛化")
    assert query.terms == (TextTerm("generaliz"), TextTerm("泛化"))
    assert query.has_text and not query.has_filters


def test_quoted_phrase():
    assert parse_query('"exact phrase" x').terms == (
        TextTerm("exact phrase", phrase=True),
        TextTerm("x"),
    )


@pytest.mark.parametrize("quoted", ["“泛化能力”", "「泛化能力」", "『泛化能力』", '"泛化能力"'])
def test_chinese_and_curly_quotes_make_phrases(quoted):
    assert parse_query(quoted).terms == (TextTerm("泛化能力", phrase=True),)


def test_excluded_word_and_phrase():
    query = parse_query('model -passage -"bad idea"')
    assert query.terms == (TextTerm("model"),)
    assert query.excluded == (
        TextTerm("passage", negated=True),
        TextTerm("bad idea", phrase=True, negated=True),
    )


def test_hash_tag_and_tag_key():
    assert parse_query("#rl-scaling tag:Robotics").tags == ("rl-scaling", "Robotics")


def test_theme_speaker_lang_kind():
    query = parse_query('theme:generalization speaker:"Ilya Sutskever" lang:zh kind:key_point')
    assert query.themes == ("generalization",)
    assert query.speakers == ("Ilya Sutskever",)
    assert query.languages == ("zh",)
    assert query.kinds == ("key_point",)
    assert not query.has_text and query.has_filters


def test_speaker_without_quotes_and_with_chinese_name():
    assert parse_query("speaker:ilya speaker:伊利亚").speakers == ("ilya", "伊利亚")


@pytest.mark.parametrize(
    ("text", "language"), [("lang:ZH", "zh"), ("lang:english", "en"), ("language:mixed", "mixed")]
)
def test_language_values_and_aliases(text, language):
    assert parse_query(text).languages == (language,)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("kind:key-point", "key_point"), ("kind:Highlight", "highlight"), ("kind:dialog", "dialogue")],
)
def test_kind_values_and_aliases(text, kind):
    assert parse_query(text).kinds == (kind,)


def test_unknown_key_is_text():
    query = parse_query("foo:bar")
    assert query.terms == (TextTerm("foo:bar"),)
    assert not query.has_filters


def test_known_key_with_unknown_value_is_text():
    query = parse_query("lang:fr kind:essay")
    assert query.languages == () and query.kinds == ()
    assert [t.text for t in query.terms] == ["lang:fr", "kind:essay"]


def test_full_width_syntax_characters_work():
    query = parse_query("＃robotics　lang：zh －熵")
    assert query.tags == ("robotics",)
    assert query.languages == ("zh",)
    assert query.excluded == (TextTerm("熵", negated=True),)


def test_mixed_chinese_and_english_with_filters():
    query = parse_query("AI的泛化 generalization #rl lang:mixed")
    assert [t.text for t in query.terms] == ["AI的泛化", "generalization"]
    assert query.tags == ("rl",) and query.languages == ("mixed",)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"unbalanced phrase', ["unbalanced", "phrase"]),
        ("-", []),
        ("#", []),
        ("- # -", []),
        ('""', []),
        ('-"', []),
        ("tag:", ["tag:"]),
        ('speaker:"Ilya', []),
        ("!!! ???", []),
        ("--word", ["-word"]),
    ],
)
def test_malformed_input_degrades_to_text(text, words):
    query = parse_query(text)
    assert [t.text for t in (*query.terms, *query.excluded)] == words


def test_unbalanced_quote_after_a_filter_value_is_dropped():
    assert parse_query('speaker:"Ilya').speakers == ("Ilya",)


def test_negated_filter_is_excluded_text():
    query = parse_query("-#robotics")
    assert query.tags == ()
    assert query.excluded == (TextTerm("#robotics", negated=True),)


def test_empty_and_none():
    assert parse_query("").is_empty
    assert parse_query(None).is_empty
    assert parse_query("   ").is_empty


def test_only_exclusions_is_not_text_but_not_empty():
    query = parse_query("-robots")
    assert not query.has_text and not query.is_empty


def test_duplicates_are_dropped():
    assert parse_query("熵 熵 #a #a").terms == (TextTerm("熵"),)
    assert parse_query("熵 熵 #a #a").tags == ("a",)


def test_str_gives_a_canonical_query_that_parses_the_same():
    query = parse_query('  泛化   "key point"  -bad  #rl  speaker:"Ilya  Sutskever"  lang:cn ')
    assert str(query) == '泛化 "key point" -bad #rl speaker:"Ilya Sutskever" lang:zh'
    assert parse_query(str(query)) == query.__class__(**{**query.__dict__, "raw": str(query)})


def test_long_queries_are_cut():
    query = parse_query(" ".join(f"w{i}" for i in range(200)))
    assert len(query.terms) == MAX_TERMS
    assert len(parse_query("x" * (MAX_QUERY_CHARS * 2)).raw) == MAX_QUERY_CHARS
