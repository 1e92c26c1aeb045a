"""Reversing URLs that carry a slug or an id, fast, without letting one unroutable slug break a
whole listing.

A listing page links every row to its claim, talk, speaker and tags: a hundred ``reverse()`` calls,
each matching the URL patterns again. The URL of a ``<str:…>`` or ``<int:…>`` route is its prefix,
the value quoted as ``reverse()`` quotes it, and its suffix: the two halves are found once per route
(by reversing a marker) and reused.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

_MARKER = "kb-url-marker"
_ID_MARKER = 918273645546372819  # an <int:…> route's marker: digits no real prefix holds
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


@lru_cache(maxsize=64)
def _halves(viewname: str, marker, script_prefix: str, urlconf) -> tuple[str, str]:
    url = reverse(viewname, args=[marker], urlconf=urlconf)
    head, _, tail = url.partition(str(marker))
    return head, tail


def fast_reverse(viewname: str, value) -> str:
    """``reverse(viewname, args=[value])`` for a route with one ``<str:…>`` part.

    Raises NoReverseMatch where reverse() would: an empty value, or one holding a "/".
    """
    text = str(value)
    if not text or "/" in text:
        raise NoReverseMatch(f"{viewname!r} with {text!r}")
    head, tail = _halves(viewname, _MARKER, get_script_prefix(), get_urlconf())
    return f"{head}{quote(text, safe=_SAFE)}{tail}"


def fast_reverse_id(viewname: str, pk: int) -> str:
    """``reverse(viewname, args=[pk])`` for a route with one ``<int:…>`` part (``pk`` ≥ 0)."""
    if not isinstance(pk, int) or pk < 0:
        return reverse(viewname, args=[pk])
    head, tail = _halves(viewname, _ID_MARKER, get_script_prefix(), get_urlconf())
    return f"{head}{pk}{tail}"


def reverse_slug(viewname: str, slug: str, fallback: str) -> str:
    """The URL of ``viewname`` for ``slug``, or of the listing ``fallback`` if the slug cannot route.

    Slugs are validated where they come in (forms, the importer's slugify, the export check), but a
    row edited around them, say ``bad/slug``, must cost one dead link rather than a 500 on every
    page that lists it.
    """
    try:
        return fast_reverse(viewname, slug)
    except NoReverseMatch:
        return reverse(fallback)
