"""Who speaks in a talk, in what role, under which short forms.

Evidence, strongest first: front-matter host/guest/speaker keys and body labels ("嘉宾：",
"Host(s):", "访谈者："), names the title states ("Lex Fridman interview with Sam Altman",
"Ilya Sutskever – …", "… with Andrej Karpathy"), "By X" lines, phrases of the opening prose
("a speech by X"), and dialogue labels. Short forms resolve to a full name the file gives
("Ilya" -> "Ilya Sutskever", "SA" -> "Sam Altman"), else to a well-known host (KNOWN_HOSTS), else
stay as written. Roles: explicit labels win; in a dialogue the speaker asking most questions is
the host; with a host present the others are guests; a lone speaker is the author of a talk or
essay, or the guest of an interview or podcast. ``people:`` in front matter are "mentioned".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...normalise import normalise_name
from ..types import ParsedClaim, ParsedSpeaker
from .metadata import Field, fm_lookup
from .names import (
    clean_person,
    is_han_name,
    is_numbered_speaker,
    is_person_name,
    names_in_prose,
    names_in_title,
    split_people,
)
from .vocabulary import ROLE_LABELS

# Hosts of well-known shows, found by their show name or by the first name they use in transcripts.
KNOWN_HOSTS = {
    "Dwarkesh Patel": ("dwarkesh", "dwarkesh podcast", "dwarkesh patel"),
    "Lex Fridman": ("lex fridman podcast", "lex fridman"),
    "Lenny Rachitsky": ("lenny's podcast", "lenny rachitsky"),
}
ROLE_ORDER = {"host": 0, "guest": 1, "author": 2, "speaker": 3, "dialogue": 4, "mentioned": 5}
HOST_QUESTION_SHARE = 0.3
_ROLE_WORDS = {word for words in ROLE_LABELS.values() for word in words}


@dataclass
class _Person:
    name: str
    roles: set[str] = field(default_factory=set)
    aliases: list[str] = field(default_factory=list)


def known_host(text: str) -> str | None:
    """The full name of a well-known host named by ``text`` (a show, a name or a first name)."""
    folded = " ".join(str(text or "").casefold().split())
    for name, keys in KNOWN_HOSTS.items():
        if folded in keys:
            return name
    return None


def _podcast_host(value: str) -> str | None:
    """ "Lex Fridman Podcast" -> "Lex Fridman" (a show named after its host)."""
    words = value.split()
    if len(words) >= 3 and words[-1].casefold() in ("podcast", "show"):
        name = " ".join(words[:-1])
        return name if is_person_name(name) else None
    return None


class SpeakerBook:
    """Collects evidence about people and settles names, aliases and roles."""

    def __init__(self):
        self.people: dict[str, _Person] = {}
        self.pending_authors: list[str] = []

    def add(self, name: str, role: str) -> None:
        name = clean_person(name)
        if not name or not (is_person_name(name) or role == "dialogue"):
            return
        key = normalise_name(name)
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = _Person(name)
        person.roles.add(role)

    def add_front_matter(self, data: dict) -> None:
        """host/guest/speaker/author/people keys; show or channel names of known hosts."""
        keys = (
            (("host", "hosts", "interviewer", "moderator"), "host"),
            (("guest", "guests", "interviewee"), "guest"),
            (("speaker", "speakers", "presenter", "lecturer"), "speaker"),
            (("people", "mentioned", "people_mentioned", "persons"), "mentioned"),
        )
        for names, role in keys:
            for name in split_people(fm_lookup(data, *names)):
                self.add(name, role)
        for name in split_people(fm_lookup(data, "author", "authors")):
            host = _podcast_host(name)
            if host:
                self.add(host, "host")
            else:
                self.pending_authors.append(name)
        for key in ("channel", "show", "podcast"):
            value = fm_lookup(data, key)
            host = known_host(value) if isinstance(value, str) else None
            if host:
                self.add(host, "host")

    def add_fields(self, fields: list[Field]) -> None:
        """Body labels: 主播/嘉宾/Host(s)/Guest(s)/Speaker/作者/访谈者, "By X", a non-URL Source."""
        for item in fields:
            parts = item.parts or [(item.field, item.value)]
            for field_name, value in parts:
                role = {"host": "host", "guest": "guest", "speaker": "speaker", "author": "speaker"}
                if field_name in role:
                    for name in split_people(value):
                        self.add(name, role[field_name])
                elif field_name == "url" and not item.urls:
                    first = split_people(value)[:1]
                    if first and is_person_name(first[0]):
                        self.add(first[0], "speaker")

    def add_title(self, title: str) -> None:
        for name, role in names_in_title(title):
            self.add(name, role)

    def add_prose(self, text: str) -> None:
        """Names in opening prose: weak evidence, so they join as speakers of unknown role."""
        for name, _role in names_in_prose(text):
            self.add(name, "speaker")

    # settle --------------------------------------------------------------------------------
    def settle(self, claims: list[ParsedClaim], interview: bool) -> list[ParsedSpeaker]:
        """The talk's speakers with roles and aliases; claims' labels are left as written."""
        self._settle_authors()
        self._absorb_dialogue(claims)
        self._known_hosts()
        self._dialogue_roles(claims)
        speakers = self._roles(interview)
        return sorted(speakers, key=lambda person: (ROLE_ORDER.get(person.role, 9), person.name))

    def _settle_authors(self) -> None:
        """A front-matter author is a speaker only when other evidence names the same person."""
        for name in self.pending_authors:
            key = normalise_name(clean_person(name))
            if key in self.people and "mentioned" not in self.people[key].roles:
                self.people[key].roles.add("author")

    def _full_name_for(self, label: str) -> _Person | None:
        folded = label.casefold()
        full = [
            person for person in self.people.values() if " " in person.name or "·" in person.name
        ]
        by_token = [
            person
            for person in full
            if folded in (token.casefold() for token in person.name.replace("·", " ").split())
        ]
        if len(by_token) == 1:
            return by_token[0]
        if label.isupper() and 2 <= len(label) <= 3:
            by_initials = [
                person
                for person in full
                if "".join(token[0] for token in person.name.split()).upper() == label
            ]
            if len(by_initials) == 1:
                return by_initials[0]
        return None

    def _absorb_dialogue(self, claims: list[ParsedClaim]) -> None:
        labels = []
        for claim in claims:
            if claim.speaker and claim.speaker not in labels:
                labels.append(claim.speaker)
        for label in labels:
            if is_numbered_speaker(label):
                continue
            role_word = label.casefold() in _ROLE_WORDS
            person = self.people.get(normalise_name(label)) or (
                None if role_word else self._full_name_for(label)
            )
            if person is None and role_word:
                person = self._only_with_role(label)
            if person is None and not role_word:
                host = known_host(label)
                if host:
                    self.add(host, "host")
                    person = self.people[normalise_name(host)]
            if person is None and not role_word and (is_person_name(label) or _first_name(label)):
                self.add(label, "dialogue")
                person = self.people.get(normalise_name(label))
            if person is None:
                continue
            person.roles.add("dialogue")
            if label != person.name and label not in person.aliases:
                person.aliases.append(label)

    def _only_with_role(self, label: str) -> _Person | None:
        role = next(
            (name for name, words in ROLE_LABELS.items() if label.casefold() in words), None
        )
        matches = [person for person in self.people.values() if role in person.roles]
        return matches[0] if len(matches) == 1 else None

    def _known_hosts(self) -> None:
        for person in self.people.values():
            if known_host(person.name) == person.name and person.roles <= {"speaker", "dialogue"}:
                person.roles.add("host")

    def _dialogue_roles(self, claims: list[ParsedClaim]) -> None:
        """In a dialogue without a named host, the one asking most questions hosts."""
        if any("host" in person.roles for person in self.people.values()):
            return
        asked: dict[str, list[int]] = {}
        for claim in claims:
            if claim.kind != "dialogue" or not claim.speaker:
                continue
            person = self._person_for_label(claim.speaker)
            if person is None:
                continue
            counts = asked.setdefault(normalise_name(person.name), [0, 0])
            counts[0] += claim.text.rstrip().endswith(("?", "？"))
            counts[1] += 1
        if len(asked) < 2:
            return
        shares = {key: questions / total for key, (questions, total) in asked.items()}
        best = max(shares, key=lambda key: (shares[key], key))
        others = [share for key, share in shares.items() if key != best]
        if shares[best] >= HOST_QUESTION_SHARE and shares[best] >= 2 * max(others):
            self.people[best].roles.add("host")

    def _person_for_label(self, label: str) -> _Person | None:
        key = normalise_name(label)
        if key in self.people:
            return self.people[key]
        for person in self.people.values():
            if label in person.aliases:
                return person
        return None

    def _roles(self, interview: bool) -> list[ParsedSpeaker]:
        speakers = []
        active = [person for person in self.people.values() if person.roles - {"mentioned"}]
        has_host = any("host" in person.roles for person in active)
        for person in active:
            if "host" in person.roles:
                role = "host"
            elif "guest" in person.roles:
                role = "guest"
            elif "author" in person.roles and len(active) == 1:
                role = "author"
            elif has_host or len(active) > 1 or interview:
                role = "guest"
            else:
                role = "author"
            speakers.append(ParsedSpeaker(person.name, role, list(person.aliases)))
        for person in self.people.values():
            if person.roles == {"mentioned"}:
                speakers.append(ParsedSpeaker(person.name, "mentioned", list(person.aliases)))
        return speakers


def _first_name(label: str) -> bool:
    """A single capitalised word or a short Han name used as a dialogue label."""
    return (label[:1].isupper() and label.isalpha() and len(label) <= 20) or is_han_name(label)
