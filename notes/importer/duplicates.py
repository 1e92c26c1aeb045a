"""Likely duplicate talks that nothing proves are one: two write-ups of the same essay, say.

Each talk's claim text becomes a set of "phrases": 3-character runs of Chinese text and 3-word runs of
Latin text, a fixed quarter of them kept by hash so that memory stays small. Two talks are likely the
same when, in either script, a large share of the smaller talk's phrases also occur in the other
(different translations of one text share many; unrelated talks on one topic share few). A shared
speaker adds a little to the score. The index covers all talks and is built once per import run,
in compact arrays (DuplicateIndex).
"""

from __future__ import annotations

import heapq
import re
import zlib
from array import array
from bisect import bisect_left
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
_MERGE_AT = 50_000  # recent postings kept in a dict before they are folded into the sorted array
_LOW = 0xFFFFFFFF
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


def text_phrases(texts: list[str]) -> tuple[frozenset[int], frozenset[int]]:
    """The sampled (Chinese, Latin) phrase hashes of a talk's claim texts: no database, so an
    import's worker process makes them (notes.importer.prepare) and the main process only adds the
    speakers."""
    cjk, latin = [], []
    for text in texts:
        for run in _CJK_RUN.findall(text):
            cjk.extend(run[i : i + 3] for i in range(len(run) - 2))
        words = _WORD.findall(text.lower())
        latin.extend(" ".join(words[i : i + 3]) for i in range(len(words) - 2))
    return _sampled(cjk), _sampled(latin)


def text_fingerprint(texts: list[str], speakers=(), phrases=None) -> Fingerprint:
    """The sampled phrase sets of a talk's claim texts (``phrases``: text_phrases(texts), when
    already made)."""
    cjk, latin = phrases if phrases is not None else text_phrases(texts)
    return Fingerprint(cjk, latin, frozenset(speakers))


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
    """Phrase fingerprints of all talks, for one import run (built on first use).

    Stored compactly, since a run may meet tens of thousands of talks: each talk's phrase hashes as
    sorted 4-byte arrays, and the postings (which talks have a hash) as a few sorted arrays of 8-byte
    ``hash << 32 | talk id`` entries searched by bisection (a log-structured merge: recent entries
    sit in a small dict, which becomes a sorted run when full; runs of like size are merged). About
    12 bytes per phrase hash instead of a Python set per hash, and no merge ever holds more than
    two runs at once. Postings of a talk's replaced fingerprint stay until a merge; a lookup only
    counts a talk whose current fingerprint still has the hash.
    """

    def __init__(self):
        self._prints: dict[int, _Stored] | None = None
        self._runs: list[array] = []
        self._recent: dict[int, list[int]] = defaultdict(list)
        self._recent_size = 0
        self._stale = False  # a talk was replaced or forgotten: the next merge drops its entries

    def _load(self) -> None:
        self._prints = {}
        speakers: dict[int, set[int]] = defaultdict(set)
        for talk_id, speaker_id in TalkSpeaker.objects.exclude(role="mentioned").values_list(
            "talk_id", "speaker_id"
        ):
            speakers[talk_id].add(speaker_id)
        # Claims arrive by talk, so only one talk's texts are held at a time.
        rows = Claim.objects.order_by("talk_id").values_list("talk_id", "text")
        current, texts = None, []
        for talk_id, text in rows.iterator(chunk_size=2000):
            if talk_id != current and texts:
                self.remember(current, text_fingerprint(texts, speakers[current]))
                texts = []
            current = talk_id
            texts.append(text)
        if texts:
            self.remember(current, text_fingerprint(texts, speakers[current]))
        self._merge()

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
        self._stale = self._stale or talk_id in self._prints
        self._prints[talk_id] = _Stored.of(fingerprint)
        for h in fingerprint.cjk | fingerprint.latin:
            self._recent[h].append(talk_id)
        self._recent_size += len(fingerprint.cjk) + len(fingerprint.latin)
        if self._recent_size > _MERGE_AT:
            self._merge()

    def forget(self, talk_id: int) -> None:
        if self._prints is not None and self._prints.pop(talk_id, None) is not None:
            self._stale = True

    def _merge(self) -> None:
        """Turn the recent postings into a sorted run; merge the last runs while of like size."""
        recent = array(
            "Q", sorted((h << 32) | t for h, talks in self._recent.items() for t in talks)
        )
        self._recent = defaultdict(list)
        self._recent_size = 0
        self._runs.append(recent)
        while len(self._runs) > 1 and len(self._runs[-2]) <= 2 * len(self._runs[-1]):
            newer, older = self._runs.pop(), self._runs.pop()
            entries = heapq.merge(older, newer)
            if self._stale:  # only the whole index's merge may forget that it was stale
                entries = (e for e in entries if self._has(e & _LOW, e >> 32))
            self._runs.append(array("Q", entries))
        if len(self._runs) == 1:
            self._stale = False

    def _has(self, talk_id: int, h: int) -> bool:
        stored = self._prints.get(talk_id)
        return stored is not None and stored.has(h)

    def _talks_with(self, h: int) -> list[int]:
        """The talks whose current fingerprint has ``h`` ([] when more than _MAX_POSTING do)."""
        found = list(self._recent.get(h, ()))
        for run in self._runs:
            position = bisect_left(run, h << 32)
            while position < len(run) and run[position] >> 32 == h:
                found.append(run[position] & _LOW)
                position += 1
                if len(found) > 2 * _MAX_POSTING:
                    return []
        talks = {t for t in found if self._has(t, h)}
        return [] if len(talks) > _MAX_POSTING else list(talks)

    def suggest(self, talk: Talk, fingerprint: Fingerprint) -> list[DuplicateSuggestion]:
        """Record open suggestions for the talks ``talk`` is probably the same as; returns new ones."""
        if self._prints is None:
            self._load()
        hits: Counter[int] = Counter()
        # Candidates come from the talk's smallest hashes only (a bottom-k sketch), so the cost per
        # check stays flat even when many talks share most of their phrases.
        sketch = sorted(fingerprint.cjk)[:_SKETCH] + sorted(fingerprint.latin)[:_SKETCH]
        for h in sketch:
            hits.update(self._talks_with(h))
        hits.pop(talk.pk, None)
        scored = []
        for other_id, _count in sorted(hits.items(), key=lambda item: (-item[1], item[0]))[:20]:
            other = self._prints[other_id]
            share, script = other.similarity(fingerprint)
            if share < THRESHOLD:
                continue
            shared = fingerprint.speakers.intersection(other.speakers)
            scored.append(
                (share + (SPEAKER_BONUS if shared else 0), share, script, shared, other_id)
            )
        scored.sort(key=lambda item: (-item[0], item[4]))
        return _record(talk, scored[:MAX_SUGGESTIONS])


