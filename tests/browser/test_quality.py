"""Every page: no console errors, no serious/critical axe-core violations, no sideways scroll at 375px."""

import pytest

# serialized_rollback: the live server needs committed data; the seeded themes come back after each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_no_console_errors_on_any_page(web, site_paths):
    for name, path in site_paths.items():
        response = web.visit(path)
        assert response.status == 200, name
    assert web.errors == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_serious_accessibility_violations(web, site_paths, language):
    if language != "en":
        web.context.add_cookies(
            [{"name": "django_language", "value": language, "url": web.base_url}]
        )
    found = {}
    for name, path in {**site_paths, "not found": "/no/such/page/"}.items():
        web.visit(path)
        violations = web.axe_violations()
        if violations:
            found[name] = violations
    assert found == {}


def test_phone_viewport_has_no_horizontal_scroll(phone, site_paths):
    overflowing = {}
    for name, path in {**site_paths, "not found": "/no/such/page/"}.items():
        phone.visit(path)
        overflow = phone.horizontal_overflow()
        if overflow > 0:
            overflowing[name] = overflow
    assert overflowing == {}
    assert phone.page.evaluate("() => window.innerWidth") == 375
