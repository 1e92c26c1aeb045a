"""split_front_matter: real files of every front-matter kind, and hostile front matter."""

import json
import subprocess
import sys
import textwrap

import pytest
import yaml

from notes.importer.decode import decode_bytes
from notes.importer.frontmatter import split_front_matter
from notes.importer.limits import ImportLimits
from notes.importer.safe_yaml import _BoundedLoader
from notes.importer.types import ImportFailure
from tests.conftest import BADINPUT_DIR, PROJECT_DIR, SAMPLES_DIR, WILD_DIR

YAML_DIR = BADINPUT_DIR / "yaml"

# The front-matter kind each real file uses ("" = none), read off the files themselves.
REAL_FILE_FORMATS = {
    "000_": "json",
    "001_": "yaml",
    "002_": "",
    "003_": "",
    "004_": "yaml",
    "03_": "yaml",
    "05_": "yaml",
    "07_": "yaml",
    "09_": "yaml",
    "10_": "",
    "12_": "",
    "14_": "yaml",
    "15_": "logseq",
    "17_": "toml",
    "21_": "",
    "23_": "",
    "24_": "yaml",
    "27_": "yaml",
    "28_": "",
    "30_": "",
}

# badinput/yaml files that must be refused, and a word the sentence must contain.
REFUSED = {
    "fm-billion-laughs.md": "expands to more than",
    "fm-deep-block-1100.md": "nested",
    "fm-duplicate-keys.md": "repeats the key 'title'",
    "fm-huge-string.md": "larger than",
    "fm-json-deep.md": "not closed within",
    "fm-not-a-mapping.md": "is a list",
    "fm-python-object-apply.md": "!!python/object/apply:os.system' is not allowed",
    "fm-python-object-new.md": "!!python/object/new:subprocess.check_output' is not allowed",
    "fm-scalar-only.md": "is a single value",
    "fm-unterminated.md": "never closed",
}
ACCEPTED = {"fm-title-xss.md", "fm-types-date-bool-float.md"}
IN_SUBPROCESS = {"fm-deep-flow-30000.md"}


def _real_files():
    files = sorted(SAMPLES_DIR.glob("*.txt")) + sorted(WILD_DIR.glob("[0-9]*.md"))
    return files


def _read(path):
    return decode_bytes(path.name, path.read_bytes()).text


def _split(text, **limits):
    return split_front_matter("note.md", text, ImportLimits(**limits) if limits else ImportLimits())


def test_every_hostile_yaml_file_is_covered(shared_dir):
    on_disk = {path.name for path in YAML_DIR.glob("*.md")}

    assert on_disk == set(REFUSED) | ACCEPTED | IN_SUBPROCESS


@pytest.mark.parametrize(("file_name", "problem"), sorted(REFUSED.items()))
def test_hostile_front_matter_is_refused_with_file_problem_and_line(shared_dir, file_name, problem):
    with pytest.raises(ImportFailure) as caught:
        split_front_matter(file_name, _read(YAML_DIR / file_name))

    assert problem in str(caught.value)
    assert str(caught.value).startswith(f"{file_name} (line ")
    assert caught.value.line >= 1


def test_thirty_thousand_deep_flow_nesting_is_refused_without_crashing(shared_dir):
    """libyaml's C loader segfaults on this file; run it in a child process to prove we don't."""
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from notes.importer.frontmatter import split_front_matter
        from notes.importer.types import ImportFailure
        path = Path({str(YAML_DIR / "fm-deep-flow-30000.md")!r})
        try:
            split_front_matter(path.name, path.read_text())
        except ImportFailure as failure:
            print("REFUSED", failure)
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("REFUSED fm-deep-flow-30000.md (line 2)")
    assert "nested" in completed.stdout


def test_the_loader_is_the_pure_python_safe_loader():
    assert issubclass(_BoundedLoader, yaml.SafeLoader)
    assert not issubclass(_BoundedLoader, getattr(yaml, "CSafeLoader", ()))


