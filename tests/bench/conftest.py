"""The benchmark scripts (scripts/bench*.py) are plain scripts: their folder goes on sys.path here."""

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))
