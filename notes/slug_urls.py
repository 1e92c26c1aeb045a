"""Reversing URLs that carry a slug, without letting one unroutable slug break a whole listing."""

from django.urls import NoReverseMatch, reverse


def reverse_slug(viewname: str, slug: str, fallback: str) -> str:
    """The URL of ``viewname`` for ``slug``, or of the listing ``fallback`` if the slug cannot route.

    Slugs are validated where they come in (forms, the importer's slugify, the export check), but a
    row edited around them, say ``bad/slug``, must cost one dead link rather than a 500 on every
    page that lists it.
    """
    try:
        return reverse(viewname, args=[slug])
    except NoReverseMatch:
        return reverse(fallback)
