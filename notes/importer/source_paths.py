"""A file's identity by name, independent of the folder, zip or upload it arrived in.

The importer names a file by how it came: ``a.md`` (named directly or uploaded), ``folder/sub/a.md``
(a folder), ``digest.zip/sub/a.md`` (a zip). The first component of a name with a slash is that
container, so it is dropped; what is left is the file's path key. Two names are the same file when
one path key ends with the other (``a.md`` and ``sub/a.md``), never when only their base names agree
(``en/a.md`` and ``zh/a.md`` are two files). Equal bytes are recognised by sha256 before any of this.
"""

from __future__ import annotations

import unicodedata

from django.db.models import Q

from notes.models import Summary


def path_key(source_name: str) -> tuple[str, ...]:
    """The components that identify a file (container dropped, NFC, empty parts left out)."""
    parts = [
        p for p in unicodedata.normalize("NFC", source_name).replace("\\", "/").split("/") if p
    ]
    if len(parts) > 1:
        parts = parts[1:]
    return tuple(parts)


def _shared_tail(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many trailing components match when one key ends with the other; 0 otherwise."""
    short, long = sorted((a, b), key=len)
    return len(short) if short and long[len(long) - len(short) :] == short else 0


def same_file_summary(
    source_name: str, part: int, candidates: list[Summary] | None = None
) -> Summary | None:
    """The stored summary that is this file under another name, if exactly one fits best.

    ``candidates`` are the summaries to consider (a matched talk's); without them, every summary
    whose name ends with the same base name is considered. A tie between equally good names is
    ambiguous and gives None: a new summary is safer than overwriting the wrong one.
    """
    key = path_key(source_name)
    if not key:
        return None
    if candidates is None:
        base = key[-1]
        names = {base, unicodedata.normalize("NFD", base)}
        query = Q()
        for name in names:
            query |= Q(source_name=name) | Q(source_name__endswith=f"/{name}")
        candidates = list(Summary.objects.filter(query, part=part).select_related("talk"))
    scored = {}
    for summary in candidates:
        if summary.part != part:
            continue
        tail = _shared_tail(key, path_key(summary.source_name))
        if tail:
            scored.setdefault(tail, []).append(summary)
    if not scored:
        return None
    best = scored[max(scored)]
    return best[0] if len(best) == 1 else None
