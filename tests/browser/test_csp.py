"""The Content-Security-Policy in force in Chromium: no violation on public or admin pages."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Records every violation the page reports, before any of its own code runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


NOTE = b"# A previewed talk\n\n- One point to preview.\n"


class EnforcedPage:
    """A page with kb's CSP enforced (no bypass) that collects violations and CSP console lines."""

    def __init__(self, browser, base_url):
        self.context = browser.new_context(locale="en-US")
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.console: list[str] = []
        self.page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.console.append(message.text)

    def visit(self, path: str) -> list[str]:
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response.status < 400, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_timeout(50)  # violation events are dispatched asynchronously
        return self.page.evaluate("() => window.__cspViolations") + self.console


@pytest.fixture
def enforced(browser, live_server):
    page = EnforcedPage(browser, live_server.url)
    yield page
    page.context.close()


def test_no_csp_violation_on_public_pages(enforced, site_paths):
    violations = {name: enforced.visit(path) for name, path in site_paths.items()}
    assert {name: found for name, found in violations.items() if found} == {}


def test_no_csp_violation_in_the_admin(enforced, site, django_user_model):
    django_user_model.objects.create_superuser("curator", "c@example.org", "a-long-passphrase")
    assert enforced.visit("/admin/login/") == []
    enforced.page.fill("#id_username", "curator")
    enforced.page.fill("#id_password", "a-long-passphrase")
    enforced.page.click("input[type=submit]")
    enforced.page.wait_for_url(f"{enforced.base_url}/admin/")
    paths = [
        "/admin/",
        "/admin/notes/talk/",
        f"/admin/notes/talk/{site['talk'].pk}/change/",
        "/admin/notes/claim/",
        f"/admin/notes/claim/{site['first'].pk}/change/",
        "/admin/notes/claim/review/",
        "/admin/notes/speaker/",
        f"/admin/notes/speaker/{site['ilya'].pk}/change/",
        "/admin/notes/importrun/",
        "/admin/notes/importrun/import/",
    ]
    violations = {path: enforced.visit(path) for path in paths}
    # The import preview (step 2 of the import page) is the answer to a POST.
    enforced.page.set_input_files(
        "input[type=file]",
        files=[{"name": "a.md", "mimeType": "text/markdown", "buffer": NOTE}],
    )
    enforced.page.click("form[enctype] [type=submit]")
    enforced.page.wait_for_selector(".import-preview")
    enforced.page.wait_for_timeout(50)
    violations["import preview"] = (
        enforced.page.evaluate("() => window.__cspViolations") + enforced.console
    )
    enforced.page.click("input[name=confirm]")
    enforced.page.wait_for_url("**/admin/notes/importrun/*/change/")
    enforced.page.wait_for_timeout(50)
    violations["import result"] = (
        enforced.page.evaluate("() => window.__cspViolations") + enforced.console
    )
    assert {path: found for path, found in violations.items() if found} == {}


def test_a_third_party_image_in_a_summary_is_blocked(enforced, site):
    summary = site["talk"].summaries.get()
    summary.html += '<p><img src="https://tracker.example.net/pixel.png" alt="pixel"></p>'
    summary.save()
    violations = enforced.visit(site["talk"].get_absolute_url())
    assert any("img-src" in v and "tracker.example.net" in v for v in violations), violations
