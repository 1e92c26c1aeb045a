"""The executed-XSS sweep: payload lines placed in every place a note can carry text, imported, and
every page that shows them opened in Chromium with traps for anything a payload could run.

Shared by tests/browser/test_xss_executed.py (a seeded sample) and scripts/xss_sweep.py (every line).
The payload lists are read from ../shared/badinput/ at run time (patt/ and the cujanovic list).
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

SHARED = Path(__file__).resolve().parents[3] / "shared" / "badinput"
PER_NOTE = int(os.environ.get("KB_XSS_PER_NOTE", "5"))  # payload lines carried by one note

# Runs before any script of the page: every way a payload could show it ran is recorded.
TRAPS = """
(() => {
  const calls = [];
  Object.defineProperty(window, '__xssCalls', {value: calls});
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { calls.push(name + '(' + args.map(String).join(',') + ')'); return ''; };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    calls.push('csp ' + e.violatedDirective + ' ' + e.blockedURI);
  });
})();
"""

# Focus, hover and otherwise poke every element, as a visitor (or an event a payload waits for) would.
EVENTS = [
    "focus", "focusin", "blur", "focusout", "mouseover", "mouseenter", "mousemove", "mouseout",
    "mouseleave", "mousedown", "mouseup", "pointerover", "pointerenter", "pointerdown",
    "pointerup", "pointermove", "dblclick", "contextmenu", "keydown", "keypress", "keyup",
    "input", "change", "select", "wheel", "scroll", "copy", "cut", "paste", "drag",
    "dragstart", "dragend", "dragenter", "dragover", "drop", "touchstart", "touchend",
    "animationstart", "animationend", "transitionend", "load", "error", "toggle", "play",
    "beforeinput", "auxclick",
]  # fmt: skip
POKE = """
(events) => {
  let fired = 0;
  for (const el of document.querySelectorAll('*')) {
    try { if (el.focus) el.focus(); } catch (e) {}
    for (const type of events) {
      try { el.dispatchEvent(new Event(type, {bubbles: true, cancelable: true})); fired++; } catch (e) {}
    }
  }
  const active = [];
  // Attributes a browser follows or loads; text attributes (title, value, alt) are inert.
  const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data',
    'poster', 'background', 'srcdoc', 'lowsrc', 'dynsrc', 'codebase', 'srcset', 'ping']);
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      const value = el.getAttribute(attr) || '';
      if (attr.startsWith('on')) active.push(el.tagName + ' ' + attr);
      if (el.tagName === 'LINK' && value === 'data:,') continue;  // kb's empty favicon
      if (URL_ATTRIBUTES.has(attr) && /^\\s*(javascript|vbscript|data):/i.test(value)) {
        active.push(el.tagName + ' ' + attr + '=' + value.slice(0, 40));
      }
    }
  }
  for (const el of document.querySelectorAll('script:not([src]), iframe, object, embed, frame, base, form[action^="javascript"], svg script')) {
    if (el.tagName === 'SCRIPT' && el.type === 'application/json') continue;
    active.push(el.tagName);
  }
  return {fired, active, calls: window.__xssCalls ? window.__xssCalls.slice() : []};
}
"""


@dataclass
class Tally:
    """What a sweep saw: pages opened, events fired, and anything that ran or could run."""

    pages: int = 0
    events: int = 0
    executions: list[str] = field(default_factory=list)  # alert/confirm/prompt/print, dialogs
    active: list[str] = field(default_factory=list)  # on* attributes, javascript: URLs, <script>
    navigations: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)

    def line(self, payloads: int, seconds: float) -> str:
        """The figures, one line."""
        return (
            f"{payloads:,} payload lines, {self.pages:,} pages "
            f"({', '.join(f'{k} {n}' for k, n in sorted(self.kinds.items()))}), "
            f"{self.events:,} synthetic events, {len(self.executions)} executions, "
            f"{len(self.active)} active elements, {len(self.navigations)} navigations, "
            f"{len(self.console_errors)} console errors, {seconds:,.0f} s"
        )


def payload_lines() -> list[str]:
    """Every distinct non-blank payload line of patt/*.txt and the cujanovic list, in file order."""
    files = sorted((SHARED / "patt").glob("*.txt")) + sorted(SHARED.glob("*.txt"))
    seen: dict[str, None] = {}
    for path in files:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                seen.setdefault(line, None)
    return list(seen)


def sample(lines: list[str], size: int, seed: int = 10) -> list[str]:
    """A seeded sample of ``size`` lines (all of them when size is 0 or larger than the list)."""
    if not size or size >= len(lines):
        return lines
    return random.Random(seed).sample(lines, size)


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)  # a JSON string is a YAML double-quoted scalar


def note_for(payloads: list[str], number: int) -> str:
    """One note carrying ``payloads`` in front matter and in every kind of markdown block."""
    first = payloads[0]
    tags = ", ".join(_yaml(p[:60]) for p in payloads)
    body = [f"# {first}", ""]
    for p in payloads:
        body += [
            f"## {p}",
            "",
            f"- {p}",
            f"- **{p}**: a bold lead-in about payload {number}",
            f"- a link [{p}]({p}) and [payload {number}](https://example.org/{number})",
            "",
            f"**{p}**：说话人的一句话，关于第{number}个例子。",
            "",
            f"**Interviewer {number}:** what does {p} do?",
            "",
            f"**{p}**：回答。",
            "",
            p,
            "",
            f"`{p}`",
            "",
            "```",
            p,
            "```",
            "",
            f"> {p}",
            "",
            f"| {p} | cell |",
            "|---|---|",
            f"| {p} | {p} |",
            "",
        ]
    front = [
        "---",
        f"title: {_yaml(first)}",
        f"tags: [{tags}]",
        f'speakers: [{_yaml(first[:60])}, {_yaml(payloads[-1][:60])}, "Ada Lovelace"]',
        f"url: {_yaml(f'https://example.org/talk-{number}?q=' + first[:80])}",
        f"source: {_yaml(first)}",
        "---",
        "",
    ]
    return "\n".join(front + body) + "\n"


ZIP_MEMBERS = 400  # within kb's 500-entry limit


def zip_batches(payloads: list[str]) -> list[bytes]:
    """Zips of notes carrying ``payloads`` (PER_NOTE lines each), each member named after its first
    payload line, so the import preview and result show payloads as file names too."""
    chunks = [payloads[i : i + PER_NOTE] for i in range(0, len(payloads), PER_NOTE)]
    zips = []
    for start in range(0, len(chunks), ZIP_MEMBERS):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for n, chunk in enumerate(chunks[start : start + ZIP_MEMBERS], start=start):
                name = chunk[0].replace("/", "%2F").replace("\\", "%5C").replace("\x00", "")
                archive.writestr(f"notes/{n:05}-{name[:120]}.md", note_for(chunk, n))
        zips.append(buffer.getvalue())
    return zips


def public_paths() -> list[tuple[str, str]]:
    """(kind, path) of every public page, feed and API response showing imported text."""
    from django.urls import reverse

    from notes.models import Claim, Speaker, Talk
    from notes.queries import public_tags

    paths = [("listing", "/"), ("listing", "/talks/"), ("listing", "/speakers/")]
    paths += [("listing", "/tags/"), ("feed", "/feeds/claims/"), ("api", "/api/talks/")]
    paths += [("api", "/api/speakers/"), ("api", "/api/claims/"), ("listing", "/sitemap.xml")]
    for page in range(2, Talk.objects.count() // 20 + 2):
        paths.append(("listing", f"/talks/?page={page}"))
    for talk in Talk.objects.order_by("pk"):
        paths.append(("talk", talk.get_absolute_url()))
        paths.append(("api", reverse("notes:api-talk", args=[talk.slug])))
    for speaker in Speaker.objects.order_by("pk"):
        paths.append(("speaker", speaker.get_absolute_url()))
        paths.append(("feed", reverse("notes:feed-speaker", args=[speaker.slug])))
    for tag in public_tags().order_by("pk"):
        paths.append(("tag", f"/tags/?tag={tag.slug}"))
        paths.append(("feed", reverse("notes:feed-tag", args=[tag.slug])))
    for claim in Claim.objects.order_by("pk")[:: max(1, Claim.objects.count() // 200)]:
        paths.append(("claim", claim.get_absolute_url()))
    for word in ("alert", "script", "onerror", "javascript", "svg"):
        paths.append(("search", f"/search/?q={word}"))
    return paths


def admin_paths() -> list[tuple[str, str]]:
    """(kind, path) of the admin pages that show imported text: changelists, change forms, review."""
    from notes.models import Claim, ImportRun, Speaker, Talk

    paths = [
        ("admin list", f"/admin/notes/{m}/") for m in ("talk", "claim", "speaker", "importrun")
    ]
    paths += [("review", "/admin/notes/claim/review/")]
    talks = Talk.objects.count()
    for page in range(1, talks // 100 + 1):
        paths.append(("admin list", f"/admin/notes/talk/?p={page}"))
        paths.append(("review", f"/admin/notes/claim/review/?page={page + 1}"))
    for talk in Talk.objects.order_by("pk"):
        paths.append(("admin form", f"/admin/notes/talk/{talk.pk}/change/"))
    for speaker in Speaker.objects.order_by("pk")[:: max(1, Speaker.objects.count() // 100)]:
        paths.append(("admin form", f"/admin/notes/speaker/{speaker.pk}/change/"))
    for claim in Claim.objects.order_by("pk")[:: max(1, Claim.objects.count() // 100)]:
        paths.append(("admin form", f"/admin/notes/claim/{claim.pk}/change/"))
    for run in ImportRun.objects.order_by("pk"):
        paths.append(("import result", f"/admin/notes/importrun/{run.pk}/change/"))
    return paths


def capped(paths: list[tuple[str, str]], per_kind: int) -> list[tuple[str, str]]:
    """At most ``per_kind`` pages of each kind, spread over the list (all when 0)."""
    if not per_kind:
        return paths
    kinds: dict[str, list[tuple[str, str]]] = {}
    for row in paths:
        kinds.setdefault(row[0], []).append(row)
    kept = []
    for rows in kinds.values():
        step = max(1, len(rows) // per_kind)
        kept += rows[::step][:per_kind]
    return kept


class Sweeper:
    """One Chromium context (CSP bypassed, so only kb's escaping and sanitising stand in the way)."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url
        self.context = browser.new_context(locale="en-US", bypass_csp=True)
        self.context.add_init_script(TRAPS)
        # Nothing leaves the machine: a payload's third-party URL is answered locally.
        self.context.route(
            lambda url: not url.startswith(base_url), lambda route: route.fulfill(status=204)
        )
        self.page = self.context.new_page()
        self.tally = Tally()
        self._current = ""
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.tally.console_errors.append(f"uncaught: {e}"))
        self.page.on("framenavigated", self._navigated)

    def _dialog(self, dialog):
        self.tally.executions.append(f"{self._current}: dialog {dialog.type} {dialog.message}")
        dialog.dismiss()

    def _console(self, message):
        # a sanitised relative <img src=x> asks the site for /x and gets a 404: no script runs
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.tally.console_errors.append(f"{self._current}: {message.text[:200]}")

    def _navigated(self, frame):
        url = frame.url
        expected = frame == self.page.main_frame and url.startswith(self.base_url)
        if not expected and url not in ("about:blank", ""):
            self.tally.navigations.append(f"{self._current}: {url[:120]}")

    def login(self, username: str, password: str) -> None:
        """Log in to the admin as staff."""
        self.page.goto(self.base_url + "/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("input[type=submit]")
        self.page.wait_for_url(f"{self.base_url}/admin/")

    def check(self, kind: str, path: str | None = None) -> None:
        """Open ``path`` (or check the page already open), poke every element, record findings."""
        if path is not None:
            self._current = path
            try:
                response = self.page.goto(self.base_url + path, wait_until="load")
            except PlaywrightError as error:  # e.g. a feed Chromium offers as a download
                self.tally.console_errors.append(f"{path}: {str(error)[:120]}")
                return
            if response is None or response.status >= 500:
                self.tally.console_errors.append(f"{path}: HTTP {response and response.status}")
        self._current = self._current or kind
        result = self.page.evaluate(POKE, EVENTS)
        self.page.wait_for_timeout(20)  # timers a payload set (setTimeout(alert)) get a chance
        calls = self.page.evaluate("() => window.__xssCalls ? window.__xssCalls.slice() : []")
        self.tally.pages += 1
        self.tally.kinds[kind] = self.tally.kinds.get(kind, 0) + 1
        self.tally.events += result["fired"]
        self.tally.executions += [f"{self._current}: {c}" for c in dict.fromkeys(calls)]
        self.tally.active += [f"{self._current}: {a}" for a in result["active"]]

    def close(self) -> None:
        """Close the context."""
        self.context.close()
