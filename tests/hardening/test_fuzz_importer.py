"""Fuzzing the importer's pure stages: any bytes end as a parsed document or one ImportFailure sentence."""

import hashlib
import os
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from notes.importer.decode import decode_bytes
from notes.importer.extract import extract_document
from notes.importer.frontmatter import split_front_matter
from notes.importer.types import ImportFailure

FENCES = st.sampled_from(["---", "+++", ";;;", ""])
LINES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["title: x", "tags: [a, b", "- item", "key = 'v'", '{"a": 1', "...", "  - nested"]
    ),
    st.from_regex(r"\A#{1,7} [^\n]{0,30}\Z"),
    st.from_regex(r"\A\*\*[^\n*]{1,10}\*\*[:：][^\n]{0,30}\Z"),
    st.from_regex(r"\A\[?\d{1,2}:\d{2}(:\d{2})?\]?[^\n]{0,20}\Z"),
)
DOCUMENTS = st.tuples(FENCES, st.lists(LINES, max_size=8), st.lists(LINES, max_size=12))
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "latin-1"])
# The default suite runs a fixed sample; KB_FUZZ_EXAMPLES=N (scripts/fuzz.py) runs N random cases.
EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES", "0"))


def run_stages(name: str, data: bytes) -> None:
    """decode → front matter → extract; only ImportFailure may escape, as one sentence."""
    try:
        decoded = decode_bytes(name, data)
        front = split_front_matter(name, decoded.text)
        extract_document(name, hashlib.sha256(data).hexdigest(), decoded, front)
    except ImportFailure as failure:
        sentence = str(failure)
        assert sentence.startswith(name) and sentence.endswith(".")
        assert "Traceback" not in sentence and "internal error" not in sentence


@settings(max_examples=EXAMPLES or 60, derandomize=not EXAMPLES, deadline=None)
@given(document=DOCUMENTS, encoding=ENCODINGS)
def test_any_structured_note_parses_or_fails_in_one_sentence(document, encoding):
    fence, front, body = document
    lines = [fence, *front, fence, *body] if fence else [*front, *body]
    text = "\n".join(lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    started = time.monotonic()
    run_stages("fuzzed.md", data)
    assert time.monotonic() - started < 5  # bounded time per case


@settings(max_examples=EXAMPLES or 40, derandomize=not EXAMPLES, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_parse_or_fail_in_one_sentence(data):
    run_stages("bytes.md", data)
