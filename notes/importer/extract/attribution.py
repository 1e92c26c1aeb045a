"""Who holds a key point or highlight that names them ("Ilya 认为…", "Karpathy argues …").

A summary often writes a point as a speaker's view: a name (full, first, last, or an alias the
talk knows) at the start of a sentence followed by a verb of holding ("argues", "believes",
"认为", "指出", "主张"), or "According to X," / "据X". A sentence that starts with a pronoun
("他主张…", "He argues …") holds the view of the point or paragraph just before it, when that one
was attributed. Only names that resolve to one of the talk's speakers are attached outright; a
name the talk does not list is passed on with ``speaker_if_known`` set, and the identity step
attaches it only when the knowledge base already knows that person (it never creates one from a
common word). Turn labels stay the dialogue's business: claims that already carry a speaker are
left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...normalise import normalise_name
from ..types import Evidence, ParsedClaim, ParsedSpeaker
from .names import is_label_name, is_person_name

ATTRIBUTED_KINDS = ("key_point", "highlight")
LEAD_KINDS = ("key_point", "highlight", "passage")  # what a pronoun sentence may continue
_EN_VERBS = (
    r"argues|argued|believes|believed|thinks|thought|claims|claimed|contends|maintains|holds|"
    r"says|said|notes|noted|points out|pointed out|suggests|suggested|stresses|stressed|"
    r"emphasi[sz]es|emphasi[sz]ed|warns|warned|predicts|predicted|insists|insisted|expects|"
    r"envisions|envisages|proposes|proposed|observes|observed|explains|explained|sees|saw|"
    r"advocates|advocated|asserts|asserted|is convinced|remains convinced|speculates|speculated|"
    r"highlights|highlighted|underscores|acknowledges|acknowledged|recommends|recommended|"
    r"cautions|cautioned|doubts|hopes|worries|admits|admitted|concludes|concluded|reckons"
)
_EN_ADVERBS = r"(?:(?:also|further|still|now|firmly|strongly|repeatedly|then)\s+)?"
_ZH_VERBS = (
    r"认为|主张|指出|表示|强调|提出|坚持|相信|觉得|提到|预测|预言|警告|解释|判断|建议|断言|"
    r"坦言|直言|提醒|呼吁|设想|展望|推测|担心|希望|承认|坚信|认定|总结|说"
)
_ZH_ADVERBS = r"(?:也|还|则|更|又|进一步|同时|明确|再次|一直|始终|特别)?"
_LATIN_NAME = r"[A-Z][A-Za-z'’.-]*(?:\s+[A-Z][A-Za-z'’.-]*){0,3}"
_HAN_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·•・]{1,7}?"
_NAME = rf"(?:{_LATIN_NAME}|{_HAN_NAME})"
_HOLDS = [
    re.compile(rf"^(?P<name>{_LATIN_NAME})\s+{_EN_ADVERBS}(?:{_EN_VERBS})\b"),
    re.compile(rf"^(?P<name>{_NAME})\s*{_ZH_ADVERBS}(?:{_ZH_VERBS})"),
    re.compile(rf"^(?:According to|In the view of|Per)\s+(?P<name>{_LATIN_NAME})\s*[,，]"),
    re.compile(rf"^(?:据|按照|按|依)(?P<name>{_NAME})\s*(?:的说法|所说|看来|的观点)?[，,]"),
    re.compile(rf"^在(?P<name>{_NAME})\s*看来"),
]
_PRONOUN = re.compile(
    rf"^(?:(?:他|她){_ZH_ADVERBS}(?:{_ZH_VERBS}|看来)|(?:He|She)\s+{_EN_ADVERBS}(?:{_EN_VERBS})\b"
    rf"|In (?:his|her) view\b)"
)
# Where a sentence (or a Chinese clause) starts inside a point.
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?。！？；;])\s*|(?<=[，,])\s*(?=[\u4e00-\u9fff]))")


@dataclass
class _Holder:
    written: str  # the name as the point wrote it
    speaker: str  # the talk's speaker it resolved to, or the name itself when not in the talk
    in_talk: bool


def _speaker_keys(speakers: list[ParsedSpeaker]) -> dict[str, str]:
    """Every spelling of each speaker of the talk -> that speaker's name; shared tokens dropped."""
    keys: dict[str, str] = {}
    tokens: dict[str, set[str]] = {}
    for person in speakers:
        if person.if_known:
            continue  # a show or channel, not yet a person
        for name in (person.name, *person.aliases):
            keys.setdefault(normalise_name(name), person.name)
            parts = re.split(r"[\s·•・‧]+", name.strip())
            if len(parts) > 1:
                for part in (parts[0], parts[-1]):
                    if len(part) > 1:
                        tokens.setdefault(normalise_name(part), set()).add(person.name)
    for token, owners in tokens.items():
        if len(owners) == 1:
            keys.setdefault(token, next(iter(owners)))
    return keys


