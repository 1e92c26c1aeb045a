"""End to end, as `make serve` runs kb: gunicorn (2 workers) and the import worker on one SQLite file.

A 500-file zip is uploaded through the admin and previewed and imported by the worker while its
progress is polled, the command line imports another folder, and a curator saves a claim; all three
finish, with no error and no traceback in any response or process output. The timings are printed
(run with -s to see them; docs/benchmarks.md keeps a measured set).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import io
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-curator-e2e-1"
DEADLINE = 400  # seconds for the whole scenario before the test gives up (a loaded machine)
TOPICS = ["soil", "rivers", "bridges", "bees", "glaciers", "ferments", "lenses", "orchards",
          "tides", "looms", "violins", "lichens", "kilns", "comets", "reefs"]  # fmt: skip
ZH_TOPICS = ["土壤", "河流", "桥梁", "蜜蜂", "冰川", "发酵", "镜头", "果园", "潮汐", "织机"]
VERBS = ["shape", "slow", "feed", "carry", "warm", "protect", "change", "record"]


def make_note(rng: random.Random, index: int, prefix: str) -> str:
    """A small summary of one of a few shapes: plain bullets, front matter, sections, Chinese."""
    topic = rng.choice(TOPICS)
    title = f"{prefix} {index}: how {topic} {rng.choice(VERBS)} the world"
    points = [
        f"{topic.capitalize()} {rng.choice(VERBS)} {rng.choice(TOPICS)} over {n + 2} seasons, "
        f"says observation {index}-{n}."
        for n in range(rng.randint(2, 6))
    ]
    shape = index % 4
    if shape == 0:
        return f"# {title}\n\n" + "".join(f"- {p}\n" for p in points)
    if shape == 1:
        head = f'---\ntitle: "{title}"\ndate: 20{10 + index % 15}-0{1 + index % 9}-1{index % 9}\n---\n\n'
        return head + "".join(f"- {p}\n" for p in points)
    if shape == 2:
        half = len(points) // 2
        return (
            f"# {title}\n\n## Part one\n\n"
            + "".join(f"- {p}\n" for p in points[:half])
            + "\n## Part two\n\n"
            + "".join(f"- {p}\n" for p in points[half:])
        )
    zh = rng.choice(ZH_TOPICS)
    return f"# {prefix}{index}：{zh}如何改变世界\n\n" + "".join(
        f"- {zh}在第{n + 1}个季节里改变了{rng.choice(ZH_TOPICS)}（观察{index}-{n}）。\n"
        for n in range(rng.randint(2, 5))
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FormFields(HTMLParser):
    """The fields of the first form whose action is empty (a change form) as a browser sends them."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or "name" not in a:
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            box = a.get("type") in ("checkbox", "radio")
            if box and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value") or ("on" if box else "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


class SelectedOptions(HTMLParser):
    """Selected options of every select (HTMLParser needs a second pass to pair them)."""

    def __init__(self):
        super().__init__()
        self.selected: list[tuple[str, str]] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.selected.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


