"""Hostile-shape benchmark: how long kb takes to refuse (or import) files built to be slow.

    .venv/bin/python scripts/bench_hostile.py

Each file (tests/hardening/hostile_files.py: 100,000 headings, list items or table rows, 50,000
links, deeply nested quotes) and, for comparison, files just inside the structure limits, goes
through the importer's pure stages (decode, front matter, structure check, extraction, render) in a
child process of its own, so that its peak memory is its own. Prints wall time, CPU time, peak
RSS above the child's baseline and the outcome. Nothing is written to a database.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def _child(case: str) -> None:
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings_test")
    import django

    django.setup()
    from notes.importer.decode import decode_bytes
    from notes.importer.extract import extract_document
    from notes.importer.extract.han_names import tagged
    from notes.importer.frontmatter import split_front_matter
    from notes.importer.limits import DEFAULT_LIMITS
    from notes.importer.render import render_markdown
    from notes.importer.structure import check_structure
    from notes.importer.types import ImportFailure
    from tests.hardening.hostile_files import HOSTILE, SHAPES

    tagged("预热")  # jieba's dictionary: loaded once per process, not the file's work
    if case in HOSTILE:
        text = HOSTILE[case]()
    else:
        shape = case.removeprefix("at the limit: ")
        limit = (
            DEFAULT_LIMITS.max_markdown_links
            if shape == "links"
            else DEFAULT_LIMITS.max_markdown_blocks
        )
        text = SHAPES[shape](limit - 4)
    data = text.encode()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        decoded = decode_bytes("hostile.md", data)
        front = split_front_matter("hostile.md", decoded.text)
        check_structure(front.body, "hostile.md", first_line=front.body_line)
        doc = extract_document("hostile.md", "0" * 64, decoded, front)
        html = render_markdown(doc.talks[0].markdown or front.body, source_name="hostile.md")
        outcome = (
            f"imported: {sum(len(t.claims) for t in doc.talks)} claims, {len(html):,} chars of HTML"
        )
    except ImportFailure as failure:
        outcome = f"refused: {failure}"
    result = {
        "case": case,
        "bytes": len(data),
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "rss_mib": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline) / 1024,
        "outcome": outcome,
    }
    print(json.dumps(result))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        _child(sys.argv[2])
        return
    sys.path.insert(0, str(PROJECT))
    from tests.hardening.hostile_files import HOSTILE, SHAPES

    cases = list(HOSTILE) + [f"at the limit: {shape}" for shape in SHAPES]
    print(f"{'file':<32} {'bytes':>10} {'wall s':>7} {'cpu s':>7} {'+RSS MiB':>9}  outcome")
    for case in cases:
        child = subprocess.run(
            [sys.executable, __file__, "--case", case],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"{row['case']:<32} {row['bytes']:>10,} {row['wall']:>7.2f} {row['cpu']:>7.2f} "
            f"{row['rss_mib']:>9.1f}  {row['outcome'][:110]}"
        )


if __name__ == "__main__":
    main()