def _names_written(text: str, first_only: bool) -> list[str]:
    """Names standing as the holder of a sentence of ``text`` (only the first sentence if asked)."""
    found = []
    starts = [0] if first_only else sorted({m.start() for m in _SENTENCE_START.finditer(text)})
    for start in starts:
        sentence = text[start:].lstrip(" \"'“”‘’「」*")
        for pattern in _HOLDS:
            match = pattern.match(sentence)
            if match:
                found.append(match.group("name").strip(" ·"))
                break
    return found


def _holder(text: str, keys: dict[str, str]) -> _Holder | None:
    """The one speaker of the talk the point names as holding it, else a person it may name."""
    resolved = {}
    for written in _names_written(text, first_only=False):
        speaker = keys.get(normalise_name(written))
        if speaker:
            resolved.setdefault(speaker, written)
    if len(resolved) == 1:
        speaker, written = next(iter(resolved.items()))
        return _Holder(written, speaker, True)
    if resolved:
        return None  # two people named as holding views: whose point it is stays open
    for written in _names_written(text, first_only=True):
        if is_person_name(written) or is_label_name(written):
            # "Karpathy argues": one word may be a surname the knowledge base knows; persist
            # looks it up and never makes a speaker of it
            return _Holder(written, written, False)
    return None


def attribute_claims(claims: list[ParsedClaim], speakers: list[ParsedSpeaker]) -> list[Evidence]:
    """Give key points and highlights the speaker they name as holding them; evidence of each."""
    keys = _speaker_keys(speakers)
    written: dict[int, str] = {}  # claim index -> the name as its point (or partner) wrote it
    previous: _Holder | None = None
    previous_section: int | None = None
    for index, claim in enumerate(claims):
        if claim.kind not in LEAD_KINDS:
            previous = None
            continue
        holder = None if claim.speaker else _holder(claim.text, keys)
        continues = previous is not None and claim.section == previous_section
        if holder is None and continues and _PRONOUN.match(claim.text.lstrip(" \"'“”‘’「」*")):
            holder = previous  # "他主张…" goes on with the point that named him
        if holder is not None and not claim.speaker and claim.kind in ATTRIBUTED_KINDS:
            claim.speaker = holder.speaker
            claim.speaker_if_known = not holder.in_talk
            written[index] = holder.written
        previous = holder
        previous_section = claim.section
    _share_with_translations(claims, written)
    return _evidence(claims, written)


def _share_with_translations(claims: list[ParsedClaim], written: dict[int, str]) -> None:
    """The same point in the other language is held by the same person; a speaker of the talk
    on one side wins over a name the talk does not list on the other ("苏茨科夫" / "Sutskever")."""
    for in_talk_pass in (True, False):
        for index, claim in enumerate(claims):
            other = claim.translation
            partner = claims[other] if other is not None else None
            if (
                partner is None
                or index not in written
                or claim.speaker_if_known == in_talk_pass
                or claim.kind not in ATTRIBUTED_KINDS
                or partner.kind not in ATTRIBUTED_KINDS
            ):
                continue
            if not partner.speaker or (partner.speaker_if_known and in_talk_pass):
                partner.speaker = claim.speaker
                partner.speaker_if_known = claim.speaker_if_known
                written.setdefault(other, written[index])


def _evidence(claims: list[ParsedClaim], written: dict[int, str]) -> list[Evidence]:
    """One row per name as written and the speaker it came to: which points it holds."""
    lines: dict[tuple[str, str, bool], list[int]] = {}
    for index, name in written.items():
        claim = claims[index]
        if claim.speaker_if_known and not is_person_name(name):
            continue  # one word ("Research suggests") is worth a row only once it is known
        key = (name, claim.speaker or "", not claim.speaker_if_known)
        lines.setdefault(key, [])
        if claim.line:
            lines[key].append(claim.line)
    rows = []
    for (name, speaker, in_talk), found in lines.items():
        found = sorted(set(found))
        where = ", ".join(str(line) for line in found[:8]) + ("…" if len(found) > 8 else "")
        count = max(len(found), 1)
        points = f"{count} point{'s' if count > 1 else ''}"
        on_lines = f" (line{'s' if len(found) > 1 else ''} {where})" if found else ""
        if in_talk:
            resolved = "" if name == speaker else f", resolved to {speaker}"
            note = f"holds {points}{on_lines}{resolved}"
        else:
            note = f"holds {points}{on_lines} if the knowledge base knows this person"
        first = found[0] if found else None
        rows.append(
            Evidence("speaker", name, "a point that names who holds it", in_talk, note, first)
        )
    return rows
