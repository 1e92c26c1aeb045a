"""Generated hostile notes: one shape repeated until the file is heavy (shared by the test and scripts/bench_hostile.py)."""

from __future__ import annotations


def _headings(n: int) -> str:
    return "".join(f"# Heading {i}\n\n" for i in range(n))


def _items(n: int) -> str:
    return "# A long list\n\n" + "".join(f"- item {i}\n" for i in range(n))


def _rows(n: int) -> str:
    return "# A long table\n\n| a | b |\n|---|---|\n" + "".join(f"| {i} | x |\n" for i in range(n))


def _bare_rows(n: int) -> str:
    return "# A table without edges\n\na | b\n--|--\n" + "".join(f"{i} | x\n" for i in range(n))


def _links(n: int) -> str:
    return "# Many links\n\n" + " ".join(f"[l{i}](https://e.org/{i})" for i in range(n)) + "\n"


def _nested_quotes(n: int) -> str:
    # each line one level deeper than the last
    return "# Quotes\n\n" + "".join(">" * (i + 1) + f" q{i}\n" for i in range(n))


def _one_deep_quote(n: int) -> str:
    return "# A deep quote\n\n" + ">" * n + " deep\n"


HOSTILE = {
    "100k headings": lambda: _headings(100_000),
    "100k list items": lambda: _items(100_000),
    "100k table rows": lambda: _rows(100_000),
    "100k rows, no edges": lambda: _bare_rows(100_000),
    "50k links": lambda: _links(50_000),
    "2k nested quote lines": lambda: _nested_quotes(2_000),
    "one 100k-deep quote": lambda: _one_deep_quote(100_000),
}

SHAPES = {
    "headings": _headings,
    "list items": _items,
    "table rows": _rows,
    "links": _links,
}