@dataclass(frozen=True)
class _Stored:
    """A fingerprint as the index keeps it: sorted hash arrays and the speaker ids."""

    cjk: array
    latin: array
    speakers: tuple[int, ...]

    @classmethod
    def of(cls, fingerprint: Fingerprint) -> _Stored:
        return cls(
            array("I", sorted(fingerprint.cjk)),
            array("I", sorted(fingerprint.latin)),
            tuple(sorted(fingerprint.speakers)),
        )

    def has(self, h: int) -> bool:
        return _contains(self.cjk, h) or _contains(self.latin, h)

    def similarity(self, other: Fingerprint) -> tuple[float, str]:
        """``similarity`` of ``other`` and this talk, without building this talk's sets again."""
        best, script = 0.0, ""
        for name, left, right in (
            ("Chinese", other.cjk, self.cjk),
            ("English", other.latin, self.latin),
        ):
            smaller = min(len(left), len(right))
            if smaller < MIN_PHRASES:
                continue
            share = len(left.intersection(right)) / smaller
            if share > best:
                best, script = share, name
        return best, script


def _contains(hashes: array, h: int) -> bool:
    position = bisect_left(hashes, h)
    return position < len(hashes) and hashes[position] == h


def _record(talk, scored: list[tuple]) -> list[DuplicateSuggestion]:
    """Create the suggestions of ``scored`` (best first) in three queries, skipping pairs already
    suggested, merged or dismissed (a curator's answer stands) and talks merged away meanwhile."""
    if not scored:
        return []
    ids = [item[4] for item in scored]
    answered = set()
    pairs = Q(talk=talk, other_id__in=ids) | Q(talk_id__in=ids, other=talk)
    for talk_id, other_id in DuplicateSuggestion.objects.filter(pairs).values_list(
        "talk_id", "other_id"
    ):
        answered.add(other_id if talk_id == talk.pk else talk_id)
    wanted = [other_id for other_id in ids if other_id not in answered]
    others = Talk.objects.only("id", "title").in_bulk(wanted) if wanted else {}  # titles shown
    rows = []
    for score, share, script, shared, other_id in scored:
        if other_id in answered or other_id not in others:
            continue
        reason = (
            f"{share:.0%} of the {script} phrases of the shorter talk also occur in the other"
            + (f"; {len(shared)} speaker(s) in common" if shared else "")
            + "."
        )
        rows.append(
            DuplicateSuggestion(
                talk=talk, other=others[other_id], score=round(score, 3), reason=reason
            )
        )
    return DuplicateSuggestion.objects.bulk_create(rows) if rows else []
