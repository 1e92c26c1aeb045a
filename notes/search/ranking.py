"""Relevance for the top candidates only: a BM25-style score computed in Python from their text.

The index gives the matches in static order (key points and highlights first, then the talk's
date, then the newest claim). The first RERANK of them are re-ordered within their tier by how
often and how densely they hold the query's words; the rest keep the static order. So a common
word costs the same as a rare one: nothing scores every row that holds it (FTS5's bm25() and
ts_rank over a capped set both did), and the pages agree with each other, since the re-ranked
block is the same whatever page is asked for.

The score reads the claim's own text only, with the same tokens the index holds: a claim found
through its speaker's name, its translation or a theme scores 0 and comes after those that hold
the words (it used to be weighted 0.2). Every phrase counts alike (no inverse document
frequency): every hit holds every typed word anyway.
"""

from __future__ import annotations

from .backends import Match
from .plan import MatchPlan, Phrase, QueryToken
from .tokenizer import token_texts

RERANK = 100  # candidates re-ordered by relevance; deeper pages follow the static order
K1, B = 1.2, 0.75  # the usual BM25 constants
AVERAGE_TOKENS = 40.0  # about a claim of 140 characters; only the shape of the curve depends on it


def _matches(token: str, wanted: QueryToken) -> bool:
    return token.startswith(wanted.text) if wanted.prefix else token == wanted.text


def occurrences(tokens: list[str], phrase: Phrase) -> int:
    """How many times ``phrase`` occurs in ``tokens`` (adjacent, in order), as the index matches."""
    size, first, found = len(phrase), phrase[0], 0
    for i in range(len(tokens) - size + 1):
        if _matches(tokens[i], first) and all(
            _matches(tokens[i + j], phrase[j]) for j in range(1, size)
        ):
            found += 1
    return found


def score(text: str, phrases: list[Phrase]) -> float:
    """BM25's term-frequency part summed over the phrases, with length normalisation."""
    tokens = token_texts(text)
    if not tokens:
        return 0.0
    norm = K1 * (1 - B + B * len(tokens) / AVERAGE_TOKENS)
    total = 0.0
    for phrase in phrases:
        count = occurrences(tokens, phrase)
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
