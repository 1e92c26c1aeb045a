"""The search page: ranked claims with highlights, matching talks, and the query syntax."""

from django.shortcuts import render

from notes.search import search_claims
from notes.views.common import MAX_PAGE, ascii_int, text_param

RESULTS_PER_PAGE = 20


def page_number(value: str | None) -> int:
    """A 1-based page number from a GET parameter; anything but ASCII digits is page 1."""
    return max(1, ascii_int(value, maximum=MAX_PAGE) or 1)


def search(request):
    """Results for ``?q=``; an empty query shows how to search instead."""
    query = text_param(request, "q")
    results = None
    if query:
        results = search_claims(
            query,
            public_only=True,
            page=page_number(request.GET.get("page")),
            per_page=RESULTS_PER_PAGE,
        )
    return render(request, "notes/search.html", {"query": query, "results": results})
