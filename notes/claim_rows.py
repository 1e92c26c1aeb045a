"""A claim row of a listing (theme, talk, speaker, tags and search pages) rendered in Python.

The same markup as a template would give, built with ``format_html`` (every value escaped unless it
is already safe, as autoescaping does). A page of a hundred claims spent most of its time in the
template engine resolving each row's variables; this is several times faster, and the rows of every
listing stay one markup.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from notes import points
from notes.models import ClaimStatus


def _html_lang(language: str) -> str:
    # The same rule as the ``html_lang`` filter: "other" is an unknown language.
    if language == "other":
        return ""
    return "en" if language == "en" else "zh"


def _tag_name(tag, zh: bool) -> str:
    return tag.name_zh if zh and getattr(tag, "name_zh", "") else tag.name


def _version(version, first: bool, several: bool, highlights, reasons) -> SafeString:
    text = version.text
    if highlights:
        text = highlights.get(version.pk) or version.text
    language = (
        format_html(' <span class="version-language">{}</span>', version.get_language_display())
        if several
        else ""
    )
    reason = reasons.get(version.pk) if reasons else None
    reason_html = format_html(' <span class="match-reason">{}</span>', reason) if reason else ""
    return format_html(
        '<p class="claim-text{}" lang="{}"><a href="{}">{}</a>{}{}</p>',
        "" if first else " claim-translation",
        _html_lang(version.language),
        version.get_absolute_url(),
        text,
        language,
        reason_html,
    )


def claim_row(
    claim,
    *,
    show_speaker: bool = False,
    show_talk: bool = False,
    show_tags: bool = False,
    highlights=None,
    reasons=None,
    moment: str = "",
    zh: bool = False,
) -> SafeString:
    """One point as a listing shows it: the claim and its visible translation (the version in the
    interface language first), who said it, where, its kind, moment and tags.

    ``claim`` comes from ``queries.for_display``; ``moment`` is its moment link (kb_tags'
    ``moment_link``); ``zh``: the interface is Chinese (themes by their Chinese names).
    """
    versions = points.point_versions(claim)
    several = len(versions) > 1
    texts = mark_safe(
        "".join(
            _version(version, n == 0, several, highlights, reasons)
            for n, version in enumerate(versions)
        )
    )
    meta = []
    if show_speaker and claim.speaker_id and claim.speaker:
        meta.append(
            format_html(
                '<a class="speaker" href="{}">{}</a>',
                claim.speaker.get_absolute_url(),
                claim.speaker.name,
            )
        )
    if show_talk:
        meta.append(
            format_html(
                '<a class="talk" href="{}">{}</a>', claim.talk.get_absolute_url(), claim.talk.title
            )
        )
    meta.append(format_html('<span class="kind">{}</span>', claim.get_kind_display()))
    if moment:
        meta.append(moment)
    if not several:
        meta.append(format_html('<span class="language">{}</span>', claim.get_language_display()))
    if claim.status == ClaimStatus.REVIEWED:
        meta.append(format_html('<span class="reviewed">{}</span>', _("reviewed")))
    chips = ""
    links = getattr(claim, "tag_links", None) if show_tags else None
    if links:
        chips = format_html(
            '<ul class="chips" aria-label="{}">{}</ul>',
            _("Tags"),
            format_html_join(
                "",
                '<li><a class="chip{}" href="{}">{}</a></li>',
                (
                    (
                        " chip-theme" if link.tag.is_theme else "",
                        link.tag.get_absolute_url(),
                        _tag_name(link.tag, zh),
                    )
                    for link in links
                ),
            ),
        )
    return format_html(
        '<article class="claim claim-{}{}">{}<p class="claim-meta">{}</p>{}</article>',
        claim.kind,
        " claim-point" if several else "",
        texts,
        mark_safe(" ".join(meta)),
        chips,
    )
