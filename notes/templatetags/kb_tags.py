"""Template helpers for the public site: times, dates, moment links, languages, pagination."""

import html
from functools import lru_cache

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from notes import claim_rows, points

register = template.Library()


@register.filter
def hms(seconds) -> str:
    """Seconds as a clock reading: 5000 → "1:23:20", 1400 → "23:20", 7 → "0:07"; None → ""."""
    if seconds is None or seconds == "":
        return ""
    try:
        total = int(seconds)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(max(total, 0), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def _zh_interface() -> bool:
    return (get_language() or "").lower().startswith("zh")


@register.filter
def tag_name(tag) -> str:
    """A tag's name in the interface language: a theme's Chinese name in the Chinese interface."""
    if tag is None:
        return ""
    if _zh_interface() and getattr(tag, "name_zh", ""):
        return tag.name_zh
    return tag.name


@register.filter
def tag_description(tag) -> str:
    """A tag's description in the interface language: the Chinese one in the Chinese interface."""
    if tag is None:
        return ""
    if _zh_interface() and getattr(tag, "description_zh", ""):
        return tag.description_zh
    return tag.description


@register.filter
def html_lang(language: str) -> str:
    """The ``lang`` attribute for a claim or summary language ("mixed" text is Chinese with English terms).

    "other" (Korean, Russian…) gives "" — the language is unknown, which is better than a wrong one.
    """
    if language == "other":
        return ""
    return "en" if language == "en" else "zh"


@register.simple_tag
def interface_lang() -> str:
    """The ``lang`` attribute for the interface itself ("zh-Hans" or "en")."""
    return "zh-Hans" if _zh_interface() else "en"


@register.filter
def talk_date(talk) -> str:
    """A talk's date as precise as it is known (day, month or year), written per interface language:
    "Nov. 25, 2025" / "2025年11月25日", "2025年" for a year."""
    if talk is None or talk.published is None:
        return ""
    return _written_date(talk.published, talk.published_precision, get_language())


@lru_cache(maxsize=4096)
def _written_date(published, precision: str, language: str | None) -> str:
    # A listing writes a date per row, and date_format() looks its format up each time; the
    # text depends only on the date, its precision and the interface language (the active one).
    if precision == "year":
        return f"{published.year}年" if _zh_interface() else str(published.year)
    if precision == "month":
        return date_format(published, "YEAR_MONTH_FORMAT")
    return date_format(published, "DATE_FORMAT")


@register.filter
def talk_date_iso(talk) -> str:
    """The ``datetime`` attribute matching :func:`talk_date`: 2024, 2024-03 or 2024-03-12."""
    if talk is None or talk.published is None:
        return ""
    if talk.published_precision == "year":
        return f"{talk.published.year:04d}"
    if talk.published_precision == "month":
        return talk.published.strftime("%Y-%m")
    return talk.published.isoformat()


def _esc(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper: safe text as it is, the rest escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _moment(url: str, seconds, label_source: str):
    # f-strings over escaped values rather than format_html: a talk page makes a hundred of these.
    clock = hms(seconds)
    if not clock:
        return ""
    if not url:
        return mark_safe(f'<span class="moment">{_esc(clock)}</span>')
    label = _("Watch from %(time)s") % {"time": clock}
    if label_source:
        label = f"{label} ({label_source})"
    url, label, clock = _esc(url), _esc(label), _esc(clock)
    return mark_safe(
        f'<a class="moment" href="{url}" aria-label="{label}" rel="noopener">{clock}</a>'
    )


@register.simple_tag
def moment_link(claim):
    """The claim's timestamp linked to that moment of the talk (YouTube ``&t=NNNs``), or nothing."""
    return _moment(claim.moment_url(), claim.start_seconds, "")


@register.simple_tag
def section_moment(talk, section):
    """A section's start linked to that moment of ``talk``."""
    return _moment(talk.moment_url(section.start_seconds), section.start_seconds, section.heading)


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current URL with ``page`` set to ``number`` and every other GET parameter kept."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.inclusion_tag("notes/includes/pagination.html", takes_context=True)
def pagination(context, number, num_pages):
    """Previous / next links and "page N of M", keeping the page's filters in the links."""
    params = context["request"].GET.copy()

    def url_for(n):
        params["page"] = n
        return "?" + params.urlencode()

    return {
        "number": number,
        "num_pages": num_pages,
        "previous_url": url_for(number - 1) if number > 1 else "",
        "next_url": url_for(number + 1) if number < num_pages else "",
        "first_url": url_for(1) if number > 2 else "",
        "last_url": url_for(num_pages) if number < num_pages - 1 else "",
    }


@register.simple_tag
def point_versions(claim, language: str = ""):
    """A claim and its visible translation, the version in the interface language first."""
    return points.point_versions(claim, language)


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or None: for dicts keyed by a claim id."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def claim_row(
    claim, show_speaker=False, show_talk=False, show_tags=False, highlights=None, reasons=None
):
    """One point of a listing (see notes.claim_rows): ``{% claim_row claim show_tags=True %}``."""
    return claim_rows.claim_row(
        claim,
        show_speaker=bool(show_speaker),
        show_talk=bool(show_talk),
        show_tags=bool(show_tags),
        highlights=highlights,
        reasons=reasons,
        moment=moment_link(claim),
        zh=_zh_interface(),
    )


@register.simple_tag
def claim_list(claims, show_speaker=False, show_talk=False, show_tags=False):
    """Every claim of ``claims`` as :func:`claim_row` gives it, in one tag: a talk's hundred rows
    cost their page more through a tag each (its arguments resolved per row) than as one list."""
    zh = _zh_interface()
    rows = (
        claim_rows.claim_row(
            claim,
            show_speaker=bool(show_speaker),
            show_talk=bool(show_talk),
            show_tags=bool(show_tags),
            moment=moment_link(claim),
            zh=zh,
        )
        for claim in claims
    )
    return mark_safe("".join(rows))  # each row is escaped by claim_rows.claim_row


@register.simple_tag
def speaker_talk_rows(talks) -> str:
    """The rows of a speaker's talks section: each (talk, role) as its link, date and role.

    Written in Python like the claim rows (notes.claim_rows): fifty rows through the template
    engine cost a busy speaker's page more than its queries.
    """
    rows = []
    for talk, role in talks:
        date = ""
        if talk.published:
            date = format_html(
                '<time datetime="{}">{}</time>', talk_date_iso(talk), talk_date(talk)
            )
        rows.append(
            format_html(
                '<li class="talk-row"><a class="talk-title" href="{}">{}</a>\n'
                '      <span class="talk-meta">{} <span class="role">{}</span></span></li>',
                talk.get_absolute_url(),
                talk.title,
                date,
                role,
            )
        )
    return mark_safe("\n".join(rows))
