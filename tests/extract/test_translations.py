"""English and Chinese versions of the same point are linked."""

from .helpers import only_talk, translation_pairs

BILINGUAL = """**Key Points:**
- **Slow water**: Boiling water scalds green tea leaves.
- **Fresh leaves**: Leaves lose aroma after a few months.
- **Small pots**: Small pots keep the temperature even.

#### Translation

**Key Points:**
- **慢水**：沸水会烫伤绿茶的叶子。
- **新叶**：茶叶放几个月就会失去香气。
- **小壶**：小壶能让温度保持均匀。
"""


def test_parallel_blocks_are_paired_by_position():
    talk = only_talk(BILINGUAL)
    assert translation_pairs(talk) == 3
    first = talk.claims[0]
    assert first.language == "en"
    assert talk.claims[first.translation].text.startswith("慢水")


def test_blocks_of_different_shapes_are_not_paired():
    talk = only_talk(
        "One English paragraph about tea.\n\nAnother English paragraph about cups.\n\n中文的第一段，讲茶。\n"
    )
    assert translation_pairs(talk) == 0


def test_a_quote_and_its_translation_on_one_line():
    talk = only_talk('- **重要原话**："Water is the mother of tea." —— “水为茶之母。” `[00:05]`\n')
    assert [(claim.language, claim.kind, claim.text) for claim in talk.claims] == [
        ("en", "highlight", "Water is the mother of tea."),
        ("zh", "highlight", "水为茶之母。"),
    ]
    assert (talk.claims[0].translation, talk.claims[1].translation) == (1, 0)
    assert talk.claims[0].start_seconds == 5
