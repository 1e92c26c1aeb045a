"""Split a summary's front matter (YAML, JSON, TOML or Logseq properties) from its body.

Front matter comes from strangers' tools, so parsing is bounded before any parser runs: the block's
size, its nesting depth (a pre-scan, because deep nesting crashes or exhausts parsers) and, for YAML,
the number of values after alias expansion (billion laughs). YAML is read with PyYAML's pure-Python
SafeLoader: the C loader segfaults on deeply nested flow collections. Rules: docs/decisions.md,
"Front matter".
"""

from __future__ import annotations

import json
import re
import tomllib

from .limits import DEFAULT_LIMITS, ImportLimits
from .safe_yaml import (
    DuplicateKey,
    FrontMatterProblem,
    FrontMatterTooBig,
    check_nesting,
    json_safe,
    load_yaml,
    scan_depth,
)
from .types import FrontMatter, ImportFailure

_FENCES = {"---": "yaml", "+++": "toml", ";;;": "json"}
_YAML_CLOSERS = ("---", "...")
# A line that starts a YAML mapping entry ("title: x", "title:") or a sequence entry ("- x").
_YAML_LIKE = re.compile(r"""^\s*(?:-\s|-$|[\[{]|(?:"[^"]*"|'[^']*'|[^\s#:][^:]*?)\s*:(?:\s|$))""")
_LOGSEQ_PROPERTY = re.compile(r"^([A-Za-z0-9][\w.-]*):: ?(.*)$")
_WIKI_LINK = re.compile(r"\[\[([^\[\]]*)\]\]")
_TOML_WHERE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)")


def split_front_matter(name: str, text: str, limits: ImportLimits = DEFAULT_LIMITS) -> FrontMatter:
    """Separate the front matter of ``text`` from its body.

    Returns FrontMatter(format "" when there is none). Raises ImportFailure, naming the line, for
    front matter that is present but unreadable, too big, too deep or not a mapping.
    """
    first_line = text.split("\n", 1)[0].rstrip()
    if first_line in _FENCES:
        return _fenced(name, text, first_line, limits)
    if text.startswith("{"):
        return _bare_json(name, text, limits)
    if _LOGSEQ_PROPERTY.match(first_line):
        return _logseq(text)
    return FrontMatter(format="", data={}, body=text, body_line=1)


def _no_front_matter(text: str) -> FrontMatter:
    return FrontMatter(format="", data={}, body=text, body_line=1)


def _fenced(name: str, text: str, fence: str, limits: ImportLimits) -> FrontMatter:
    """Front matter between an opening fence on line 1 and a closing fence line."""
    lines = text.split("\n")
    closers = _YAML_CLOSERS if fence == "---" else (fence,)
    close_index, too_big = _find_closing_line(lines, closers, limits.max_front_matter_bytes)
    if close_index is None:
        if fence == "---" and not _looks_like_yaml(lines[1:50]):
            return _no_front_matter(text)  # a markdown thematic break, not front matter
        if too_big:
            raise ImportFailure(
                name,
                f"the front matter is larger than the {limits.max_front_matter_bytes // 1024} KiB "
                "limit",
                1,
            )
        raise ImportFailure(name, f"the front matter opened with '{fence}' is never closed", 1)
    block_lines = lines[1:close_index]
    block = "\n".join(block_lines)
    body = "\n".join(lines[close_index + 1 :])
    body_line = close_index + 2
    if fence == "+++":
        data = _parse_toml(name, block, limits)
        return FrontMatter(format="toml", data=data, body=body, body_line=body_line)
    if block.lstrip().startswith("{"):
        data = _try_json(name, block, 2, limits)
        if data is not None:
            return FrontMatter(format="json", data=data, body=body, body_line=body_line)
    if fence == ";;;":
        raise ImportFailure(name, "the ';;;' front matter is not a JSON object", 2)
    if not block.strip():
        return FrontMatter(format="yaml", data={}, body=body, body_line=body_line)
    if _only_comments(block_lines):
        return _no_front_matter(text)  # markdown headings between two thematic breaks
    if not _looks_like_yaml(block_lines):
        if not block_lines[0].strip():
            return _no_front_matter(text)  # "---", a blank line, prose: a thematic break
        try:
            data = _parse_yaml(name, block, limits)
        except _NotAMapping:
            raise
        except ImportFailure:
            return _no_front_matter(text)  # markdown between two thematic breaks
        return FrontMatter(format="yaml", data=data, body=body, body_line=body_line)
    data = _parse_yaml(name, block, limits)
    return FrontMatter(format="yaml", data=data, body=body, body_line=body_line)


def _find_closing_line(
    lines: list[str], closers: tuple[str, ...], max_bytes: int
) -> tuple[int | None, bool]:
    """Index of the closing fence line within ``max_bytes``; and whether one lies beyond it."""
    size = 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            return index, False
        size += len(lines[index].encode("utf-8")) + 1
        if size > max_bytes:
            return None, any(line.rstrip() in closers for line in lines[index:])
    return None, False


def _looks_like_yaml(lines: list[str]) -> bool:
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return bool(_YAML_LIKE.match(line))
    return False


def _only_comments(lines: list[str]) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in lines)


