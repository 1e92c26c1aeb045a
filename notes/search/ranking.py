"""Relevance for the top candidates only: a BM25-style score computed in Python from their text.

The index gives the matches in static order (key points and highlights first, then the talk's
date, then the newest claim). The first RERANK of them are re-ordered within their tier by how
often and how densely they hold the query's words; the rest keep the static order. So a common
word costs the same as a rare one: nothing scores every row that holds it (FTS5's bm25() and
ts_rank over a capped set both did), and the pages agree with each other, since the re-ranked
block is the same whatever page is asked for.

The score reads the claim's own text only (a regular expression per phrase: tokenising a hundred
texts in Python cost more than the whole search's SQL): a claim found
through its speaker's name, its translation or a theme scores 0 and comes after those that hold
the words (it used to be weighted 0.2). Every phrase counts alike (no inverse document
frequency): every hit holds every typed word anyway.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .backends import Match
from .plan import MatchPlan, Phrase
from .tokenizer import is_cjk

RERANK = 100  # candidates re-ordered by relevance; deeper pages follow the static order
K1, B = 1.2, 0.75  # the usual BM25 constants
AVERAGE_CHARS = 140.0  # about a claim; only the shape of the length curve depends on it
_GAP = r"[\W_]*"  # what the index skips between two tokens: spaces, punctuation
_LATIN_BEFORE, _LATIN_AFTER = r"(?<![a-z0-9])", r"(?![a-z0-9])"


@lru_cache(maxsize=256)
def phrase_pattern(phrase: Phrase) -> re.Pattern:
    """A regular expression finding ``phrase`` in lower-cased text, roughly as the index does.

    Only for counting: the index has already decided what matches. A run of Chinese bigrams is
    its characters in a row (泛化 化能 能力 -> 泛化能力); a Latin word is whole, or a word start
    when it is a prefix; tokens may have spaces or punctuation between them.
    """
    pieces: list[str] = []
    run: str | None = None  # the Chinese run being rebuilt from its overlapping bigrams
    for token in phrase:
        text = token.text
        if is_cjk(text[0]):
            if run is not None and text[0] == run[-1]:
                if len(text) > 1:  # a lone last character repeats the run's end: nothing new
                    run += text[1:]
                    pieces[-1] = re.escape(run)
                continue
            run = text
            pieces.append(re.escape(text))
        else:
            run = None
            ending = r"[^\W_]*" if token.prefix else _LATIN_AFTER
            pieces.append(_LATIN_BEFORE + re.escape(text) + ending)
    return re.compile(_GAP.join(pieces))


def score(text: str, phrases: list[Phrase]) -> float:
    """BM25's term-frequency part summed over the phrases, with length normalisation."""
    if not text:
        return 0.0
    lowered = text.lower()
    norm = K1 * (1 - B + B * len(text) / AVERAGE_CHARS)
    total = 0.0
    for phrase in phrases:
        count = len(phrase_pattern(phrase).findall(lowered))
        if count:
            total += count * (K1 + 1) / (count + norm)
    return total


def ranked_ids(matches: list[Match], plan: MatchPlan) -> list[int]:
    """Claim ids in final order: the first RERANK matches by tier, score, date and newest claim;
    then the others as they came."""
    head, tail = matches[:RERANK], matches[RERANK:]
    phrases = plan.text_phrases
    scored = [(match, score(match.text or "", phrases)) for match in head]
    scored.sort(
        key=lambda pair: (
            pair[0].tier,
            -pair[1],
            -(pair[0].published.toordinal() if pair[0].published else 0),
            -pair[0].claim_id,
        )
    )
    return [match.claim_id for match, _score in scored] + [match.claim_id for match in tail]
