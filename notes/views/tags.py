"""The tags page: every tag with counts; ``?tag=a&tag=b`` narrows to claims carrying all of them."""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from notes import facets, lists, queries
from notes.services.redirects import current_tag_slugs
from notes.views.common import CLAIMS_PER_PAGE, list_param, paginate


def _tags_url(slugs, base: str = "") -> str:
    base = base or reverse("notes:tags")
    return f"{base}?{urlencode([('tag', slug) for slug in slugs])}" if slugs else base


def tag_index(request):
    """Tags with claim counts; with tags chosen, the claims carrying ALL of them and updated facets.

    Facet counts are over the narrowed claims (a capped sample of them), so every facet link leads
    to a non-empty page; without a tag chosen they are the counter rows.
    """
    asked = list_param(request, "tag")
    selected, unknown = queries.resolve_tags(asked)
    renamed = current_tag_slugs(unknown) if unknown else {}
    if renamed:  # a merged tag's old slug: the same page under the surviving tag's slug
        return HttpResponsePermanentRedirect(
            _tags_url(list(dict.fromkeys(renamed.get(slug, slug) for slug in asked)))
        )
    slugs = [tag.slug for tag in selected]
    filters = queries.ClaimFilters(tags=selected)
    listing = lists.claim_listing(filters, rows=True) if selected else None
    if listing is None:
        counted = facets.tag_counts()
    else:
        capped = listing.count_is_capped or listing.total > lists.FACET_SAMPLE
        counted = facets.sampled_facets(
            filters, capped=capped, exclude=selected, sample=listing.sample
        )
    base = reverse("notes:tags")
    facet_links = [
        {"facet": facet, "add_url": _tags_url([*slugs, facet.tag.slug], base)} for facet in counted
    ]
    chosen = [
        {"tag": tag, "remove_url": _tags_url([s for s in slugs if s != tag.slug])}
        for tag in selected
    ]
    page = None
    if listing is not None:
        page = paginate(request, listing, CLAIMS_PER_PAGE)
    # Tags asked for and none of them public: there is no such page (draft-only tags included).
    status = 404 if unknown and not selected else 200
    return render(
        request,
        "notes/tags.html",
        {
            "chosen": chosen,
            "unknown": unknown,
            "facets": facet_links,
            "page_obj": page,
            "count_is_capped": bool(listing and listing.count_is_capped),
            "feed_tag": selected[0] if len(selected) == 1 else None,
        },
        status=status,
    )
