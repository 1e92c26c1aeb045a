"""A claim row of a listing (theme, talk, speaker, tags and search pages) rendered in Python.

The same markup as a template would give, every value escaped unless it is already safe, as
autoescaping does. A page of a hundred claims spent most of its time in the template engine
resolving each row's variables, then in ``format_html``, lazy choice labels and ``reverse()``:
rows are built from f-strings over escaped values, the labels are translated once per language,
and the links of a speaker, talk or tag are built once per process (``lru_cache``, keyed by every
value the markup is made of).
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models import JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from notes import points
from notes.models import Claim, ClaimKind, ClaimStatus, Language, Speaker, Tag, TaggedClaim, Talk


def _esc(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper: safe text as it is, the rest escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _html_lang(language: str) -> str:
    # The same rule as the ``html_lang`` filter: "other" is an unknown language.
    if language == "other":
        return ""
    return "en" if language == "en" else "zh"


@lru_cache(maxsize=16)
def _labels(language_code: str | None) -> dict:
    """The row's fixed words in the interface language ``language_code`` (the active one)."""
    return {
        "kind": {value: _esc(label) for value, label in ClaimKind.choices},
        "language": {value: _esc(label) for value, label in Language.choices},
        "reviewed": _esc(_("reviewed")),
        "tags": _esc(_("Tags")),
    }


def _label(labels: dict, value: str) -> str:
    # As get_FOO_display(): a value outside the choices is shown as it is.
    return labels.get(value) or _esc(value)


@lru_cache(maxsize=4096)
def _speaker_link(slug: str, name: str, prefix: str, urlconf) -> str:
    url = Speaker(slug=slug).get_absolute_url()
    return f'<a class="speaker" href="{_esc(url)}">{_esc(name)}</a>'


@lru_cache(maxsize=4096)
def _talk_link(slug: str, title: str, prefix: str, urlconf) -> str:
    url = Talk(slug=slug).get_absolute_url()
    return f'<a class="talk" href="{_esc(url)}">{_esc(title)}</a>'


@lru_cache(maxsize=4096)
def _chip(slug: str, is_theme: bool, shown: str, prefix: str, urlconf) -> str:
    url = Tag(slug=slug, is_theme=is_theme).get_absolute_url()
    theme = " chip-theme" if is_theme else ""
    return f'<li><a class="chip{theme}" href="{_esc(url)}">{_esc(shown)}</a></li>'


def _tag_name(tag, zh: bool) -> str:
    return tag.name_zh if zh and getattr(tag, "name_zh", "") else tag.name


