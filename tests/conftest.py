"""Shared fixtures. Test data from the person and the wild is read from ../shared/ at test time."""

from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = PROJECT_DIR.parent / "shared"
SAMPLES_DIR = SHARED_DIR / "samples"
WILD_DIR = SHARED_DIR / "wild"
BADINPUT_DIR = SHARED_DIR / "badinput"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} is not here: the shared test data sits beside the checkout")
    return SHARED_DIR
