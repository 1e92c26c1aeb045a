"""A talk's fields, computed from everything its summaries state, whatever order they came in.

Each summary keeps what its file said about the talk (``Summary.metadata``). The talk takes each field
from the best-informed summary that has it: summaries stating a source URL first, then those with a
real (not made-up) title, then those stating more fields, then by file name. The talk is public only
if no summary is a draft. Fields a curator changed (``Talk.curated_fields``) are never touched.
"""

from __future__ import annotations

import datetime as dt

from notes.importer.identity import unique_slug
from notes.importer.types import ParsedTalk
from notes.models import Summary, Talk
from notes.normalise import normalise_title, normalise_url

METADATA_FIELDS = ("url", "published", "duration_seconds", "description")


def talk_metadata(parsed: ParsedTalk) -> dict:
    """What one file part states about its talk, JSON-safe, for ``Summary.metadata``."""
    published = parsed.published
    return {
        "title": (parsed.title or "").strip()[:500],
        "title_is_derived": bool(parsed.title_is_derived),
        "url": normalise_url(parsed.url),
        "published": published.isoformat() if isinstance(published, dt.date) else None,
        "published_precision": parsed.published_precision or "day",
        "duration_seconds": parsed.duration_seconds,
        "description": (parsed.description or "").strip(),
        "public": bool(parsed.public),
        "tags": list(parsed.tags),
    }


def identity_keys(metadata: dict) -> tuple[str, str]:
    """(title_key, source_url) for a summary: what the importer matches other files against."""
    title_key = (
        "" if metadata.get("title_is_derived") else normalise_title(metadata.get("title", ""))
    )
    return title_key[:500], (metadata.get("url") or "")[:1000]


def _rank(summary: Summary) -> tuple:
    meta = summary.metadata
    filled = sum(1 for name in METADATA_FIELDS if meta.get(name))
    return (
        0 if meta.get("url") else 1,
        1 if meta.get("title_is_derived") or not meta.get("title") else 0,
        -filled,
        summary.source_name,
        summary.part,
        summary.sha256,
    )


def refresh_talk(talk: Talk, summaries: list[Summary] | None = None) -> list[str]:
    """Recompute the talk's non-curated fields from its summaries; returns the names that changed.

    ``summaries``: all of the talk's summaries, when the caller holds them (a talk created for the
    file being imported has just its own); otherwise they are read. An unsaved talk is inserted.
    """
    if summaries is None:
        # talk_id too: the related manager sets each row's talk from it, and a deferred talk_id
        # is read back one query per summary
        summaries = list(
            talk.summaries.only("id", "talk_id", "metadata", "source_name", "part", "sha256")
        )
    summaries = sorted((s for s in summaries if s.metadata), key=_rank)
    if not summaries:
        if talk.pk is None:
            talk.save()
        return []
    curated = set(talk.curated_fields or [])
    metas = [s.metadata for s in summaries]
    wanted: dict = {}

    titled = [m for m in metas if m.get("title") and not m.get("title_is_derived")]
    title = (titled or [m for m in metas if m.get("title")] or [{"title": talk.title}])[0]["title"]
    wanted["title"] = title
    wanted["url"] = _free_url(talk, [m.get("url") for m in metas])
    dated = next((m for m in metas if m.get("published")), None)
    wanted["published"] = dt.date.fromisoformat(dated["published"]) if dated else None
    wanted["published_precision"] = dated.get("published_precision", "day") if dated else "day"
    wanted["duration_seconds"] = next(
        (m["duration_seconds"] for m in metas if m.get("duration_seconds")), None
    )
    wanted["description"] = next((m["description"] for m in metas if m.get("description")), "")
    wanted["public"] = all(m.get("public", True) for m in metas)
    if "published" in curated:
        curated.add("published_precision")

    changed = []
    for name, value in wanted.items():
        if name not in curated and getattr(talk, name) != value:
            setattr(talk, name, value)
            changed.append(name)
    if ("title" in changed or not talk.slug) and "slug" not in curated:
        slug = unique_slug(Talk, talk.title, prefix="talk", exclude_pk=talk.pk)
        if slug != talk.slug:
            talk.slug = slug
            changed.append("slug")
    if changed or talk.pk is None:
        talk.save()
    return changed


def _free_url(talk: Talk, urls: list[str | None]) -> str:
    """The first stated URL no other talk already owns (a talk's URL is unique)."""
    for url in urls:
        if url and not Talk.objects.filter(url=url).exclude(pk=talk.pk).exists():
            return url
    return ""