def _version(version, first: bool, several: bool, highlights, reasons, labels) -> str:
    text = version.text
    if highlights:
        text = highlights.get(version.pk) or version.text
    language = (
        f' <span class="version-language">{_label(labels["language"], version.language)}</span>'
        if several
        else ""
    )
    reason = reasons.get(version.pk) if reasons else None
    reason_html = f' <span class="match-reason">{_esc(reason)}</span>' if reason else ""
    translation = "" if first else " claim-translation"
    return (
        f'<p class="claim-text{translation}" lang="{_html_lang(version.language)}">'
        f'<a href="{_esc(version.get_absolute_url())}">{_esc(text)}</a>{language}{reason_html}</p>'
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
    labels = _labels(get_language())
    prefix, urlconf = get_script_prefix(), get_urlconf()
    versions = points.point_versions(claim)
    several = len(versions) > 1
    texts = "".join(
        _version(version, n == 0, several, highlights, reasons, labels)
        for n, version in enumerate(versions)
    )
    meta = []
    if show_speaker and claim.speaker_id and claim.speaker:
        meta.append(_speaker_link(claim.speaker.slug, claim.speaker.name, prefix, urlconf))
    if show_talk:
        meta.append(_talk_link(claim.talk.slug, claim.talk.title, prefix, urlconf))
    meta.append(f'<span class="kind">{_label(labels["kind"], claim.kind)}</span>')
    if moment:
        meta.append(_esc(moment))
    if not several:
        meta.append(f'<span class="language">{_label(labels["language"], claim.language)}</span>')
    if claim.status == ClaimStatus.REVIEWED:
        meta.append(f'<span class="reviewed">{labels["reviewed"]}</span>')
    chips = ""
    links = getattr(claim, "tag_links", None) if show_tags else None
    if links:
        items = "".join(
            _chip(link.tag.slug, link.tag.is_theme, _tag_name(link.tag, zh), prefix, urlconf)
            for link in links
        )
        chips = f'<ul class="chips" aria-label="{labels["tags"]}">{items}</ul>'
    point = " claim-point" if several else ""
    # Every value above is escaped (_esc) or fixed markup.
    return mark_safe(
        f'<article class="claim claim-{_esc(claim.kind)}{point}">{texts}'
        f'<p class="claim-meta">{" ".join(meta)}</p>{chips}</article>'
    )


# The columns a row shows of a claim and of its translation (points.visible_partner reads the
# partner's status and talk): the rest (curated fields, fingerprint, timestamps) costs a JSON
# decode and two datetime conversions per claim on pages that never show it.
CLAIM_COLUMNS = (
    "id",
    "talk_id",
    "summary_id",
    "section_id",
    "speaker_id",
    "text",
    "language",
    "kind",
    "start_seconds",
    "position",
    "status",
    "translation_id",
)
PARTNER_ROW = "_translated_from_row"  # the reverse partner's columns, read by a subquery per row
TALK_COLUMNS = ("title", "slug", "published", "published_precision", "url", "youtube_id", "public")


@dataclass(frozen=True)
class TagLink:
    """A claim's tag as a row shows it (``claim.tag_links``, the shape of queries.for_display's)."""

    tag: Tag


def row_queryset(
    claims: QuerySet[Claim], *, with_talk: bool = True, with_speaker: bool = True
) -> QuerySet[Claim]:
    """``claims`` with the columns a row shows of each claim, its speaker, translations and (with
    ``with_talk``) talk; the tags (and the claim a row's claim translates, see below) come from
    :func:`attach_tags`.

    The claim that names a row's claim as its translation (``translated_from``, the reverse side)
    is read by a subquery per row, a probe of the translation index bounded by the page's rows: as
    a LEFT JOIN the planner may join the whole claim table once statistics say most claims have
    no translation, and a join cannot be told to probe.
    """
    columns = [*CLAIM_COLUMNS, *(f"translation__{column}" for column in CLAIM_COLUMNS)]
    related = ["translation"]
    if with_speaker:
        related.append("speaker")
        columns += ["speaker__name", "speaker__slug"]
    if with_talk:
        related.append("talk")
        columns += [f"talk__{column}" for column in TALK_COLUMNS]
    reverse = Claim.objects.filter(translation_id=OuterRef("pk")).order_by()
    reverse = reverse.values(row=JSONObject(**{column: column for column in CLAIM_COLUMNS}))
    rows = claims.select_related(*related).only(*columns)
    return rows.annotate(**{PARTNER_ROW: Subquery(reverse[:1], output_field=JSONField())})


def _attach_reverse_partners(claims: list[Claim]) -> None:
    """Cache each claim's ``translated_from`` (or its absence) from the subquery's columns, as
    ``select_related`` would have: points.visible_partner reads it without another query."""
    cache_name = Claim._meta.get_field("translated_from").cache_name
    for claim in claims:
        if not hasattr(claim, PARTNER_ROW):
            continue  # not read through row_queryset: the relation loads as it would
        row = getattr(claim, PARTNER_ROW)
        if isinstance(row, str):  # a driver without JSON decoding of subquery values
            row = json.loads(row)
        claim._state.fields_cache[cache_name] = Claim(**row) if row else None


# A claim's tags, themes first (the order of queries.tag_links_prefetch). Written out: the ORM's
# query for it cost a page more to build than to run.
_TAGS_OF = (
    "SELECT tc.content_object_id, g.id, g.slug, g.name, g.name_zh, g.is_theme "
    f"FROM {TaggedClaim._meta.db_table} tc JOIN {Tag._meta.db_table} g ON g.id = tc.tag_id "
    "WHERE tc.content_object_id IN ({marks}) ORDER BY g.is_theme DESC, g.position, g.name"
)


def attach_tags(claims: list[Claim]) -> list[Claim]:
    """Set ``claim.tag_links`` (themes first, as queries.for_display gives) on each of ``claims``,
    and, on claims read through :func:`row_queryset`, the claim each translates (``translated_from``).

    One query; each tag is one object shared by its rows, not a TaggedClaim and a Tag per tagging.
    """
    if not claims:
        return claims
    _attach_reverse_partners(claims)
    links: dict[int, list[TagLink]] = defaultdict(list)
    shared: dict[int, TagLink] = {}
    ids = list({claim.pk for claim in claims})
    with connection.cursor() as cursor:
        cursor.execute(_TAGS_OF.format(marks=", ".join(["%s"] * len(ids))), ids)
        taggings = cursor.fetchall()
    for claim_id, tag_id, slug, name, name_zh, is_theme in taggings:
        if tag_id not in shared:
            tag = Tag(pk=tag_id, slug=slug, name=name, name_zh=name_zh, is_theme=bool(is_theme))
            shared[tag_id] = TagLink(tag=tag)
        links[claim_id].append(shared[tag_id])
    for claim in claims:
        claim.tag_links = links.get(claim.pk, [])
    return claims


def fetch_rows(claims: QuerySet[Claim], *, talk: Talk | None = None) -> list[Claim]:
    """``claims`` read with just what a row shows: speaker, talk, translations and tags.

    ``talk``: every claim is of this talk (the talk page), which is then not joined again per claim,
    and its speakers are the talk's (``talk.talk_speakers``, prefetched with their speaker), one
    object each, rather than a Speaker built per claim row (a hundred model instances a page);
    a claim by someone not named on the talk has its speaker read in one more query.
    """
    if talk is None:
        return attach_tags(list(row_queryset(claims)))
    rows = list(row_queryset(claims, with_talk=False, with_speaker=False))
    speakers = {link.speaker_id: link.speaker for link in talk.talk_speakers.all()}
    missing = {claim.speaker_id for claim in rows} - set(speakers) - {None}
    if missing:
        speakers.update(Speaker.objects.only("id", "name", "slug").in_bulk(missing))
    for claim in rows:
        claim.talk = talk
        claim.speaker = speakers.get(claim.speaker_id)
    return attach_tags(rows)
