"""render_markdown / sanitise_html: list nesting, <details>, XSS corpora, and bounded rendering."""

import re
import sys
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from notes.importer import render
from notes.importer.decode import decode_bytes
from notes.importer.frontmatter import split_front_matter
from notes.importer.limits import ImportLimits
from notes.importer.render import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    RenderRefused,
    RenderTooSlow,
    estimate_work,
    render_markdown,
    sanitise_html,
)
from notes.importer.types import ImportFailure
from tests.conftest import BADINPUT_DIR, SAMPLES_DIR, WILD_DIR

VOID_TAGS = {"br", "hr", "img"}
FORBIDDEN_TAGS = {"script", "style", "iframe", "svg", "math", "form", "object", "embed"}
BAD_SCHEMES = ("javascript", "data", "vbscript")


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []
        self.text = ""

    def find_all(self, tag):
        for child in self.children:
            if child.tag == tag:
                yield child
            yield from child.find_all(tag)


class TreeBuilder(HTMLParser):
    """A small DOM from html.parser, so checks look at real tags and attributes, not raw text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#root", [])
        self.elements = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        self.elements.append(element)
        if tag not in VOID_TAGS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        self.elements.append(element)

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text += data


def parse(html):
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder


def browser_url(value):
    """The URL as a browser reads an attribute: tabs/newlines removed, C0/space trimmed."""
    url = re.sub(r"[\t\n\r]", "", value or "")
    return url.strip("".join(chr(code) for code in range(0x21))).lower()


def assert_safe(html):
    """No forbidden element, event handler, style, or non-http(s) URL survives."""
    lowered = html.lower()
    for tag in FORBIDDEN_TAGS:
        assert f"<{tag}" not in lowered
    for element in parse(html).elements:
        assert element.tag in ALLOWED_TAGS, element.tag
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (element.tag, name)
            assert name != "style"
            allowed = ALLOWED_ATTRIBUTES.get(element.tag, set()) | (
                {"rel"} if element.tag == "a" else set()
            )
            assert name in allowed, (element.tag, name)
            if name in ("href", "src"):
                url = browser_url(value)
                assert not re.match(rf"(?:{'|'.join(BAD_SCHEMES)}):", url), value
                assert urlsplit(url).scheme in ("", "http", "https"), value


def _payload_lines():
    files = sorted((BADINPUT_DIR / "patt").glob("*.txt"))
    files.append(BADINPUT_DIR / "cujanovic-Markdown-XSS-Payloads.txt")
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield f"{path.name}:{number}", line


def _body(path):
    text = decode_bytes(path.name, path.read_bytes()).text
    return split_front_matter(path.name, text).body


def test_every_payload_renders_harmlessly(shared_dir):
    """Each line of every payload list, as a markdown body and as a bare HTML fragment."""
    checked = 0
    for where, payload in _payload_lines():
        for html in (render_markdown(payload), render_markdown(f"Text\n\n{payload}\n\nText")):
            try:
                assert_safe(html)
            except AssertionError as error:
                raise AssertionError(f"{where}: {payload!r} -> {html!r}") from error
        assert_safe(sanitise_html(payload))
        checked += 1

    assert checked > 2500


def test_sample_001_sub_bullets_indented_three_spaces_nest(shared_dir):
    html = render_markdown(_body(next(SAMPLES_DIR.glob("001_*.txt"))))
    tree = parse(html)
    key_points = next(tree.root.find_all("ol"))
    top_items = [child for child in key_points.children if child.tag == "li"]

    assert len(top_items) == 7
    for item in top_items:
        nested = [child for child in item.children if child.tag == "ul"]
        assert len(nested) == 1
        assert len([child for child in nested[0].children if child.tag == "li"]) == 2


def test_sample_004_details_keeps_its_english_paragraphs(shared_dir):
    body = _body(next(SAMPLES_DIR.glob("004_*.txt")))
    inside = body.split("</summary>", 1)[1].split("</details>", 1)[0]
    paragraphs_in_source = [block for block in re.split(r"\n\s*\n", inside) if block.strip()]

    tree = parse(render_markdown(body))
    details = next(tree.root.find_all("details"))
    summary = next(details.find_all("summary"))
    paragraphs = [child for child in details.children if child.tag == "p"]

    assert summary.text == "Original English"
    assert len(paragraphs) == len(paragraphs_in_source)
    assert paragraphs[0].text.startswith(paragraphs_in_source[0].strip()[:40])
    assert "markdown" not in details.attrs


@pytest.mark.parametrize(
    "path",
    sorted(SAMPLES_DIR.glob("*.txt")) + sorted(WILD_DIR.glob("[0-9]*.md")),
    ids=lambda path: path.name[:28],
)
def test_real_summaries_render_far_within_the_budget(path):
    body = _body(path)
    budget = ImportLimits().max_render_seconds * render.WORK_UNITS_PER_SECOND

    html = render_markdown(body)

    assert estimate_work(body) * 100 < budget
    visible = re.sub(r"<!--.*?-->", "", body, flags=re.S).strip()
    assert html.strip() or not visible  # wild 27 keeps everything in its front matter
    assert_safe(html)


def test_links_get_rel_and_only_http_or_relative_urls_survive():
    html = render_markdown(
        "[web](https://example.com/a) [rel](../notes/b.md) [js](javascript:alert(1)) "
        "[mail](mailto:a@b.c) ![img](data:image/png;base64,AAAA) ![ok](http://x.org/i.png)"
    )
    links = {element.text: element.attrs for element in parse(html).root.find_all("a")}
    images = {element.attrs.get("alt"): element.attrs for element in parse(html).elements}

    assert links["web"] == {"href": "https://example.com/a", "rel": "nofollow noopener noreferrer"}
    assert links["rel"]["href"] == "../notes/b.md"
    assert "href" not in links["js"] and "href" not in links["mail"]
    assert "src" not in images["img"]
    assert images["ok"]["src"] == "http://x.org/i.png"


@pytest.mark.parametrize(
    "fragment",
    [
        "<p style='color:red' onclick='x()'>styled</p>",
        "<iframe src='https://evil.example'></iframe>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mi>x</mi></math>",
        "<form action='/x'><input name='a'></form>",
        "<object data='x.swf'></object><embed src='x.swf'>",
        "<style>body{display:none}</style>",
        "<a href='  JaVaScRiPt:alert(1)'>x</a>",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_raw_html_is_cleaned(fragment):
    assert_safe(render_markdown(fragment))
    assert_safe(sanitise_html(fragment))


def test_markdown_tables_code_and_footnotes_render():
    html = render_markdown(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('<b>')\n```\n\nText[^1]\n\n[^1]: Note"
    )
    tags = {element.tag for element in parse(html).elements}

    assert {"table", "th", "td", "pre", "code", "sup"} <= tags
    assert "&lt;b&gt;" in html


@pytest.mark.parametrize("repeat", [4000, 20000])
def test_unclosed_brackets_are_refused_by_the_pre_check(repeat):
    with pytest.raises(RenderTooSlow) as caught:
        render_markdown("[a" * repeat)

    assert isinstance(caught.value, ImportFailure)
    assert "unclosed" in str(caught.value)


def test_abbreviation_floods_are_refused():
    with pytest.raises(RenderTooSlow):
        render_markdown("*[a]: b\n" * 4000)


def test_deep_list_nesting_is_refused_not_crashed():
    with pytest.raises(RenderRefused, match="nests"):
        render_markdown("1. " * 2000)


def test_size_cap_names_the_source():
    with pytest.raises(RenderRefused) as caught:
        render_markdown("x" * 5000, ImportLimits(max_markdown_bytes=4096), source_name="a.md")

    assert str(caught.value).startswith("a.md: its markdown is 4 KiB")


def test_the_wall_clock_deadline_stops_a_render(monkeypatch):
    """A clock that jumps a minute per reading makes any render overrun its deadline."""
    readings = iter(range(0, 10**9, 60))
    monkeypatch.setattr(render.time, "monotonic", lambda: next(readings))
    previous = sys.getprofile()

    with pytest.raises(RenderTooSlow, match="took more than 5 seconds"):
        render_markdown("# Title\n\n" + "Some *emphasis* and `code`.\n\n" * 50)

    assert sys.getprofile() is previous
    monkeypatch.undo()
    assert "<h4>Title</h4>" in render_markdown("# Title")


def test_details_inside_code_fences_stay_as_written():
    html = render_markdown("```html\n<details>\n<summary>x</summary>\n```\n")

    assert "&lt;details&gt;" in html
    assert "markdown=" not in html


def test_summary_headings_start_below_the_page_heading_and_keep_their_order():
    html = render_markdown("# Title\n\nText\n\n## Part\n\n### Detail\n\n###### Deep\n")
    assert "<h4>Title</h4>" in html and "<h5>Part</h5>" in html and "<h6>Detail</h6>" in html
    assert "<h1>" not in html and "<h2>" not in html and "<h6>Deep</h6>" in html
