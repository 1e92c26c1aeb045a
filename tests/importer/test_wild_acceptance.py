"""Acceptance on real notes nobody tuned for: the share of judged facts right, each file imported alone.

shared/wild/ (fifteen notes) must stay at or above 98%, shared/wild2/ (twenty-five more) at or above 95%.
The judging is tests/importer/wild_judging.py, the same as scripts/judge_wild.py prints; a failure lists
every wrong fact so the miss is readable from the test output alone.
"""

import json

import pytest

from tests.conftest import WILD2_DIR, WILD_DIR
from tests.importer.wild_judging import judge_folder

pytestmark = pytest.mark.django_db

TARGETS = [(WILD_DIR, 0.98), (WILD2_DIR, 0.95)]


def _expected(folder):
    return json.loads((folder / "expected.json").read_text(encoding="utf-8"))["files"]


_VERDICTS: dict = {}


def _verdicts(folder):
    """Judged once per run: the verdicts are plain data, the database is rolled back after each file."""
    if folder not in _VERDICTS:
        _VERDICTS[folder] = judge_folder(folder, _expected(folder))
    return _VERDICTS[folder]


@pytest.mark.parametrize(("folder", "target"), TARGETS, ids=["wild", "wild2"])
def test_share_of_judged_facts_right(shared_dir, folder, target):
    verdicts = _verdicts(folder)
    wrong = [f"{v.name} {v.key}: {v.problem}" for v in verdicts if not v.ok]
    share = 1 - len(wrong) / len(verdicts)
    assert share >= target, f"{share:.1%} right; wrong:\n" + "\n".join(wrong)


@pytest.mark.parametrize("folder", [WILD_DIR, WILD2_DIR], ids=["wild", "wild2"])
def test_every_described_note_is_judged(shared_dir, folder):
    notes = {p.name for p in folder.iterdir() if p.suffix in (".md", ".txt") and p.stem != "README"}
    assert set(_expected(folder)) == notes


def test_no_note_fails_unless_refusing_a_multi_talk_page(shared_dir):
    for folder in (WILD_DIR, WILD2_DIR):
        for verdict in _verdicts(folder):
            assert "import failed" not in verdict.problem, verdict
