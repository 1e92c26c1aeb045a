"""Security headers on every response, and public pages that only read (POST → 405)."""

import pytest

CSP = "Content-Security-Policy"


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in parts}


@pytest.mark.parametrize("url", ["/", "/talks/", "/api/talks/", "/feeds/claims/", "/admin/login/"])
def test_strict_csp_and_policies_on_every_response(client, kb, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response[CSP])
    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"  # imported summaries' third-party images stay out
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response[CSP] and "unsafe-eval" not in response[CSP]
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def public_urls(kb):
    return [
        "/",
        f"/themes/{kb.generalization.slug}/",
        "/talks/",
        f"/talks/{kb.talk.slug}/",
        "/speakers/",
        f"/speakers/{kb.ilya.slug}/",
        f"/claims/{kb.english.pk}/",
        "/tags/",
        "/search/",
        "/feeds/claims/",
        f"/feeds/tags/{kb.scaling.slug}/",
        "/api/talks/",
        "/api/claims/",
        "/sitemap.xml",
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_pages_refuse_writes_with_405(client, kb, method):
    for url in public_urls(kb):
        response = getattr(client, method)(url, {"q": "x"})
        assert response.status_code == 405, (method, url)
        assert "GET" in response["Allow"]


def test_reading_methods_still_answer(client, kb):
    for url in public_urls(kb):
        assert client.head(url).status_code == 200, url
        assert client.options(url).status_code in (200, 405), url


def test_the_language_switch_still_posts(client, kb):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