def test_xss_in_front_matter_is_kept_as_plain_strings(shared_dir):
    front = split_front_matter("x.md", _read(YAML_DIR / "fm-title-xss.md"))

    assert front.format == "yaml"
    assert front.data["title"].startswith("<script>")
    assert all(isinstance(tag, str) for tag in front.data["tags"])
    assert front.data["slug"] == "../../admin"
    assert front.body.strip() == "body"


def test_values_are_json_safe_and_yaml_words_stay_words(shared_dir):
    front = split_front_matter("x.md", _read(YAML_DIR / "fm-types-date-bool-float.md"))

    assert front.data["title"] == "2024-01-01"
    assert front.data["created"] == "2024-01-01T10:00:00"
    assert front.data["version"] == 1.1
    assert front.data["published"] == "no"
    assert front.data["tags"] == ["on", "off", None]
    assert front.data["1"] == "int-key"
    assert json.loads(json.dumps(front.data)) == front.data


@pytest.mark.parametrize("path", _real_files(), ids=lambda path: path.name[:28])
def test_real_files_split_into_front_matter_and_body(path):
    text = _read(path)
    expected_format = next(
        value for prefix, value in REAL_FILE_FORMATS.items() if path.name.startswith(prefix)
    )

    front = split_front_matter(path.name, text)

    assert front.format == expected_format
    assert "\n".join(text.split("\n")[front.body_line - 1 :]) == front.body
    assert json.loads(json.dumps(front.data)) == front.data
    assert bool(front.data) == bool(expected_format)


def test_every_real_file_is_listed(shared_dir):
    assert len(_real_files()) == len(REAL_FILE_FORMATS)


def test_json_between_dashes_sample_000(shared_dir):
    front = split_front_matter("000", _read(next(SAMPLES_DIR.glob("000_*.txt"))))

    assert front.data["dg-publish"] is True
    assert front.body_line == 4


def test_yaml_sample_004_keeps_lists_and_empty_strings(shared_dir):
    front = split_front_matter("004", _read(next(SAMPLES_DIR.glob("004_*.txt"))))

    assert front.data["draft"] is True
    assert front.data["companies_orgs"] == [""]
    assert front.data["media_books"] == []
    assert all(isinstance(tag, str) for tag in front.data["tags"])
    assert "<details>" in front.body
    assert "status:" not in front.body


def test_toml_wild_17_dates_become_iso_strings(shared_dir):
    front = split_front_matter("17", _read(next(WILD_DIR.glob("17_*.md"))))

    assert front.data["draft"] is True
    assert front.data["date"] == "2025-01-28"


def test_logseq_wild_15_properties_lose_wiki_brackets(shared_dir):
    front = split_front_matter("15", _read(next(WILD_DIR.glob("15_*.md"))))

    assert front.data["author"] == "Lex Fridman Podcast"
    assert front.data["full-title"].startswith("#155")
    assert "::" not in front.body.split("\n")[0]
    assert front.body_line == len(front.data) + 1


def test_wild_27_long_yaml_front_matter_is_read_whole(shared_dir):
    text = _read(next(WILD_DIR.glob("27_*.md")))

    front = split_front_matter("27", text)

    assert front.body_line > 800
    assert text.split("\n")[front.body_line - 2] == "---"
    assert len(front.data) > 5


@pytest.mark.parametrize(
    "text",
    [
        "---\n\nA paragraph after a rule.\n\n---\n\nMore text.\n",
        "---\n# A heading between rules\n---\n\nText.\n",
        "---\n**Summary:** a bold lead-in\n---\n",
        "---\nA rule, then text, and no closing line.\n",
        "Just text.\n\n---\n\ntitle: not front matter\n---\n",
        "{{< youtube abc >}}\n\nHugo shortcode first.\n",
    ],
    ids=["prose", "heading", "bold", "unclosed-prose", "later-rule", "shortcode"],
)
def test_markdown_that_only_looks_fenced_has_no_front_matter(text):
    front = _split(text)

    assert front.format == ""
    assert front.body == text
    assert front.body_line == 1


