"""The JSON shapes of the read-only API (documented in docs/api.md).

Plain functions from model instances to dicts; they read only what the API views fetched up front
(select_related / prefetch), so serialising a page never runs a query per row.
"""

from urllib.parse import urlencode

from django.urls import reverse

from notes.points import visible_partner
from notes.slug_urls import reverse_slug


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def tag_shape(tag) -> dict:
    return {"slug": tag.slug, "name": tag.name, "name_zh": tag.name_zh, "is_theme": tag.is_theme}


def speaker_ref(request, speaker) -> dict | None:
    if speaker is None:
        return None
    return {
        "slug": speaker.slug,
        "name": speaker.name,
        "url": absolute(request, speaker.get_absolute_url()),
    }


def talk_ref(request, talk) -> dict:
    return {
        "slug": talk.slug,
        "title": talk.title,
        "published": talk.published.isoformat() if talk.published else None,
        "published_precision": talk.published_precision,
        "url": absolute(request, talk.get_absolute_url()),
        "api_url": absolute(
            request, reverse_slug("notes:api-talk", talk.slug, fallback="notes:api-talks")
        ),
    }


def claim_shape(request, claim, *, hit=None) -> dict:
    """A claim with its talk, speaker, section, tags and visible translation; a search ``hit``
    adds each version's highlighted text and why it matched when it lacks the typed words."""
    translation = visible_partner(claim)
    shape = {
        "id": claim.pk,
        "text": claim.text,
        "language": claim.language,
        "kind": claim.kind,
        "status": claim.status,
        "start_seconds": claim.start_seconds,
        "moment_url": claim.moment_url() or None,
        "talk": talk_ref(request, claim.talk),
        "speaker": speaker_ref(request, claim.speaker),
        "section": claim.section.heading if claim.section else None,
        "tags": [
            {**tag_shape(link.tag), "reason": link.reason}
            for link in getattr(claim, "tag_links", [])
        ],
        "translation": (
            {"id": translation.pk, "text": translation.text, "language": translation.language}
            if translation
            else None
        ),
        "created": claim.created.isoformat(),
        "url": absolute(request, claim.get_absolute_url()),
        "api_url": absolute(request, reverse("notes:api-claim", args=[claim.pk])),
    }
    if hit is not None:
        shape["highlighted"] = str(hit.highlighted)
        shape["matched_via"] = hit.reasons.get(claim.pk)
        if shape["translation"] is not None:
            shape["translation"]["highlighted"] = str(hit.highlights.get(translation.pk, ""))
            shape["translation"]["matched_via"] = hit.reasons.get(translation.pk)
    return shape


def talk_shape(request, talk) -> dict:
    """A talk as listed: metadata, speakers with roles, its own tags, count of public claims."""
    return {
        **talk_ref(request, talk),
        "source_url": talk.url or None,
        "youtube_id": talk.youtube_id or None,
        "duration_seconds": talk.duration_seconds,
        "description": talk.description,
        "speakers": [
            {**speaker_ref(request, role.speaker), "role": role.role}
            for role in talk.talk_speakers.all()
        ],
        "tags": [tag.slug for tag in talk.tags.all()],
        "claim_count": talk.claim_count,
    }


def section_shape(talk, section) -> dict:
    return {
        "heading": section.heading,
        "level": section.level,
        "start_seconds": section.start_seconds,
        "end_seconds": section.end_seconds,
        "moment_url": talk.moment_url(section.start_seconds)
        if section.start_seconds is not None
        else None,
    }


def summary_shape(talk, summary) -> dict:
    return {
        "source_name": summary.source_name,
        "part": summary.part,
        "language": summary.language,
        "html": summary.html,
        "sections": [section_shape(talk, section) for section in summary.sections.all()],
    }


def speaker_shape(request, speaker) -> dict:
    return {
        "slug": speaker.slug,
        "name": speaker.name,
        "aliases": [alias.alias for alias in speaker.aliases.all()],
        "talk_count": speaker.talk_count,
        "claim_count": speaker.claim_count,
        "url": absolute(request, speaker.get_absolute_url()),
        "api_url": absolute(
            request, reverse_slug("notes:api-speaker", speaker.slug, fallback="notes:api-speakers")
        ),
    }


def theme_shape(request, theme) -> dict:
    return {
        **tag_shape(theme),
        "description": theme.description,
        "description_zh": theme.description_zh,
        "claim_count": theme.claim_count,
        "talk_count": theme.talk_count,
        "url": absolute(request, theme.get_absolute_url()),
        "claims_api_url": absolute(
            request, reverse("notes:api-claims") + "?" + urlencode({"theme": theme.slug})
        ),
    }