class Browser:
    """A logged-in admin session over urllib: cookies, CSRF token, every response kept."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.responses: list[tuple[int, str, str]] = []

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, path, data: bytes | None = None, content_type: str | None = None):
        headers = {"Referer": self.base + path}
        if data is not None:
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf()
        req = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(req, timeout=60) as response:
                status, body = response.status, response.read().decode("utf-8", "replace")
                location = response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode("utf-8", "replace")
            location = error.headers.get("Location", "")
        self.responses.append((status, path, body))
        return status, body, location

    def post_form(self, path, fields):
        fields = [*fields, ("csrfmiddlewaretoken", self.csrf())]
        return self.request(path, urllib.parse.urlencode(fields).encode())

    def login(self):
        self.request("/admin/login/")
        status, _, _ = self.post_form(
            "/admin/login/?next=/admin/",
            [("username", "admin"), ("password", PASSWORD), ("next", "/admin/")],
        )
        assert status == 302, "the admin login failed"

    def upload(self, path, name, payload: bytes):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.csrf()}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/zip\r\n\r\n".encode()
            + payload
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        return self.request(path, b"".join(parts), f"multipart/form-data; boundary={boundary}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def change_form_fields(html: str) -> list[tuple[str, str]]:
    fields = FormFields()
    fields.feed(html)
    options = SelectedOptions()
    options.feed(html)
    return fields.fields + options.selected


@pytest.fixture
def served_kb(tmp_path):
    """gunicorn (2 workers) + `manage.py db_worker` on a fresh SQLite database in tmp_path."""
    env = {
        **os.environ,
        "KB_DATA_DIR": str(tmp_path / "data"),
        "DEBUG": "1",  # static files without collectstatic; every other setting as served
        "SECRET_KEY": "e2e-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-not-for-production",
        "KB_ADMIN_PASSWORD": PASSWORD,
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "ensure_admin"], env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    logs = tmp_path / "logs"
    logs.mkdir()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with contextlib.ExitStack() as stack:
        gunicorn_log = stack.enter_context(open(logs / "gunicorn.out", "w"))
        worker_log = stack.enter_context(open(logs / "worker.out", "w"))
        processes = [
            subprocess.Popen(
                [str(gunicorn), "kb.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                env=env, cwd=ROOT, stdout=gunicorn_log, stderr=subprocess.STDOUT,
            ),
            subprocess.Popen(
                [*manage, "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"],
                env=env, cwd=ROOT, stdout=worker_log, stderr=subprocess.STDOUT,
            ),
        ]  # fmt: skip
        stack.callback(stop_all, processes)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/admin/login/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        yield {"base": base, "env": env, "manage": manage, "logs": logs, "tmp": tmp_path}


def stop_all(processes) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def zip_of_notes(count: int, prefix: str, seed: int) -> bytes:
    rng = random.Random(seed)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(count):
            archive.writestr(
                f"talks/{prefix.lower()}-{index:03d}.md", make_note(rng, index, prefix)
            )
    return buffer.getvalue()


def wait_for(browser, job_path, phases, started, polls):
    while time.monotonic() - started < DEADLINE:
        status, body, _ = browser.request(job_path + "status/")
        assert status == 200, body[:500]
        state = json.loads(body)
        polls.append(state)
        if state["phase"] in phases:
            return state
        time.sleep(0.5)
    raise AssertionError(f"the job did not reach {phases} in time: {polls[-1]}")


def test_an_admin_zip_a_command_line_import_and_a_curators_save_all_finish(served_kb):
    kb, started = served_kb, time.monotonic()
    figures = {}
    folder = kb["tmp"] / "cli-notes"
    folder.mkdir()
    rng = random.Random(7)
    for index in range(120):
        (folder / f"cli-{index:03d}.md").write_text(make_note(rng, index, "Field"), "utf-8")
    seed = subprocess.run(
        [*kb["manage"], "import_summaries", str(folder / "cli-000.md")],
        env=kb["env"], cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert seed.returncode == 0, seed.stdout + seed.stderr
    browser = Browser(kb["base"])
    browser.login()

    t0 = time.monotonic()
    status, _, job_path = browser.upload(
        "/admin/notes/importrun/import/", "notes.zip", zip_of_notes(500, "Survey", seed=1)
    )
    assert status == 302 and re.fullmatch(r"/admin/notes/importrun/import/\d+/", job_path)
    figures["upload answered (s)"] = time.monotonic() - t0
    status, page, _ = browser.request(job_path)
    assert status == 200 and "<progress" in page and "import-progress.js" in page
    polls = []
    previewed = wait_for(browser, job_path, {"previewed", "failed"}, started, polls)
    figures["preview of 500 files (s)"] = time.monotonic() - t0
    assert previewed["phase"] == "previewed", previewed
    assert (previewed["done"], previewed["total"], previewed["failed"]) == (500, 500, 0)
    status, page, _ = browser.request(job_path)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)

    t1 = time.monotonic()
    status, _, _ = browser.post_form(
        "/admin/notes/importrun/import/", [("token", token), ("confirm", "1")]
    )
    assert status == 302
    cli = subprocess.Popen(
        [*kb["manage"], "import_summaries", str(folder)], env=kb["env"], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    wait_for(browser, job_path, {"importing", "finished", "failed"}, started, polls)
    status, changelist, _ = browser.request("/admin/notes/claim/")
    claim_path = re.search(r'href="(/admin/notes/claim/\d+/change/)', changelist).group(1)
    status, form, _ = browser.request(claim_path)
    fields = [(k, v) for k, v in change_form_fields(form) if k not in ("text", "_save")]
    t2 = time.monotonic()
    saved, body, _ = browser.post_form(
        claim_path,
        [*fields, ("text", "A curator's wording, saved during two imports."), ("_save", "1")],
    )
    figures["curator's save during the imports (s)"] = time.monotonic() - t2
    assert saved == 302, re.findall(r'class="errorlist"[^>]*>(.*?)</ul>', body)
    finished = wait_for(browser, job_path, {"finished", "failed"}, started, polls)
    figures["import of 500 files (s)"] = time.monotonic() - t1
    cli_out, _ = cli.communicate(timeout=max(5, DEADLINE - (time.monotonic() - started)))
    figures["whole scenario (s)"] = time.monotonic() - started

    assert finished["phase"] == "finished", finished
    assert (finished["done"], finished["total"], finished["failed"]) == (500, 500, 0)
    assert finished["message"] == "500 imported, 0 updated, 0 unchanged, 0 failed"
    assert len({p["done"] for p in polls if p["phase"] in ("previewing", "importing")}) > 2
    assert cli.returncode == 0, cli_out[-3000:]
    assert "0 failed" in cli_out.splitlines()[-1]
    status, page, _ = browser.request(claim_path)
    assert "A curator&#x27;s wording, saved during two imports." in page
    for status, path, body in browser.responses:
        assert status < 500, f"{status} on {path}"
        assert "Traceback" not in body and "database is locked" not in body, path
    for name in ("gunicorn.out", "worker.out"):
        output = (kb["logs"] / name).read_text()
        assert "Traceback" not in output and "database is locked" not in output, output[-3000:]
    assert "Traceback" not in cli_out and "database is locked" not in cli_out
    print("\n" + "\n".join(f"{name}: {value:.1f}" for name, value in figures.items()))
