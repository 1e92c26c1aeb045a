"""decode_bytes: every encoding in ../shared/badinput/encoding/, plus refusals with a reason."""

import codecs
import re

import pytest

from notes.importer.decode import decode_bytes, is_plausible_big5, is_plausible_gb
from notes.importer.types import ImportFailure
from tests.conftest import BADINPUT_DIR, SAMPLES_DIR, WILD_DIR

ENCODING_DIR = BADINPUT_DIR / "encoding"

# file -> the encoding decode_bytes must report; all hold the same note as utf8.md
SAME_NOTE = {
    "utf8.md": "utf-8",
    "utf8-crlf.md": "utf-8",
    "utf8-bom.md": "utf-8-sig",
    "utf8-bom-crlf.md": "utf-8-sig",
    "utf16le-bom.md": "utf-16-le",
    "utf16be-bom.md": "utf-16-be",
    "utf16le-nobom.md": "utf-16-le",
    "gbk.md": "gb18030",
}


def _chinese_corpus():
    """Real summaries with enough Chinese to measure the plausibility rule on."""
    files = sorted(SAMPLES_DIR.glob("*.txt")) + sorted(WILD_DIR.glob("*.md"))
    return [
        path
        for path in files
        if len(re.findall(r"[\u4e00-\u9fff]", path.read_text(encoding="utf-8"))) >= 50
    ]


@pytest.fixture
def utf8_note(shared_dir):
    return (ENCODING_DIR / "utf8.md").read_bytes().decode("utf-8")


@pytest.mark.parametrize(("file_name", "encoding"), sorted(SAME_NOTE.items()))
def test_each_encoding_of_the_note_decodes_to_the_same_text(utf8_note, file_name, encoding):
    decoded = decode_bytes(file_name, (ENCODING_DIR / file_name).read_bytes())

    assert decoded.encoding == encoding
    assert decoded.text == utf8_note
    assert "\r" not in decoded.text
    assert not decoded.text.startswith("\ufeff")


@pytest.mark.parametrize("file_name", ["gb18030.md", "gbk-long.md"])
def test_gb_files_round_trip_exactly(shared_dir, file_name):
    data = (ENCODING_DIR / file_name).read_bytes()

    decoded = decode_bytes(file_name, data)

    assert decoded.encoding == "gb18030"
    assert decoded.text.encode("gb18030") == data.replace(b"\r\n", b"\n")
    assert decoded.text.startswith("---\ntitle: ")


def test_gb18030_four_byte_characters_survive(shared_dir):
    data = (ENCODING_DIR / "gb18030.md").read_bytes()
    four_byte = [ch for ch in decode_bytes("gb18030.md", data).text if ord(ch) > 0xFFFF]

    assert four_byte, "gb18030.md holds a supplementary-plane character"
    assert all(len(ch.encode("gb18030")) == 4 for ch in four_byte)


def test_big5_is_decoded_as_big5_never_as_garbled_gb18030(shared_dir):
    data = (ENCODING_DIR / "big5.md").read_bytes()

    decoded = decode_bytes("big5.md", data)

    assert not is_plausible_gb(data.decode("gb18030")), "the GB reading is the garbled one"
    assert decoded.encoding == "big5"
    assert decoded.text.encode("cp950") == data
    assert "title: 我的筆記" in decoded.text


@pytest.mark.parametrize("path", _chinese_corpus(), ids=lambda path: path.name[:24])
def test_plausibility_rule_on_real_chinese_summaries(path):
    """The same real text in GB18030 and in Big5 each decode back to themselves."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    gb_bytes = text.encode("gb18030")
    big5_text = text.encode("cp950", errors="ignore").decode("cp950")

    assert decode_bytes(path.name, gb_bytes).text == text
    assert decode_bytes(path.name, big5_text.encode("cp950")).text == big5_text
    assert decode_bytes(path.name, big5_text.encode("cp950")).encoding == "big5"
    assert is_plausible_big5(big5_text)


def test_latin1_is_refused_naming_byte_offset_and_line():
    data = b"first line\nsecond\ncaf\xe9 au lait\n"
    offset = data.index(0xE9)

    with pytest.raises(ImportFailure) as caught:
        decode_bytes("notes.md", data)

    message = str(caught.value)
    assert message.startswith("notes.md (line 3): is not UTF-8, UTF-16 or GB18030 text")
    assert f"offset {offset}" in message
    assert caught.value.line == 3


def test_windows_1252_quotes_are_refused_not_garbled():
    data = "\u201cSmart quotes\u201d and more text".encode("cp1252")

    with pytest.raises(ImportFailure, match="not UTF-8, UTF-16 or GB18030"):
        decode_bytes("quotes.md", data)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "is empty"),
        (b" \n\t\r\n", "only white space"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"text\x00with a NUL", "binary"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "binary"),
    ],
    ids=["empty", "whitespace", "png", "nul-in-utf8", "nul-in-utf16"],
)
def test_unreadable_files_are_refused_with_the_reason(data, problem):
    with pytest.raises(ImportFailure, match=problem) as caught:
        decode_bytes("x.md", data)

    assert str(caught.value).startswith("x.md")


def test_utf16_without_bom_is_recognised_in_both_byte_orders():
    text = "---\ntitle: 一个笔记\n---\n\nHello 世界\n"

    assert decode_bytes("le.md", text.encode("utf-16-le")).text == text
    assert decode_bytes("be.md", text.encode("utf-16-be")).encoding == "utf-16-be"


def test_utf32_bom_is_honoured():
    text = "title: 标题\n"

    assert decode_bytes("x.md", codecs.BOM_UTF32_LE + text.encode("utf-32-le")).text == text


def test_lone_carriage_returns_become_newlines():
    assert decode_bytes("mac.md", b"one\rtwo\r\nthree\n").text == "one\ntwo\nthree\n"
