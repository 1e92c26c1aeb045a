"""Fuzzing the whole import: zip members and notes of every front-matter format into the database.

Every case must end with each file either imported whole (its summary holds exactly the claims the
extractor found) or failed in one sentence with nothing of it written, and no exception may escape.
The default suite runs a fixed, small sample (derandomized); ``KB_FUZZ_EXAMPLES=N`` runs N cases per
test (scripts/fuzz.py: 10,000 importer cases over the four importer fuzz tests).
"""

from __future__ import annotations

import hashlib
import io
import os
import time
import zipfile

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from notes.importer.archive import read_upload
from notes.importer.decode import decode_bytes
from notes.importer.extract import extract_document
from notes.importer.frontmatter import split_front_matter
from notes.importer.pipeline import import_sources
from notes.importer.types import ImportFailure
from notes.models import Claim, Summary, Talk

EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 25,
    derandomize=not EXAMPLES,  # the default suite sees the same cases every run
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Per-case CPU seconds: generous, so a slow machine never fails it; a runaway case still does.
CASE_BUDGET = 10

WORDS = st.sampled_from(
    ["models", "generalize", "泛化", "强化学习", "RL", "Ilya", "价值函数", "agents", "—", "…", ""]
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
SCALAR = st.one_of(SENTENCE, st.text(max_size=20), st.integers(-5, 10**6).map(str))
FRONT_FORMATS = st.sampled_from(["yaml", "toml", "json", "none"])
BODY_LINES = st.one_of(
    SENTENCE,
    st.text(max_size=50),
    SENTENCE.map(lambda s: f"## {s}"),
    SENTENCE.map(lambda s: f"- {s}"),
    SENTENCE.map(lambda s: f"**Ilya Sutskever：** {s}"),
    st.tuples(st.integers(0, 3), st.integers(0, 59), SENTENCE).map(
        lambda t: f"[{t[0]:02d}:{t[1]:02d}] {t[2]}"
    ),
    st.sampled_from(["```", "> quoted", "| a | b |", "---", "<b>raw</b>", "[link](http://x)"]),
)


def front_matter(kind: str, fields: dict[str, str]) -> str:
    """Front matter in ``kind``; values are written raw, so broken quoting is part of the fuzz."""
    if kind == "yaml":
        return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n"
    if kind == "toml":
        return "+++\n" + "".join(f'{k} = "{v}"\n' for k, v in fields.items()) + "+++\n"
    if kind == "json":
        pairs = ", ".join(f'"{k}": "{v}"' for k, v in fields.items())
        return "{" + pairs + "}\n"
    return ""


NOTES = st.builds(
    lambda kind, fields, body: front_matter(kind, fields) + "\n".join(body),
    FRONT_FORMATS,
    st.dictionaries(st.sampled_from(["title", "url", "date", "speakers", "tags", "lang"]), SCALAR),
    st.lists(BODY_LINES, max_size=14),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"])
MEMBER_NAMES = st.one_of(
    # Names zipfile can write: it cuts a name at NUL and cannot encode lone surrogates.
    st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=24
    ).map(lambda s: s + ".md"),
    st.sampled_from(["a/b/note.md", "../up.md", "/abs.md", "C:\\win.md", ".hidden.md", "x.txt"]),
    st.sampled_from(["note.md", "笔记.md", "note.json", "readme", "dir/"]),
)


def _zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _encoded(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _counts() -> tuple[int, int, int]:
    return Talk.objects.count(), Summary.objects.count(), Claim.objects.count()


def _parsed_claims(source) -> int | None:
    """How many claims the extractor finds in ``source`` (None when it refuses the file)."""
    try:
        decoded = decode_bytes(source.name, source.data)
        front = split_front_matter(source.name, decoded.text)
        doc = extract_document(source.name, hashlib.sha256(source.data).hexdigest(), decoded, front)
    except ImportFailure:
        return None
    return sum(len(talk.claims) for talk in doc.talks)


def _import_and_check(upload_name: str, data: bytes) -> None:
    started = time.process_time()
    sources, failures = read_upload(upload_name, data)
    for failure in failures:
        assert str(failure).endswith("."), str(failure)
    for source in sources:  # one at a time, so each file's rows can be told apart
        before = _counts()
        parsed = _parsed_claims(source)
        [file] = import_sources([source]).files
        event(f"file {file.outcome}")  # --hypothesis-show-statistics: how many cases reached the DB
        assert "Traceback" not in file.message and "internal error" not in file.message, (
            file.message
        )
        if file.failed:
            assert _counts() == before, f"{file.name} failed but left rows behind"
        elif file.outcome in ("imported", "updated"):
            # Nothing partial: every claim the extractor found is in the database.
            written = Claim.objects.filter(
                summary__file_sha256=hashlib.sha256(source.data).hexdigest()
            )
            assert written.count() == parsed, file.name
    assert time.process_time() - started < CASE_BUDGET


@pytest.mark.django_db
@FUZZ
@given(note=NOTES, encoding=ENCODINGS)
def test_any_note_imports_whole_or_fails_in_one_sentence(note, encoding):
    _import_and_check("fuzzed.md", _encoded(note, encoding))


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # duplicate members are part of it
@FUZZ
@given(members=st.lists(st.tuples(MEMBER_NAMES, NOTES), max_size=4))
def test_any_zip_imports_each_member_whole_or_fails_in_one_sentence(members):
    _import_and_check("upload.zip", _zip_of([(name, text.encode()) for name, text in members]))
