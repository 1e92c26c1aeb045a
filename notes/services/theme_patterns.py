"""A theme's optional regular expressions: checking them when a curator saves, matching them safely.

Python's ``re`` has no time limit, so a pattern with catastrophic backtracking (``(a|aa)+$``) could
hang an import or an admin request on one unlucky claim. Patterns therefore run on the ``regex``
module, whose searches take a ``timeout``: each search of one claim has ``MATCH_BUDGET`` seconds, and
a search that runs out counts as "could not tell" (the caller leaves that claim as it was). On save,
a pattern is also tried against long texts built from its own characters, so most slow patterns are
refused with a form error before they ever run on claims. Patterns are capped in length and number.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex
from django.utils.translation import gettext as _

MAX_PATTERN_LENGTH = 200
MAX_PATTERNS = 20
MATCH_BUDGET = 0.05  # seconds per pattern and claim; a claim is a few sentences
CHECK_BUDGET = 0.2  # seconds per probe text when the curator saves
PROBE_LENGTH = 5000


class PatternTimeout(Exception):
    """A pattern ran out of its time budget on one text."""

    def __init__(self, pattern: str):
        super().__init__(pattern)
        self.pattern = pattern


@dataclass(frozen=True)
class PatternProblem:
    pattern: str
    sentence: str


@lru_cache(maxsize=1024)
def compiled(pattern: str) -> regex.Pattern:
    """The pattern compiled case-insensitively, with ``re``-compatible syntax (regex.VERSION0)."""
    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)


def pattern_search(pattern: str, text: str, budget: float | None = None) -> bool:
    """Whether ``pattern`` occurs in ``text``; raises PatternTimeout when it takes over ``budget``
    seconds (default ``MATCH_BUDGET``)."""
    try:
        timeout = MATCH_BUDGET if budget is None else budget
        return compiled(pattern).search(text, timeout=timeout) is not None
    except TimeoutError as exc:
        raise PatternTimeout(pattern) from exc


def _probes(pattern: str) -> list[str]:
    """Long texts that make a backtracking pattern show itself: runs of the pattern's own letters."""
    letters = dict.fromkeys(ch for ch in pattern if ch.isalnum()) or {"a": None}
    probes = [ch * PROBE_LENGTH + "!" for ch in list(letters)[:8]]
    probes.append("".join(letters) * (PROBE_LENGTH // max(1, len(letters))) + "!")
    probes.append(("word " * (PROBE_LENGTH // 5)) + "!")
    return probes


def pattern_problem(pattern) -> PatternProblem | None:
    """Why ``pattern`` cannot be a theme pattern (one sentence naming it), or None when it can."""
    if not isinstance(pattern, str) or not pattern.strip():
        return PatternProblem(str(pattern), _("A pattern cannot be empty."))
    if len(pattern) > MAX_PATTERN_LENGTH:
        return PatternProblem(
            pattern,
            _("The pattern “%(p)s…” is longer than %(n)d characters; shorten it.")
            % {"p": pattern[:40], "n": MAX_PATTERN_LENGTH},
        )
    try:
        compiled(pattern)
    except regex.error as exc:
        return PatternProblem(
            pattern,
            _("The pattern “%(p)s” is not a valid regular expression (%(why)s).")
            % {"p": pattern, "why": exc},
        )
    if compiled(pattern).search(""):
        return PatternProblem(
            pattern,
            _("The pattern “%(p)s” matches an empty text, so it would tag every claim.")
            % {"p": pattern},
        )
    for probe in _probes(pattern):
        try:
            pattern_search(pattern, probe, CHECK_BUDGET)
        except PatternTimeout:
            return PatternProblem(
                pattern,
                _(
                    "The pattern “%(p)s” takes too long on a long text (nested repetition); "
                    "simplify it."
                )
                % {"p": pattern},
            )
    return None


def pattern_problems(patterns) -> list[str]:
    """Sentences naming every unusable pattern of a theme (empty when all are fine)."""
    if not isinstance(patterns, list):
        return [_("Patterns must be a list of regular expressions.")]
    if len(patterns) > MAX_PATTERNS:
        return [_("A theme can have at most %(n)d patterns.") % {"n": MAX_PATTERNS}]
    found = (pattern_problem(pattern) for pattern in patterns)
    return [problem.sentence for problem in found if problem]


def normalised_text(text: str) -> str:
    """The text as patterns and keywords see it: NFKC (full-width letters become ASCII)."""
    return unicodedata.normalize("NFKC", text or "")