@pytest.mark.parametrize(
    ("text", "key", "body_line"),
    [
        (';;;\n{"title": "Semicolons"}\n;;;\nbody\n', "title", 4),
        ('{"title": "Bare JSON"}\nbody\n', "title", 2),
        ('{\n  "title": "Bare JSON, several lines"\n}\n\nbody\n', "title", 4),
        ("---\n{title: a YAML flow map}\n---\nbody\n", "title", 4),
        ("+++\ntitle = 'TOML'\n[extra]\nk = 1\n+++\nbody\n", "extra", 6),
        ("---\ntitle: ends with dots\n...\nbody\n", "title", 4),
        ("title:: Logseq\ntags:: [[a]], [[b]]\n\n- body\n", "tags", 3),
    ],
)
def test_other_front_matter_forms(text, key, body_line):
    front = _split(text)

    assert key in front.data
    assert front.body_line == body_line
    assert front.body.rstrip().endswith("body")


def test_yaml_errors_name_the_line_in_the_file():
    with pytest.raises(ImportFailure) as caught:
        _split("---\ntitle: fine\nlist: [unclosed, value\nother: x\n---\n")

    assert caught.value.line >= 3
    assert "not valid YAML" in str(caught.value)


def test_toml_errors_name_the_line_in_the_file():
    with pytest.raises(ImportFailure) as caught:
        _split('+++\ntitle = "ok"\nbroken = \n+++\n')

    assert caught.value.line == 3


def test_json_duplicate_keys_are_refused():
    with pytest.raises(ImportFailure, match="repeats the key 'a'"):
        _split('---\n{"a": 1, "a": 2}\n---\n')


def test_yaml_merge_keys_are_not_duplicates():
    front = _split("---\nbase: &base {lang: en}\nitem:\n  <<: *base\n  lang: zh\n---\n")

    assert front.data["item"] == {"lang": "zh"}


def test_depth_limit_is_exact_enough():
    nested = "x: " + "[" * 10 + "]" * 10

    assert _split(f"---\n{nested}\n---\n", max_front_matter_depth=20).data
    with pytest.raises(ImportFailure, match="nested"):
        _split(f"---\n{nested}\n---\n", max_front_matter_depth=5)


def test_brackets_inside_quoted_strings_do_not_count_as_depth():
    front = _split('---\ntitle: "[[[[[[[[[[[[[[[[[[[[[[[[ odd title"\nnote: it\'s [fine]\n---\n')

    assert front.data["title"].startswith("[[[")


def test_alias_expansion_is_counted():
    text = "---\na: &a [1, 2, 3, 4, 5]\nb: [*a, *a, *a, *a, *a]\n---\n"

    assert _split(text).data["b"][0] == [1, 2, 3, 4, 5]
    with pytest.raises(ImportFailure, match="expands to more than 20 values"):
        _split(text, max_front_matter_nodes=20)


def test_size_limit_is_checked_before_parsing():
    text = "---\ntitle: " + "x" * 5000 + "\n---\nbody\n"

    assert _split(text).data["title"].startswith("xxx")
    with pytest.raises(ImportFailure, match="larger than the 1 KiB limit"):
        _split(text, max_front_matter_bytes=1024)


def test_keys_that_yaml_reads_as_other_types_become_strings():
    front = _split("---\n2024-01-01: a date key\ntrue: a bool key\n~: a null key\n3: x\n---\n")

    assert set(front.data) == {"2024-01-01", "true", "null", "3"}


def test_timezone_aware_datetimes_keep_their_offset():
    front = _split("---\ncreated: 2025-02-25T09:36:39+08:00\n---\n")

    assert front.data["created"] == "2025-02-25T09:36:39+08:00"


def test_empty_front_matter_is_an_empty_mapping():
    front = _split("---\n---\nbody\n")

    assert (front.format, front.data, front.body_line) == ("yaml", {}, 3)


def test_a_long_markdown_file_between_rules_is_not_oversized_front_matter():
    text = "---\n\n" + "A long paragraph of prose.\n\n" * 4000 + "---\n\nThe end.\n"

    front = _split(text)

    assert len(text.encode()) > ImportLimits().max_front_matter_bytes
    assert (front.format, front.body) == ("", text)
