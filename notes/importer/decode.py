"""Bytes to text: find the encoding of a summary file, or refuse it with a sentence saying why.

Order of attempts (see docs/decisions.md, "Decoding imported files"):
  1. a BOM (UTF-8, UTF-32, UTF-16) decides;
  2. strict UTF-8;
  3. UTF-16 without a BOM, recognised by NUL bytes in every other position;
  4. GB18030 (a superset of GBK and GB2312), accepted only when the result reads like Chinese;
  5. Big5, accepted only when the result reads like Chinese too;
  otherwise the file is refused, naming the first byte that is not UTF-8.
"""

from __future__ import annotations

import codecs

from .types import DecodedText, ImportFailure

_BOMS = (
    # UTF-32 first: its little-endian BOM begins with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# A legacy decoding is believed when at least this share of its non-ASCII characters are
# the common ones of that encoding. Measured (docs/decisions.md): real GBK text scores >= 0.99,
# Big5 bytes read as GB18030 <= 0.27; real Big5 >= 0.94, GBK bytes read as Big5 <= 0.65.
PLAUSIBLE_SHARE = 0.8

# UTF-16 without a BOM: share of code units whose high byte is NUL (ASCII characters).
_UTF16_NUL_SHARE = 0.25

_NOT_TEXT = "is not UTF-8, UTF-16 or GB18030 text"


def decode_bytes(name: str, data: bytes) -> DecodedText:
    """Decode a file's bytes into text with "\\n" newlines and no BOM, or raise ImportFailure."""
    if not data:
        raise ImportFailure(name, "is empty")
    text, encoding = _decode(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailure(name, "is a binary file, not text (it contains NUL characters)", line)
    if not text.strip():
        raise ImportFailure(name, "is empty (only white space)")
    return DecodedText(text=text, encoding=encoding)


def _decode(name: str, data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError as error:
                raise _failure(
                    name, data, len(bom) + error.start, f"is not valid {encoding.upper()} text"
                ) from None
    if b"\x00" in data:
        # Text in UTF-8 or a legacy encoding never holds NUL bytes; UTF-16 without a BOM does.
        utf16 = _utf16_without_bom(data)
        if utf16:
            return utf16
        offset = data.index(b"\x00")
        raise ImportFailure(
            name,
            f"is a binary file, not text (NUL byte at offset {offset})",
            _line_of(data, offset),
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    problem = _NOT_TEXT
    for encoding, label, plausible in (
        ("gb18030", "gb18030", is_plausible_gb),
        ("cp950", "big5", is_plausible_big5),
    ):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if plausible(text):
            return text, label
        if encoding == "gb18030":
            problem = (
                f"{_NOT_TEXT}: read as GB18030 it gives unlikely characters "
                "(it may be Big5 or another legacy encoding); save it as UTF-8"
            )
    raise _failure(name, data, utf8_error.start, problem)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Decode UTF-16 without a BOM when NUL bytes sit consistently in odd or even positions."""
    if len(data) < 4 or len(data) % 2:
        return None
    units = len(data) // 2
    nul_even = data[0::2].count(0)
    nul_odd = data[1::2].count(0)
    # ASCII puts its NUL in the high byte; a few hanzi (U+4E00 一) have a NUL low byte.
    if nul_odd >= units * _UTF16_NUL_SHARE and nul_even * 4 <= nul_odd:
        encoding = "utf-16-le"
    elif nul_even >= units * _UTF16_NUL_SHARE and nul_odd * 4 <= nul_even:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    # ASCII text with NULs in it is binary, not UTF-16: real UTF-16 has no C0 controls but tab/newline.
    if any(ord(ch) < 0x20 and ch not in "\t\n\r" for ch in text):
        return None
    return text, encoding


def _common_share(text: str, encoding: str, common_leads: range, punctuation: set[int]) -> float:
    """Share of non-ASCII characters that are frequent characters or punctuation of ``encoding``."""
    common = total = 0
    for ch in text:
        if ord(ch) < 0x80:
            continue
        total += 1
        try:
            lead = ch.encode(encoding)[0]
        except UnicodeEncodeError:
            continue
        if lead in common_leads or lead in punctuation:
            common += 1
    return common / total if total else 1.0


def is_plausible_gb(text: str) -> bool:
    """True when text decoded as GB18030 reads like Chinese: mostly GB2312 level-1 hanzi."""
    # GB2312 rows 0xB0-0xD7 hold the 3,755 level-1 hanzi; rows 0xA1 and 0xA3 hold CJK and
    # full-width punctuation. Kana, Cyrillic, box drawing, GBK extensions and private-use code
    # points are what Big5 (or other) bytes turn into.
    return _common_share(text, "gb2312", range(0xB0, 0xD8), {0xA1, 0xA3}) >= PLAUSIBLE_SHARE


def is_plausible_big5(text: str) -> bool:
    """True when text decoded as Big5 reads like Chinese: mostly Big5 frequent hanzi."""
    # Big5 rows 0xA4-0xC6 hold the 5,401 frequently used hanzi; 0xA1-0xA2 punctuation.
    return _common_share(text, "cp950", range(0xA4, 0xC7), {0xA1, 0xA2}) >= PLAUSIBLE_SHARE


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _failure(name: str, data: bytes, offset: int, problem: str) -> ImportFailure:
    byte = data[offset] if offset < len(data) else None
    where = f" (byte 0x{byte:02X} at offset {offset})" if byte is not None else ""
    head, sep, tail = problem.partition(":")
    return ImportFailure(name, f"{head}{where}{sep}{tail}", _line_of(data, offset))
