"""Benchmark: extraction time for the shared notes and for large or hostile synthetic bodies.

Run: ``.venv/bin/python -m tests.extract.bench_extract`` (prints figures; asserts nothing, so it
is not collected by pytest).
"""

from __future__ import annotations

import time

from notes.importer.extract import extract_document
from notes.importer.types import DecodedText, FrontMatter
from tests.conftest import SAMPLES_DIR, WILD_DIR
from tests.extract.helpers import extract_file

SYNTHETIC = {
    "60k short lines": lambda: "".join(f"line {n} with some words here\n" for n in range(60_000)),
    "40k list items": lambda: "".join(f"- item {n} with some words here\n" for n in range(40_000)),
    "20k timed headings": lambda: "".join(
        f"## [00:{n % 60:02d}] h{n}\ntext {n}\n\n" for n in range(20_000)
    ),
    "1 MB of bold pairs": lambda: "**a** " * 200_000,
    "1.7 MB of Chinese lines": lambda: ("中文" * 300 + "\n") * 3_000,
    "2 MB single line": lambda: "word " * 400_000,
}


def _time(label: str, body: str) -> None:
    started = time.perf_counter()
    document = extract_document(label, "", DecodedText(body, "utf-8"), FrontMatter("", {}, body, 1))
    elapsed = time.perf_counter() - started
    claims = sum(len(talk.claims) for talk in document.talks)
    print(f"{label:28} {len(body) // 1024:6} KiB {elapsed:7.2f} s {claims:6} claims")


def main() -> None:
    files = sorted(SAMPLES_DIR.glob("*.txt")) + sorted(WILD_DIR.glob("[0-9]*.md"))
    started = time.perf_counter()
    for path in files:
        extract_file(path)
    total = time.perf_counter() - started
    print(
        f"{len(files)} shared notes: {total:.2f} s in all, {1000 * total / max(len(files), 1):.0f} ms each"
    )
    for label, make in SYNTHETIC.items():
        _time(label, make())


if __name__ == "__main__":
    main()
