"""Likely duplicate talks that nothing proves are one: two write-ups of the same essay, say.

Each talk's claim text becomes a set of "phrases": 3-character runs of Chinese text and 3-word runs of
Latin text, a fixed quarter of them kept by hash so that memory stays small. Two talks are likely the
same when, in either script, a large share of the smaller talk's phrases also occur in the other
(different translations of one text share many; unrelated talks on one topic share few). A shared
speaker adds a little to the score. The index covers all talks and is built once per import run.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q

from notes.models import Claim, DuplicateSuggestion, Talk, TalkSpeaker

THRESHOLD = 0.2  # share of the smaller talk's phrases found in the other (measured: 0.35 vs ≤0.08)
MIN_PHRASES = 30  # sampled phrases a talk needs in a script before it is compared in that script
SPEAKER_BONUS = 0.05
MAX_SUGGESTIONS = 3  # per talk and check, so near-identical bulk imports cannot explode
_SKETCH = 128  # hashes per script used to find candidates
_MAX_POSTING = 2000  # phrases shared by more talks than this say nothing about identity
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Fingerprint:
    cjk: frozenset[int]
    latin: frozenset[int]
    speakers: frozenset[int]


def _sampled(shingles) -> frozenset[int]:
    hashes = (zlib.crc32(s.encode()) for s in shingles)
    return frozenset(h for h in hashes if h % 4 == 0)


def text_fingerprint(texts: list[str], speakers=()) -> Fingerprint:
    """The sampled phrase sets of a talk's claim texts."""
    cjk, latin = [], []
    for text in texts:
        for run in _CJK_RUN.findall(text):
            cjk.extend(run[i : i + 3] for i in range(len(run) - 2))
        words = _WORD.findall(text.lower())
        latin.extend(" ".join(words[i : i + 3]) for i in range(len(words) - 2))
    return Fingerprint(_sampled(cjk), _sampled(latin), frozenset(speakers))


def similarity(a: Fingerprint, b: Fingerprint) -> tuple[float, str]:
    """(share, script): the best share of the smaller phrase set found in the other."""
    best, script = 0.0, ""
    for name, left, right in (("Chinese", a.cjk, b.cjk), ("English", a.latin, b.latin)):
        if min(len(left), len(right)) < MIN_PHRASES:
            continue
        share = len(left & right) / min(len(left), len(right))
        if share > best:
            best, script = share, name
    return best, script


class DuplicateIndex:
    """Phrase fingerprints of all talks, for one import run (built on first use)."""

    def __init__(self):
        self._prints: dict[int, Fingerprint] | None = None
        self._postings: dict[int, set[int]] = defaultdict(set)

    def _load(self) -> None:
        texts: dict[int, list[str]] = defaultdict(list)
        for talk_id, text in Claim.objects.values_list("talk_id", "text").iterator(chunk_size=2000):
            texts[talk_id].append(text)
        speakers: dict[int, set[int]] = defaultdict(set)
        for talk_id, speaker_id in TalkSpeaker.objects.exclude(role="mentioned").values_list(
            "talk_id", "speaker_id"
        ):
            speakers[talk_id].add(speaker_id)
        self._prints = {}
        for talk_id, talk_texts in texts.items():
            self.remember(talk_id, text_fingerprint(talk_texts, speakers[talk_id]))

    def prepare(self) -> None:
        """Build the index now from committed rows (a dry run must not build it from rolled-back ones)."""
        if self._prints is None:
            self._load()

    def fingerprint_of(self, talk: Talk) -> Fingerprint:
        """The talk's fingerprint as the database holds it now."""
        texts = list(talk.claims.values_list("text", flat=True))
        speakers = talk.talk_speakers.exclude(role="mentioned").values_list("speaker_id", flat=True)
        return text_fingerprint(texts, speakers)

    def remember(self, talk_id: int, fingerprint: Fingerprint) -> None:
        """Put (or replace) a talk's fingerprint in the index; call once its import is committed."""
        if self._prints is None:
            self._load()
        old = self._prints.get(talk_id)
        if old:
            for h in old.cjk | old.latin:
                self._postings[h].discard(talk_id)
        self._prints[talk_id] = fingerprint
        for h in fingerprint.cjk | fingerprint.latin:
            self._postings[h].add(talk_id)

    def forget(self, talk_id: int) -> None:
        if self._prints is not None and talk_id in self._prints:
            self.remember(talk_id, Fingerprint(frozenset(), frozenset(), frozenset()))
            del self._prints[talk_id]

    def suggest(self, talk: Talk, fingerprint: Fingerprint) -> list[DuplicateSuggestion]:
        """Record open suggestions for the talks ``talk`` is probably the same as; returns new ones."""
        if self._prints is None:
            self._load()
        hits: Counter[int] = Counter()
        # Candidates come from the talk's smallest hashes only (a bottom-k sketch), so the cost per
        # check stays flat even when many talks share most of their phrases.
        sketch = sorted(fingerprint.cjk)[:_SKETCH] + sorted(fingerprint.latin)[:_SKETCH]
        for h in sketch:
            posting = self._postings.get(h)
            if posting and len(posting) <= _MAX_POSTING:
                hits.update(posting)
        hits.pop(talk.pk, None)
        scored = []
        for other_id, _count in hits.most_common(20):
            other = self._prints.get(other_id)
            share, script = similarity(fingerprint, other)
            if share < THRESHOLD:
                continue
            shared = fingerprint.speakers & other.speakers
            scored.append(
                (share + (SPEAKER_BONUS if shared else 0), share, script, shared, other_id)
            )
        scored.sort(key=lambda item: (-item[0], item[4]))
        return [
            suggestion
            for item in scored[:MAX_SUGGESTIONS]
            if (suggestion := _record(talk, *item)) is not None
        ]


def _record(talk, score, share, script, shared, other_id) -> DuplicateSuggestion | None:
    pair = Q(talk=talk, other_id=other_id) | Q(talk_id=other_id, other=talk)
    if DuplicateSuggestion.objects.filter(pair).exists():
        return None  # already suggested, merged or dismissed: a curator's answer stands
    if not Talk.objects.filter(pk=other_id).exists():
        return None  # merged away by the file being imported
    reason = (
        f"{share:.0%} of the {script} phrases of the shorter talk also occur in the other"
        + (f"; {len(shared)} speaker(s) in common" if shared else "")
        + "."
    )
    return DuplicateSuggestion.objects.create(
        talk=talk, other_id=other_id, score=round(score, 3), reason=reason
    )
