"""Bounded, safe reading of front-matter values: a YAML loader, a nesting pre-scan, JSON-safe output.

Kept apart from frontmatter.py (which finds and dispatches the block) because these are the pieces
that defend against hostile input: python object tags, alias bombs, deep nesting, duplicate keys.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .limits import ImportLimits

_MERGE_TAG = "tag:yaml.org,2002:merge"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_UNKNOWN_TAG = re.compile(r"could not determine a constructor for the tag '([^']*)'")
_BLOCK_ENTRY = re.compile(r"(?:[-?](?:[ \t]+|$))+")
_QUOTE_OPENERS = set(":-[{,=?")


class FrontMatterProblem(ValueError):
    """Unreadable front matter; ``line`` is 0-based inside the block, or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


class DuplicateKey(FrontMatterProblem):
    def __init__(self, key: str, line: int, first_line: int):
        super().__init__(f"duplicate key {key!r}", line)
        self.key = key
        self.first_line = first_line


class FrontMatterTooBig(FrontMatterProblem):
    """Too deep or too many values; the message is a complete sentence part."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's pure-Python SafeLoader (never CSafeLoader) that refuses duplicate keys."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, MappingNode):
            seen: dict[tuple[str, object], int] = {}
            for key_node, _value in node.value:
                if key_node.tag == _MERGE_TAG or not isinstance(key_node, ScalarNode):
                    continue
                key = self.construct_object(key_node)
                marker = (type(key).__name__, key)
                line = key_node.start_mark.line
                if marker in seen:
                    raise DuplicateKey(str(key), line, seen[marker])
                seen[marker] = line
        return super().construct_mapping(node, deep=deep)


# YAML 1.2 booleans only: "yes/no/on/off" stay words, so `tags: [on, off]` or `title: No` survive.
_BoundedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BoundedLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(block: str, limits: ImportLimits) -> object:
    """Parse one YAML document, counting values (aliases expanded) and depth before building it."""
    try:
        loader = _BoundedLoader(block)  # the reader refuses unprintable characters right here
    except yaml.reader.ReaderError as error:
        raise _unprintable(block, error) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_node_graph(node, limits)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise FrontMatterProblem(_describe(error), _mark_line(error)) from None
    except yaml.YAMLError as error:
        raise FrontMatterProblem(str(error)) from None
    finally:
        loader.dispose()


def _unprintable(block: str, error: yaml.reader.ReaderError) -> FrontMatterProblem:
    """A sentence naming the character YAML cannot carry, with the line it sits on."""
    character = error.character
    code = ord(character) if isinstance(character, str) else int(character)
    line = block.count("\n", 0, error.position)
    return FrontMatterProblem(
        f"it holds the control character U+{code:04X}, which YAML forbids", line
    )


def _describe(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or error.context or "unreadable YAML"
    unknown = _UNKNOWN_TAG.search(problem)
    if unknown:
        tag = unknown.group(1).replace("tag:yaml.org,2002:", "!!")
        return f"the tag '{tag}' is not allowed"
    return problem


def _mark_line(error: yaml.MarkedYAMLError) -> int | None:
    mark = error.problem_mark or error.context_mark
    return mark.line if mark else None


def _check_node_graph(root, limits: ImportLimits) -> None:
    """Walk the composed nodes as the constructed data would be walked: aliases count every time."""
    stack = [(root, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > limits.max_front_matter_nodes:
            raise FrontMatterTooBig(
                f"the front matter expands to more than {limits.max_front_matter_nodes:,} values "
                "(repeated YAML aliases?)",
                node.start_mark.line,
            )
        if depth > limits.max_front_matter_depth:
            raise FrontMatterTooBig(
                f"the front matter is nested more than {limits.max_front_matter_depth} levels deep",
                node.start_mark.line,
            )
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))


def check_nesting(data: object, limits: ImportLimits) -> None:
    """Depth and value-count bounds for already parsed JSON/TOML data."""
    stack = [(data, 1)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > limits.max_front_matter_nodes:
            raise FrontMatterTooBig(
                f"the front matter holds more than {limits.max_front_matter_nodes:,} values"
            )
        if depth > limits.max_front_matter_depth:
            raise FrontMatterTooBig(
                f"the front matter is nested more than {limits.max_front_matter_depth} levels deep"
            )
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)


def scan_depth(block: str, *, yaml_block: bool = False) -> tuple[int, int]:
    """Approximate nesting depth of a YAML/JSON/TOML block without parsing it.

    Counts open flow brackets outside quoted strings and, for YAML block style, indentation
    levels plus ``- `` entries. Returns (deepest level, 0-based line where it was first reached).
    Runs before any parser so that 30,000 nested brackets never reach one.
    """
    deepest = deepest_line = 0
    flow = 0
    quote = ""
    escaped = False
    indents: list[int] = []
    block_depth = 0
    for line_no, line in enumerate(block.split("\n")):
        if yaml_block and not quote and flow == 0:
            stripped = line.lstrip(" ")
            if stripped and not stripped.startswith("#"):
                indent = len(line) - len(stripped)
                while indents and indents[-1] > indent:
                    indents.pop()
                if not indents or indents[-1] < indent:
                    indents.append(indent)
                entries = _BLOCK_ENTRY.match(stripped)
                dashes = entries.group().count("-") + entries.group().count("?") if entries else 0
                block_depth = len(indents) + dashes
                if block_depth > deepest:
                    deepest, deepest_line = block_depth, line_no
        last = ""  # previous character on this line
        opener = ""  # previous non-blank character on this line
        for ch in line:
            if quote:
                if escaped:
                    escaped = False
                elif ch == "\\" and quote == '"':
                    escaped = True
                elif ch == quote:
                    quote = ""
            elif ch in "\"'" and (not opener or opener in _QUOTE_OPENERS):
                quote = ch
            elif ch in "[{":
                flow += 1
                if block_depth + flow > deepest:
                    deepest, deepest_line = block_depth + flow, line_no
            elif ch in "]}":
                flow = max(0, flow - 1)
            elif ch == "#" and yaml_block and (not last or last.isspace()):
                break  # a YAML comment
            last = ch
            if not ch.isspace():
                opener = ch
    return deepest, deepest_line


def json_safe(value: object) -> object:
    """Convert parsed values to str/int/float/bool/None/list/dict (dates become ISO strings)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, dict):
        return {_json_key(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((json_safe(item) for item in value), key=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _json_key(key: object) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool) or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, dt.date | dt.time):
        return key.isoformat()
    return str(key)
