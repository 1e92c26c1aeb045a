"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

No Chromium at /usr/bin/chromium → the tests are skipped, unless KB_REQUIRE_BROWSER=1 (as in CI),
which turns the skip into a failure. axe-core comes from node_modules (`npm ci`, package.json).
"""

import datetime as dt
import os
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def _missing(what: str):
    if os.environ.get("KB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{what} (KB_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(what)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Playwright's sync API keeps an event loop running in this thread, and Django refuses ORM calls
    from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set (safe here: the tests
    are single-threaded). The variable is set only while a browser module runs, so it never leaks
    into other tests (or into subprocesses they start, e.g. `manage.py check --deploy`).
    """
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class BrowserPage:
    """A Playwright page that records console errors and uncaught exceptions."""

    def __init__(self, context, base_url: str):
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def visit(self, path: str):
        """Open ``path`` on the live server and return the response."""
        return self.page.goto(self.base_url + path, wait_until="load")

    def axe_violations(self, impacts=("serious", "critical")) -> list[dict]:
        """axe-core's violations of the given impacts on the current page."""
        if not AXE_JS.exists():
            _missing(f"{AXE_JS} is missing: run `npm ci` in the project")
        self.page.add_script_tag(path=str(AXE_JS))
        violations = self.page.evaluate(
            """async () => {
                const result = await axe.run(document, {resultTypes: ['violations']});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                }));
            }"""
        )
        return [v for v in violations if v["impact"] in impacts]

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than the viewport (0 = no horizontal scroll)."""
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )


def _open(browser, live_server, viewport):
    # bypass_csp: axe-core is injected as an inline script, which kb's policy rightly refuses;
    # tests/browser/test_csp.py opens its own contexts with the policy enforced.
    context = browser.new_context(viewport=viewport, locale="en-US", bypass_csp=True)
    return BrowserPage(context, live_server.url)


@pytest.fixture
def web(browser, live_server):
    """A desktop-sized page on the live server."""
    page = _open(browser, live_server, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized (375×740) page on the live server."""
    page = _open(browser, live_server, PHONE)
    yield page
    page.context.close()


@pytest.fixture
def site():
    """A small knowledge base: two themes, a YouTube talk with an English/Chinese pair, tags, search index."""
    from notes.models import Claim, ClaimKind, ClaimRelation, Language, TalkSpeaker
    from notes.search import index_claims
    from notes.services.counters import recount_all
    from tests.factories import ClaimFactory, SpeakerAliasFactory, SpeakerFactory, TagFactory
    from tests.site.builders import (
        make_theme,
        section_in,
        tag_claim,
        talk_with_speaker,
        translated_pair,
        youtube_talk,
    )

    generalization = make_theme("generalization", "Generalization", "泛化", position=0)
    robotics = make_theme("robotics", "Robotics", "机器人", position=12)
    scaling = TagFactory(slug="scaling", name="scaling")
    ilya = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    SpeakerAliasFactory(speaker=ilya, alias="伊利亚·苏茨克维")
    host = SpeakerFactory(name="Dwarkesh Patel", slug="dwarkesh-patel")

    talk = youtube_talk(
        "abcdefghijk",
        title="Ilya Sutskever on why models generalize worse than people",
        slug="ilya-generalization",
        published=dt.date(2025, 11, 25),
        duration_seconds=5720,
    )
    talk, summary, _ = talk_with_speaker(ilya, talk=talk)
    TalkSpeaker.objects.create(talk=talk, speaker=host, role=TalkSpeaker.Role.HOST)
    summary.html = (
        "<h2>Overview</h2><p>Pre-training gave breadth; generalization is still the gap. "
        "See https://example.org/a/very/long/address/that/should/wrap/on/a/phone/screen/"
        "without/scrolling/sideways/at/all for the transcript.</p>"
    )
    summary.save()
    section = section_in(summary, "Why models generalize worse", 1400)
    first = ClaimFactory(
        summary=summary,
        speaker=ilya,
        section=section,
        start_seconds=1400,
        text="Models generalize dramatically worse than people, and that is the central problem.",
    )
    tag_claim(first, generalization, scaling, reason='keyword "generaliz"')
    english, chinese = translated_pair(
        summary,
        ilya,
        "Emotions act like a value function that tells you how well things are going.",
        "情绪就像一个价值函数，告诉你事情进展得好不好，这与泛化有关。",
        generalization,
    )
    english.start_seconds = chinese.start_seconds = 2100
    english.save()
    chinese.save()

    other, other_summary, karpathy = talk_with_speaker(
        SpeakerFactory(name="Andrej Karpathy", slug="andrej-karpathy"),
        title="Karpathy: agents need a decade",
        slug="karpathy-agents",
        url="https://example.org/karpathy-agents",
        published=dt.date(2025, 10, 17),
    )
    robot = ClaimFactory(
        summary=other_summary,
        speaker=karpathy,
        text="机器人要在物理世界里学习，泛化比在屏幕上难得多。",
        language=Language.ZH,
        kind=ClaimKind.HIGHLIGHT,
        start_seconds=600,
    )
    tag_claim(robot, robotics, generalization)
    # A curator's pair on the generalization theme: its "where they agree and disagree" section.
    ClaimRelation.objects.create(source=robot, target=first, kind=ClaimRelation.Kind.REFINES)
    index_claims(Claim.objects.values_list("pk", flat=True))
    recount_all()  # the factories bypass the services that keep the counters
    return {
        "generalization": generalization,
        "robotics": robotics,
        "talk": talk,
        "other": other,
        "first": first,
        "robot": robot,
        "english": english,
        "chinese": chinese,
        "ilya": ilya,
    }


@pytest.fixture
def site_paths(site):
    """Every kind of public page, as paths."""
    return {
        "home": "/",
        "theme": site["generalization"].get_absolute_url(),
        "talks": "/talks/",
        "talk": site["talk"].get_absolute_url(),
        "speakers": "/speakers/",
        "speaker": site["ilya"].get_absolute_url(),
        "claim": site["english"].get_absolute_url(),
        "tags": "/tags/",
        "tags narrowed": "/tags/?tag=generalization&tag=scaling",
        "search help": "/search/",
        "search results": "/search/?q=%E6%B3%9B%E5%8C%96",
    }
