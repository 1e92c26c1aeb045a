"""Helpers the page views share: pagination and the claim filter form."""

import html
import re
from functools import lru_cache

from django import forms
from django.core.paginator import Page, Paginator
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from notes.models import ClaimKind, Language, Speaker

CLAIMS_PER_PAGE = 25
TALKS_PER_PAGE = 30
SPEAKERS_PER_PAGE = 60
MAX_PARAM_LENGTH = 500
MAX_PAGE = 10**9
_ASCII_DIGITS = re.compile(r"[0-9]{1,9}")
MAX_TAGS = 10  # tags combine with AND, one EXISTS probe each: more would only slow the query down


def _clean(value: str) -> str:
    # PostgreSQL refuses NUL characters in text; nobody types them, so they are dropped.
    return value.replace("\x00", "").strip()[:MAX_PARAM_LENGTH]


def ascii_int(raw: str | None, *, maximum: int) -> int | None:
    """``raw`` as a whole number if it is 1 to 9 ASCII digits and at most ``maximum``; else None.

    ``str.isdigit()`` and ``int()`` accept "²", "٣", "３" or "1_000" (and disagree on some), so a
    page number is checked against [0-9] itself; nine digits keep the value far from any overflow.
    """
    if raw is None or not _ASCII_DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if value <= maximum else None


def text_param(request, name: str) -> str:
    """A GET parameter as clean text: NUL characters dropped, trimmed, at most 500 characters."""
    return _clean(request.GET.get(name, ""))


def list_param(request, name: str, limit: int = MAX_TAGS) -> list[str]:
    """A repeatable GET parameter, each value cleaned, blanks dropped, at most ``limit`` values."""
    values = [_clean(value) for value in request.GET.getlist(name)]
    return [value for value in values if value][:limit]


class CountedPaginator(Paginator):
    """A Paginator told the number of items (from a counter row) instead of counting them."""

    def __init__(self, items, per_page: int, *, count: int):
        super().__init__(items, per_page)
        self.__dict__["count"] = count  # fills the cached_property Paginator.count


def paginate(request, items, per_page: int, count: int | None = None) -> Page:
    """The page of ``items`` the request asks for; a bad or out-of-range ``page`` gives the nearest page.

    ``count``, when known (a counter row), saves counting the items.
    """
    if count is not None:
        paginator = CountedPaginator(items, per_page, count=count)
    else:
        paginator = Paginator(items, per_page)
    return paginator.get_page(ascii_int(request.GET.get("page"), maximum=MAX_PAGE))


class PlainSelect(forms.Select):
    """A select rendered in Python, the same markup as Django's.

    Django renders every option through a template: a theme's speaker choices (hundreds of names)
    took longer than the rest of the page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        values = value if isinstance(value, list | tuple) else [value]
        chosen = {"" if v is None else str(v) for v in values}
        # Escaped with the standard library's html.escape (what django.utils.html.escape calls):
        # format_html per option cost 60 µs, and a busy theme has thousands of speakers, whose
        # options are the same markup on every request (_plain_option, cached).
        options = "".join(
            _option(key, label, str(key) in chosen)
            if type(key) is not str or type(label) is not str or key in chosen
            else _plain_option(key, label)
            for key, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),
        )


def _option(key, label, selected: bool) -> str:
    return (
        f'<option value="{_escape(key)}"{" selected" if selected else ""}>{_escape(label)}</option>'
    )


@lru_cache(maxsize=16384)
def _plain_option(key: str, label: str) -> str:
    """An option not selected, for plain strings only: a lazy label would be cached in the
    language it was first rendered in."""
    return _option(key, label, False)


def _escape(value) -> str:
    """``value`` as HTML text: escaped, unless it is already safe HTML (conditional_escape's rule)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class ListedChoices(BaseChoiceIterator):
    """Choices already given as (value, label) pairs.

    Django normalises a plain list of choices pair by pair, twice (field and widget): 35 ms for a
    busy theme's thousands of speakers. An iterator of choices is taken as it is.
    """

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


class ClaimFilterForm(forms.Form):
    """Narrow a list of claims by speaker, language and kind (GET parameters, all optional)."""

    speaker = forms.ChoiceField(label=_("Speaker"), required=False, widget=PlainSelect)
    lang = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("any language")), *Language.choices],
        widget=PlainSelect,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("any kind")), *ClaimKind.choices],
        widget=PlainSelect,
    )

    def __init__(self, data, *, speakers):
        """``speakers``: the choices, anything with ``slug`` and ``name`` (a model or a row)."""
        super().__init__(data)
        self.speakers = {speaker.slug: speaker for speaker in speakers}
        self.fields["speaker"].choices = ListedChoices(
            [("", _("any speaker"))] + [(speaker.slug, speaker.name) for speaker in speakers]
        )

    def selected(self) -> tuple[Speaker | None, str, str]:
        """(speaker, language, kind) from the valid fields; an invalid field counts as unset."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        speaker = self.speakers.get(cleaned.get("speaker") or "")
        return speaker, cleaned.get("lang") or "", cleaned.get("kind") or ""
