"""Hostile and odd input never crashes extraction; results are deterministic."""

import pytest

from notes.importer.types import ImportFailure
from tests.conftest import BADINPUT_DIR

from .helpers import extract_bytes, extract_text

# Exercised elsewhere through a subprocess with limits (they crash or exhaust a process).
DANGEROUS = {"fm-deep-flow-30000.md"}


def _bad_files():
    if not BADINPUT_DIR.is_dir():
        return []
    return sorted(
        path
        for path in BADINPUT_DIR.rglob("*")
        if path.is_file() and path.suffix in (".md", ".txt") and path.name not in DANGEROUS
    )


@pytest.mark.parametrize("path", _bad_files(), ids=lambda path: path.name)
def test_bad_input_extracts_or_is_refused_in_words(path):
    try:
        document = extract_bytes(path.name, path.read_bytes())
    except ImportFailure as failure:
        assert path.name in str(failure)
        return
    assert document.talks
    for talk in document.talks:
        assert talk.title.strip()
        for claim in talk.claims:
            assert claim.kind in ("key_point", "highlight", "dialogue", "passage")
            assert claim.text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "---\n---\n",
        "# \n",
        "**",
        "[00:00 - " * 200,
        "- " * 500,
        "> " * 300 + "deep quote",
        "| a |\n|---|\n" + "| x |\n" * 50,
        "```\nunclosed fence",
        "<details><summary>x</summary>\n\ntext\n",
        "中" * 5000,
        "\t- a\n\t\t- b\n\t\t\t- c\n",
    ],
)
def test_odd_text_never_crashes(text):
    document = extract_text(text)
    assert len(document.talks) == 1
    assert document.talks[0].title


def test_an_empty_note_is_reported():
    document = extract_text("")
    assert any("no claims" in warning for warning in document.warnings)
    assert document.talks[0].title_is_derived


def test_extraction_is_deterministic():
    text = "# T\n\n- **A**: one point here.\n- **B**: another point here.\n\n中文段落，讲同样的事情。\n"
    assert extract_text(text) == extract_text(text)
