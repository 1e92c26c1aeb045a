"""A control character in front matter fails the file with one sentence naming it and its line."""

import pytest

from notes.importer.frontmatter import split_front_matter
from notes.importer.types import ImportFailure


@pytest.mark.parametrize(
    ("text", "character", "line"),
    [
        ("---\ntitle: A talk\nspeaker: Bad\x07Name\n---\nBody\n", "U+0007", 3),
        ("---\ntitle: \x1b[31mred\n---\nBody\n", "U+001B", 2),
        ("---\ntags: [a, b]\nnote: |\n  one\n  two \x0b three\n---\n", "U+000B", 5),
    ],
)
def test_control_character_in_yaml_names_character_and_line(text, character, line):
    with pytest.raises(ImportFailure) as caught:
        split_front_matter("talk.md", text)
    failure = caught.value
    assert failure.line == line
    sentence = str(failure)
    assert character in sentence
    assert "ReaderError" not in sentence and "internal error" not in sentence


def test_control_character_in_toml_names_its_line():
    with pytest.raises(ImportFailure) as caught:
        split_front_matter("talk.md", '+++\ntitle = "A"\nspeaker = "B\x07"\n+++\nBody\n')
    assert caught.value.line == 3
