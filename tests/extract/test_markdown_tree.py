"""The structure reader: nesting, lines, rewrites that keep line numbers."""

from notes.importer.extract.markdown_tree import parse_blocks, prepare


def test_three_space_sub_bullets_nest_under_their_point():
    body = "1. **Point one:**\n   - sub a\n   - sub b\n2. **Point two:**\n   - sub c\n   - sub d\n"
    blocks = parse_blocks(body)
    top = [
        index for index, block in enumerate(blocks) if block.kind == "item" and block.parent is None
    ]
    assert len(top) == 2
    for index in top:
        assert sum(1 for block in blocks if block.parent == index) == 2


def test_line_numbers_follow_the_file():
    blocks = parse_blocks("first para\nsecond line\n\n- item\n", offset=10)
    assert [(block.kind, [line.number for line in block.lines]) for block in blocks] == [
        ("paragraph", [11, 12]),
        ("item", [14]),
    ]


def test_rewrites_keep_the_line_count():
    body = "#[2023/05] Title\n\n+-----+\n| box |\n+-----+\nkey:: value\nparagraph\nline two\n---\nafter\n"
    prepared, boxes = prepare(body, 0)
    assert prepared.count("\n") == body.count("\n")
    assert prepared.startswith("# [2023/05] Title")
    assert [line.text for line in boxes[0].lines] == ["box"]
    assert "***" in prepared.split("\n")[8]


def test_a_short_line_over_dashes_stays_a_heading():
    blocks = parse_blocks("\nTitle\n---\n\ntext\n")
    assert blocks[0].kind == "heading" and blocks[0].text == "Title"


def test_bold_markers_and_link_targets_are_kept_apart():
    line = parse_blocks("**Lead**: see [the page](https://example.com/x) now")[0].lines[0]
    assert line.text == "Lead: see the page now"
    assert line.marked == "**Lead**: see the page now"
    assert line.urls == ["https://example.com/x"]
    assert line.unlinked == "Lead: see now"
