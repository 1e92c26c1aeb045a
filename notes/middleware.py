"""HTTP hardening: security headers on every response, a public site that only reads, and a busy
database answered with one sentence.

A small middleware rather than django-csp: the policy is one fixed string with no nonces (kb serves
no inline script or style), so a dependency would add settings without adding safety. See
docs/decisions.md, "Security headers", and docs/security.md.
"""

import logging

from django.http import HttpResponseNotAllowed
from django.shortcuts import render

from notes.busy import busy_sentence, is_busy_error

logger = logging.getLogger(__name__)

# No inline script or style anywhere (templates link static files); images from kb itself or data:
# URLs only, so a third-party image in an imported summary never loads (no tracking, no leak of
# who reads what). frame-ancestors replaces X-Frame-Options for browsers that know it.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# kb uses none of these browser features; saying so stops embedded content from asking for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)
READ_METHODS = ("GET", "HEAD")


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy (Referrer-Policy is Django's setting)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ReadOnlyPublicSiteMiddleware:
    """The public site (the ``notes`` URL namespace) answers GET and HEAD only; anything else is 405.

    Runs before CSRF checking, so a POST to a public page is refused as a method, not as a forgery.
    The admin and the language switch (outside the namespace) keep their forms.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match and "notes" in match.namespaces and request.method not in READ_METHODS:
            return HttpResponseNotAllowed(READ_METHODS)
        return None


class DatabaseBusyMiddleware:
    """A view that met a locked database (another writer held it past the busy timeout) answers 503
    with one sentence and a Retry-After, never a traceback; nothing was saved (the view's
    transaction rolled back), so sending the form again is safe."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy_error(exception):
            return None
        logger.warning("Database busy on %s %s", request.method, request.path)
        response = render(request, "503_busy.html", {"sentence": busy_sentence()}, status=503)
        response["Retry-After"] = "5"
        return response
