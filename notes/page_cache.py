"""A whole-response cache of the public site for anonymous visitors, and its invalidation.

An anonymous GET of a public page (the ``notes`` URL namespace: pages, feeds, the JSON API) is
answered from the cache when the same page was rendered for the same (host, path, query string,
interface language, content generation). The content generation (notes.services.generation) is
renewed by every change to public content: ``refresh_counts`` renews it inside the changing
transaction, and this middleware renews it after every successful change request (POST and the
like) a logged-in user made, which is every change made through the admin. A cached answer costs
one query: reading the generation.

Anyone with a session (a logged-in curator) or pending messages is never served nor stored. The
middleware sits inside the locale, CSRF and security-header middleware, so a cached answer still
gets its Content-Language, Vary, CSP and CSRF cookie from them; the CSRF token in the page's
language form is the visitor's own (the stored page holds a placeholder).
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve

from notes.services.generation import bump_generation, current_generation

CACHE_ALIAS = "pages"
MAX_BODY = 512 * 1024  # larger answers (a sitemap, a long API page) are not worth the memory
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
_TOKEN_SLOT = b"\x00kb-csrf-token\x00"


def _enabled() -> bool:
    return getattr(settings, "KB_PAGE_CACHE", True)


def _is_public_page(request) -> bool:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return "notes" in match.namespaces


def _anonymous(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def cache_key(request, generation: str) -> str:
    """The key of a page: host, path, query string, interface language and content generation."""
    parts = [
        request.get_host(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        getattr(request, "LANGUAGE_CODE", ""),
        generation,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"kb-page:{digest}"


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and len(response.content) <= MAX_BODY
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _stored(response) -> dict:
    body = _TOKEN.sub(rb"\1" + _TOKEN_SLOT + rb"\2", response.content)
    return {"status": response.status_code, "headers": dict(response.headers), "body": body}


def _answer(request, stored: dict) -> HttpResponse:
    body = stored["body"]
    if _TOKEN_SLOT in body:
        body = body.replace(_TOKEN_SLOT, get_token(request).encode("ascii"))
    response = HttpResponse(body, status=stored["status"])
    for name, value in stored["headers"].items():
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(body))
    return response


class PublicPageCacheMiddleware:
    """Serves and stores anonymous GETs of public pages; renews the generation after changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in UNSAFE_METHODS:
            response = self.get_response(request)
            if response.status_code < 400 and not _anonymous(request):
                bump_generation()  # an admin change (rename, delete, visibility, merge…)
            return response
        cacheable = (
            _enabled()
            and request.method == "GET"
            and _anonymous(request)
            and _is_public_page(request)
        )
        if not cacheable:
            return self.get_response(request)
        key = cache_key(request, current_generation())
        cache = caches[CACHE_ALIAS]
        stored = cache.get(key)
        if stored is not None:
            return _answer(request, stored)
        response = self.get_response(request)
        if _storable(response):
            cache.set(key, _stored(response))
        return response
