"""Language thresholds for claims and talks."""

import pytest

from notes.importer.extract.language import cjk_share, detect_language, talk_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("模型在评估上很强，但在真实的经济影响上明显滞后。", "zh"),
        ("他认为公司把RL训练目标对齐到evals本身，导致泛化不足。", "zh"),
        ("Models look smarter on evals than their economic impact suggests.", "en"),
        ("The key idea is generalization (泛化), not scale.", "en"),
        ("Scaling is over now for good: 规模化时代结束", "mixed"),
        ("12345 !!!", "en"),
    ],
)
def test_claim_language(text, language):
    assert detect_language(text) == language


def test_no_letters_means_no_share():
    assert cjk_share("2025 — 42") is None
    assert detect_language("2025 — 42", default="zh") == "zh"


def test_talk_language_is_mixed_when_the_minority_is_substantial():
    english = ["Scaling laws are flattening for pre-training runs."] * 5
    chinese = ["预训练的规模定律正在变得平缓，这是一个重要的信号。"] * 5
    assert talk_language(english + chinese) == "mixed"
    assert talk_language(chinese + english[:1]) == "zh"
    assert talk_language(english * 2 + chinese[:1]) == "en"


def test_talk_language_falls_back_to_the_text():
    assert talk_language([], "只有一段中文的正文，没有任何可以提取的观点。") == "zh"
    assert talk_language([], "") == "en"
