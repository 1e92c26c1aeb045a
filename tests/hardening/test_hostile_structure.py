"""Files built to be slow (100,000 headings, list items, table rows; 50,000 links; deep quotes) are
refused by a structure scan before extraction, at the line where a limit is crossed.

No timed assertions: the bound is that the scan stops at that line and that the extractor is never
called (scripts/bench_hostile.py prints the times).
"""

import pytest

from notes.importer import pipeline
from notes.importer.limits import DEFAULT_LIMITS, ImportLimits
from notes.importer.render import render_markdown
from notes.importer.structure import check_structure
from notes.importer.types import ImportFailure, SourceFile
from notes.models import Talk

from .hostile_files import HOSTILE, SHAPES

BLOCKS = DEFAULT_LIMITS.max_markdown_blocks


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_are_refused_before_extraction(case, monkeypatch):
    extracted = []
    real_extract = __import__("notes.importer.extract", fromlist=["x"]).extract_document
    monkeypatch.setattr(
        "notes.importer.extract.extract_document",
        lambda *args: extracted.append(args) or real_extract(*args),
    )
    result = pipeline.import_sources([SourceFile("hostile.md", HOSTILE[case]().encode())])
    (file,) = result.files
    assert file.outcome == "failed"
    assert file.message.startswith("hostile.md (line ")
    assert "too many" in file.message or "levels deep" in file.message
    assert extracted == []
    assert not Talk.objects.exists()


@pytest.mark.parametrize("shape", ["headings", "list items", "table rows"])
def test_the_scan_stops_at_the_first_block_over_the_limit(shape):
    text = SHAPES[shape](BLOCKS * 40)
    lines = text.split("\n")
    with pytest.raises(ImportFailure) as refused:
        check_structure(text, "a.md")
    # The refusal names the line of block number limit + 1: no line after it was read.
    stop = refused.value.line
    assert check_structure("\n".join(lines[: stop - 1]), "a.md").blocks == BLOCKS
    assert f"more than {BLOCKS:,} blocks" in str(refused.value)


def test_line_numbers_count_the_front_matter():
    limits = ImportLimits(max_markdown_blocks=3)
    with pytest.raises(ImportFailure) as refused:
        check_structure("# a\n\n# b\n\n# c\n\n# d\n", "a.md", limits, first_line=5)
    assert str(refused.value).startswith("a.md (line 11): it has more than 3 blocks")


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_files_inside_the_limits_are_accepted(shape):
    limit = DEFAULT_LIMITS.max_markdown_links if shape == "links" else BLOCKS
    count = check_structure(SHAPES[shape](limit - 4), "a.md")
    assert count.blocks <= BLOCKS and count.links <= DEFAULT_LIMITS.max_markdown_links


def test_fenced_code_is_one_block_and_its_lines_are_not_counted():
    code = (
        "```\n" + "".join(f"# not a heading {i}\n> nor a quote\n" for i in range(BLOCKS)) + "```\n"
    )
    count = check_structure("# Code\n\n" + code, "a.md")
    assert count.blocks == 2 and count.deepest_quote == 0


def test_deep_quotes_are_refused_at_the_limit():
    depth = DEFAULT_LIMITS.max_quote_depth
    assert check_structure(">" * depth + " ok\n", "a.md").deepest_quote == depth
    with pytest.raises(ImportFailure, match=f"more than {depth} levels deep"):
        check_structure("> " * (depth + 1) + "too deep\n", "a.md")


def test_the_renderer_applies_the_same_limits():
    # restored exports reach render_markdown without the importer's scan
    with pytest.raises(ImportFailure, match="more than 2,000 links"):
        render_markdown(SHAPES["links"](2_001))