def _parse_yaml(name: str, block: str, limits: ImportLimits) -> dict:
    _check_depth(name, block, 2, limits, yaml_block=True)
    try:
        data = load_yaml(block, limits)
    except DuplicateKey as error:
        raise ImportFailure(
            name,
            f"the front matter repeats the key '{error.key}' (first at line {error.first_line + 2})",
            error.line + 2,
        ) from None
    except FrontMatterTooBig as error:
        raise ImportFailure(name, str(error), _block_line(error.line)) from None
    except RecursionError:
        raise ImportFailure(name, "the front matter is nested too deeply", 2) from None
    except FrontMatterProblem as error:
        raise ImportFailure(
            name, f"the front matter is not valid YAML: {error}", _block_line(error.line)
        ) from None
    except ValueError as error:  # e.g. an integer too long to convert
        raise ImportFailure(name, f"the front matter is not valid YAML: {error}", 2) from None
    return json_safe(_require_mapping(name, data, 2))


def _block_line(line: int | None) -> int:
    """File line of a 0-based line inside a block that starts on line 2."""
    return 2 if line is None else line + 2


def _parse_toml(name: str, block: str, limits: ImportLimits) -> dict:
    _check_depth(name, block, 2, limits)
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_WHERE.search(message)
        # "(at line N, column M)" is inside the block; "(at end of document)" is its last line
        at_line = match.group(1) if match else None
        line = int(at_line) + 1 if at_line else block.count("\n") + 2
        problem = _TOML_WHERE.sub("", message).strip()
        raise ImportFailure(name, f"the TOML front matter is not valid: {problem}", line) from None
    except RecursionError:
        raise ImportFailure(name, "the front matter is nested too deeply", 2) from None
    return _safe_value(name, data, limits, 2)


def _try_json(name: str, block: str, first_line: int, limits: ImportLimits) -> dict | None:
    """Parse a JSON object; None when the block is not JSON (it may still be a YAML flow map)."""
    _check_depth(name, block, first_line, limits)
    try:
        data = json.loads(block, object_pairs_hook=_reject_duplicate_json_keys)
    except DuplicateKey as error:
        raise ImportFailure(
            name, f"the front matter repeats the key '{error.key}'", first_line
        ) from None
    except json.JSONDecodeError:
        return None
    except RecursionError:
        raise ImportFailure(name, "the front matter is nested too deeply", first_line) from None
    data = _require_mapping(name, data, first_line)
    return _safe_value(name, data, limits, first_line)


def _bare_json(name: str, text: str, limits: ImportLimits) -> FrontMatter:
    """A JSON object at the very start of the file, followed by the body (Hugo's JSON form)."""
    end = _json_object_end(text, limits.max_front_matter_bytes)
    first_line = text.split("\n", 1)[0].strip()
    looks_like_json = first_line == "{" or first_line.startswith('{"')
    if end is None:
        if not looks_like_json:
            return _no_front_matter(text)
        if len(text.encode("utf-8")) > limits.max_front_matter_bytes:
            raise ImportFailure(
                name,
                "the JSON front matter is not closed within the "
                f"{limits.max_front_matter_bytes // 1024} KiB limit",
                1,
            )
        raise ImportFailure(name, "the JSON front matter is never closed", 1)
    data = _try_json(name, text[:end], 1, limits)
    if data is None:
        if looks_like_json:
            raise ImportFailure(name, "the front matter is not valid JSON", 1)
        return _no_front_matter(text)
    rest = text[end:]
    body_line = text.count("\n", 0, end) + 1
    if rest.startswith("\n"):
        rest = rest[1:]
        body_line += 1
    return FrontMatter(format="json", data=data, body=rest, body_line=body_line)


def _json_object_end(text: str, max_bytes: int) -> int | None:
    """Index just past the ``}`` closing the object that starts ``text``, or None if unclosed."""
    depth = 0
    in_string = escaped = False
    for index, ch in enumerate(text[:max_bytes]):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def _logseq(text: str) -> FrontMatter:
    """Logseq page properties: ``key:: value`` lines at the top of the page."""
    lines = text.split("\n")
    data: dict = {}
    count = 0
    for line in lines:
        match = _LOGSEQ_PROPERTY.match(line.rstrip())
        if not match:
            break
        data[match.group(1)] = _logseq_value(match.group(2))
        count += 1
    return FrontMatter(
        format="logseq", data=data, body="\n".join(lines[count:]), body_line=count + 1
    )


def _logseq_value(raw: str) -> str:
    """``[[Lex Fridman Podcast]]`` -> ``Lex Fridman Podcast``; surrounding quotes and ``\\#`` undone."""
    value = _WIKI_LINK.sub(r"\1", raw.strip())
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value.replace("\\#", "#")


def _check_depth(
    name: str, block: str, first_line: int, limits: ImportLimits, *, yaml_block: bool = False
) -> None:
    depth, line = scan_depth(block, yaml_block=yaml_block)
    if depth > limits.max_front_matter_depth:
        raise ImportFailure(
            name,
            f"the front matter is nested {depth} levels deep, more than the "
            f"{limits.max_front_matter_depth} allowed",
            first_line + line,
        )


class _NotAMapping(ImportFailure):
    pass


def _require_mapping(name: str, data: object, first_line: int) -> dict:
    if isinstance(data, dict):
        return data
    kind = "a list" if isinstance(data, list) else "a single value"
    raise _NotAMapping(
        name,
        f"the front matter is {kind}, not 'key: value' fields (if the first line is meant as "
        "a horizontal rule, put a blank line before it)",
        first_line,
    )


def _safe_value(name: str, data: dict, limits: ImportLimits, first_line: int) -> dict:
    try:
        check_nesting(data, limits)
    except FrontMatterTooBig as error:
        raise ImportFailure(name, str(error), first_line) from None
    return json_safe(data)


def _reject_duplicate_json_keys(pairs: list[tuple[str, object]]) -> dict:
    data: dict = {}
    for key, value in pairs:
        if key in data:
            raise DuplicateKey(key, 0, 0)
        data[key] = value
    return data
