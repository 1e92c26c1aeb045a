"""XSS, executed: payload lines imported through the admin (a zip whose file names carry them too)
into every carrier a note has, then every page that shows them opened in Chromium with traps on
alert/confirm/prompt/print, dialogs, console errors and navigations, every element focused and
poked with synthetic events. Zero executions, zero active elements.

The default run takes a seeded sample (KB_XSS_SAMPLE lines, 150 unless set); scripts/xss_sweep.py
runs it with every line and every page (KB_XSS_SAMPLE=0, KB_XSS_PAGES_PER_KIND=0). The CSP is bypassed here, so kb's escaping and nh3
sanitising alone are tested; tests/browser/test_csp.py checks the policy itself.
"""

import os
import time

import pytest

from .xss_harness import (
    PER_NOTE,
    Sweeper,
    admin_paths,
    capped,
    payload_lines,
    public_paths,
    sample,
    zip_batches,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "a-long-passphrase-for-the-sweep"


def _import_through_the_admin(sweeper, zips, tmp_path):
    for number, data in enumerate(zips):
        path = tmp_path / f"payloads-{number}.zip"
        path.write_bytes(data)
        sweeper._current = "/admin/notes/importrun/import/"
        sweeper.page.goto(sweeper.base_url + "/admin/notes/importrun/import/")
        sweeper.page.set_input_files("input[type=file]", str(path))
        # a big zip's preview outlasts Playwright's 30 s wait for the navigation a click starts
        sweeper.page.click("form[enctype] [type=submit]", no_wait_after=True)
        sweeper.page.wait_for_selector(".import-preview", timeout=600_000)
        sweeper._current = f"import preview {number}"
        sweeper.check("import preview")
        sweeper.page.click("input[name=confirm]", no_wait_after=True)
        sweeper.page.wait_for_url("**/admin/notes/importrun/*/change/", timeout=600_000)
        sweeper._current = f"import result {number}"
        sweeper.check("import result")


def test_no_payload_runs_on_any_page(browser, live_server, django_user_model, tmp_path):
    from notes.models import Claim, Talk

    started = time.monotonic()
    lines = sample(payload_lines(), int(os.environ.get("KB_XSS_SAMPLE", "150")))
    django_user_model.objects.create_superuser("curator", "c@example.org", PASSWORD)
    sweeper = Sweeper(browser, live_server.url)
    sweeper.login("curator", PASSWORD)
    _import_through_the_admin(sweeper, zip_batches(lines), tmp_path)
    assert Talk.objects.count() >= len(lines) // PER_NOTE * 0.9  # the payloads did reach the pages
    assert Claim.objects.exists()
    per_kind = int(os.environ.get("KB_XSS_PAGES_PER_KIND", "3"))
    for kind, path in capped(admin_paths() + public_paths(), per_kind):
        sweeper.check(kind, path)
    tally = sweeper.tally
    sweeper.close()
    print("\nxss sweep:", tally.line(len(lines), time.monotonic() - started))
    print("\n".join(tally.executions[:20] + tally.active[:20] + tally.console_errors[:20]))
    assert tally.executions == []
    assert tally.active == []
    assert tally.navigations == []
    assert tally.console_errors == []
    assert {
        "talk",
        "speaker",
        "tag",
        "feed",
        "api",
        "admin form",
        "review",
        "import preview",
    } <= set(tally.kinds)


def test_the_traps_catch_a_payload_that_runs(browser, live_server):
    """The sweep can fail: markdown written to a summary unsanitised is caught at once."""
    from tests.factories import SummaryFactory

    summary = SummaryFactory()
    summary.html = (
        '<p><img src="/nowhere.png" onerror="alert(1)"><a href="javascript:prompt(2)">x</a></p>'
    )
    summary.save()
    sweeper = Sweeper(browser, live_server.url)
    sweeper.check("talk", summary.talk.get_absolute_url())
    tally = sweeper.tally
    sweeper.close()
    assert any("alert(1)" in found for found in tally.executions), tally.executions
    assert any("onerror" in found for found in tally.active), tally.active
    assert any("javascript:prompt" in found for found in tally.active), tally.active
