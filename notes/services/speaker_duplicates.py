"""Speakers who are probably one person, with the evidence, for a curator to merge or dismiss.

Three kinds of evidence, strongest first: one spelling is both one speaker's name or alias and
another's (after normalise_name); a one-word name is a word of another speaker's name or alias
("伊利亚" and the alias "伊利亚·苏茨科夫" of Ilya Sutskever: one person in two scripts, linked by the
alias); two Latin names share surname and first initial ("I. Sutskever", "Ilya Sutskever"). Pairs a
curator dismissed are never suggested again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from notes.models import DismissedSpeakerPair, Speaker, SpeakerAlias
from notes.normalise import name_parts, normalise_name

_LATIN_WORD = re.compile(r"^[^\W\d_]+$", re.ASCII | re.IGNORECASE)


@dataclass
class SpeakerPair:
    first: Speaker
    second: Speaker
    strength: int = 0  # 3 same spelling, 2 one-word name inside another, 1 surname and initial
    evidence: list[str] = field(default_factory=list)


def _spellings(speakers, aliases_of) -> dict[int, list[str]]:
    return {s.pk: [s.name, *aliases_of[s.pk]] for s in speakers}


def find_speaker_duplicates() -> list[SpeakerPair]:
    """Every likely pair not dismissed, strongest first, each with one sentence per piece of evidence."""
    speakers = {s.pk: s for s in Speaker.objects.all()}
    aliases_of: dict[int, list[str]] = defaultdict(list)
    for speaker_id, alias in SpeakerAlias.objects.values_list("speaker_id", "alias"):
        aliases_of[speaker_id].append(alias)
    spellings = _spellings(speakers.values(), aliases_of)
    dismissed = set(DismissedSpeakerPair.objects.values_list("low_id", "high_id"))
    pairs: dict[tuple[int, int], SpeakerPair] = {}

    def note(a: int, b: int, strength: int, sentence: str) -> None:
        low, high = min(a, b), max(a, b)
        if a == b or (low, high) in dismissed:
            return
        pair = pairs.setdefault((low, high), SpeakerPair(speakers[low], speakers[high]))
        pair.strength = max(pair.strength, strength)
        if sentence not in pair.evidence:
            pair.evidence.append(sentence)

    by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_word: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_surname: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for speaker_id, names in spellings.items():
        for spelling in names:
            by_key[normalise_name(spelling)].append((speaker_id, spelling))
            for word in name_parts(spelling):
                by_word[word].append((speaker_id, spelling))
            words = spelling.replace(".", " ").split()
            if len(words) >= 2 and all(_LATIN_WORD.match(w) for w in words):
                by_surname[(words[-1].casefold(), words[0][0].casefold())].append(
                    (speaker_id, spelling)
                )

    for owners in by_key.values():
        for a, spelled_a in owners:
            for b, spelled_b in owners:
                if a < b:
                    note(
                        a,
                        b,
                        3,
                        f"“{spelled_a}” ({speakers[a]}) and “{spelled_b}” ({speakers[b]}) are the same spelling.",
                    )
    for a, names in spellings.items():
        for spelling in names:
            key = normalise_name(spelling)
            if len(name_parts(spelling)) != 1:
                continue
            for b, other in by_word.get(key, []):
                if b != a and normalise_name(other) != key:
                    note(
                        a,
                        b,
                        2,
                        f"“{spelling}” ({speakers[a]}) is one word of “{other}” ({speakers[b]}).",
                    )
    for owners in by_surname.values():
        for a, spelled_a in owners:
            for b, spelled_b in owners:
                if a < b:
                    note(
                        a,
                        b,
                        1,
                        f"“{spelled_a}” and “{spelled_b}” share the surname and the first initial.",
                    )
    return sorted(pairs.values(), key=lambda p: (-p.strength, p.first.name, p.second.name))


def dismiss_speaker_pair(first: Speaker, second: Speaker) -> DismissedSpeakerPair:
    """Record that two speakers are different people (idempotent)."""
    low, high = sorted([first.pk, second.pk])
    pair, _created = DismissedSpeakerPair.objects.get_or_create(low_id=low, high_id=high)
    return pair


def move_dismissals(keep: Speaker, other_ids: list[int]) -> None:
    """Before merging ``other_ids`` into ``keep``: their "different person" verdicts become keep's."""
    with transaction.atomic():
        rows = list(
            DismissedSpeakerPair.objects.filter(Q(low_id__in=other_ids) | Q(high_id__in=other_ids))
        )
        for row in rows:
            ends = {keep.pk if end in other_ids else end for end in (row.low_id, row.high_id)}
            row.delete()
            if len(ends) == 2:
                low, high = sorted(ends)
                DismissedSpeakerPair.objects.get_or_create(low_id=low, high_id=high)


def speakers_without_aliases():
    """Speakers no alias names yet: the curator's queue for adding other spellings."""
    return Speaker.objects.filter(aliases__isnull=True)
