"""Who speaks in a talk, in what role, under which short forms.

Evidence, strongest first: front-matter host/guest/speaker keys and body labels ("嘉宾：",
"Host(s):", "访谈者："), names the title states ("Lex Fridman interview with Sam Altman",
"Ilya Sutskever – …", "黄仁勋：…"), "By X" lines, role lines ("* Jane Roe - VP, Acme"), the
opening lines' introductions ("a speech by X", "today we have X", "对话X"), a URL slug the note
spells, and turn labels. Short forms resolve to a full name the file gives ("Ilya" -> "Ilya
Sutskever", "SA" -> "Sam Altman"), else stay as written: the identity step resolves them against
the speakers and aliases of the knowledge base (seeded with well-known hosts, editable in the
admin). A show or channel that is not a person's name ("Dwarkesh Podcast") is passed on with
``if_known`` set: it names its host only when the knowledge base knows it. Roles: explicit labels
win; in a dialogue the speaker asking most questions is the host; with a host present the others
are guests; a lone speaker is the author of a talk or essay, or the guest of an interview or
podcast. ``people:`` in front matter are "mentioned". Every name seen is kept as Evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...normalise import normalise_name
from ..types import Evidence, ParsedClaim, ParsedSpeaker
from .han_names import introduced_names, looks_like_person, title_lead_name
from .markdown_tree import Block
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
from .speaker_sources import (
    Found,
    bio_sections,
    chinese_introductions,
    introductions,
    role_lines,
    turn_labels,
    url_slug_guest,
)
from .text import cjk_count
from .vocabulary import ROLE_LABELS

ROLE_ORDER = {"host": 0, "guest": 1, "author": 2, "speaker": 3, "dialogue": 4, "mentioned": 5}
HOST_QUESTION_SHARE = 0.3
OPENING_BLOCKS = 12  # paragraphs and items read as "the opening lines"
OPENING_CHARS = 2500
_ROLE_WORDS = {word for words in ROLE_LABELS.values() for word in words}
_CHANNEL_KEYS = ("channel", "channel_name", "channelname", "uploader", "youtube_channel")
_SHOW_KEYS = ("show", "podcast", "series")


@dataclass
class _Person:
    name: str
    roles: set[str] = field(default_factory=set)
    aliases: list[str] = field(default_factory=list)


@dataclass
class _Seen:
    """One place the note names someone: kept so the curator sees why a speaker came out."""

    name: str
    role: str
    source: str
    line: int | None = None
    key: str = ""  # the person it was filed under ("" when the name was not taken as a person)


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
        self.shows: list[str] = []  # show or channel names that may name a host the KB knows
        self.turns: list[str] = []  # turn labels found by their shape (see speaker_sources)
        self.turns_asked: dict[str, tuple[int, int]] = {}  # label -> (questions, turns)
        self.seen: list[_Seen] = []
        self._settled_roles: dict[str, str] = {}

    def add(self, name: str, role: str, source: str = "", line: int | None = None) -> bool:
        """File ``name`` under ``role``; False when it does not look like a person."""
        name = clean_person(name)
        seen = _Seen(name, role, source or role, line)
        if name and source:
            self.seen.append(seen)
        if not name or not (is_person_name(name) or role == "dialogue"):
            return False
        key = seen.key = normalise_name(name)
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = _Person(name)
        person.roles.add(role)
        return True

    def add_found(self, found: list[Found]) -> None:
        """Rows from speaker_sources: turn labels are resolved with the dialogue, the rest filed."""
        for item in found:
            if item.role == "dialogue":
                if item.name not in self.turns:
                    self.turns.append(item.name)
                    self.turns_asked[item.name] = item.asked
                    self.seen.append(_Seen(item.name, "dialogue", item.source, item.line))
                continue
            if self.add(item.name, item.role, item.source, item.line) and item.alias:
                person = self.people[normalise_name(clean_person(item.name))]
                if item.alias not in person.aliases:
                    person.aliases.append(item.alias)

    def add_front_matter(self, data: dict) -> None:
        """host/guest/speaker/author/people keys; a channel or show named after its host."""
        keys = (
            (("host", "hosts", "interviewer", "moderator"), "host"),
            (("guest", "guests", "interviewee"), "guest"),
            (("speaker", "speakers", "presenter", "lecturer"), "speaker"),
            (("people", "mentioned", "people_mentioned", "persons"), "mentioned"),
        )
        for names, role in keys:
            for name in split_people(fm_lookup(data, *names)):
                self.add(name, role, f"front matter {names[0]}")
        for name in split_people(fm_lookup(data, "author", "authors")):
            host = _podcast_host(name)
            if host:
                self.add(host, "host", "front matter author (a show named after its host)")
            else:
                self.pending_authors.append(name)
        for key in (*_CHANNEL_KEYS, *_SHOW_KEYS):
            value = fm_lookup(data, key)
            if not isinstance(value, str) or not value.strip():
                continue
            value = " ".join(value.split())
            host = _podcast_host(value)
            if host:
                self.add(host, "host", f"front matter {key} (a show named after its host)")
            elif key in _CHANNEL_KEYS and is_person_name(value) and len(value.split()) <= 2:
                self.add(value, "channel", f"front matter {key} (the speaker's own channel)")
            elif value not in self.shows:
                self.shows.append(value)

    def add_fields(self, fields: list[Field]) -> None:
        """Body labels: 主播/嘉宾/Host(s)/Guest(s)/Speaker/作者/访谈者, "By X", a non-URL Source."""
        role = {"host": "host", "guest": "guest", "speaker": "speaker", "author": "speaker"}
        for item in fields:
            parts = item.parts or [(item.field, item.value)]
            for field_name, value in parts:
                if field_name in role:
                    for name in split_people(value):
                        self.add(name, role[field_name], f"{field_name} line", item.line)
                elif field_name == "url" and not item.urls:
                    first = split_people(value)[:1]
                    if first and is_person_name(first[0]):
                        self.add(first[0], "speaker", "source line", item.line)

    def add_title(self, title: str) -> None:
        for name, role in names_in_title(title):
            if cjk_count(name) and "·" not in name and not looks_like_person(name):
                self.seen.append(_Seen(name, role, "title"))  # "水壶": a word, not a name
                continue
            self.add(name, role, "title")
        if cjk_count(title):
            lead = title_lead_name(title)
            if lead:
                self.add(lead, "speaker", "title (starts with a name)")
            for name in introduced_names(title):
                self.add(name, "guest", "title (对话/专访 + name)")

    def add_body(self, blocks: list[Block], body: str, url: str = "") -> None:
        """Turn labels, role lines, the opening lines' introductions and a URL slug (by shape)."""
        self.add_found(turn_labels(blocks))
        self.add_found(role_lines(blocks))
        self.add_found(bio_sections(blocks))
        opening = [
            block
            for block in blocks
            if block.kind in ("paragraph", "item") and block.text and not block.lines[0].noise
        ][:OPENING_BLOCKS]
        text = " ".join(block.text for block in opening)[:OPENING_CHARS]
        line = opening[0].line if opening else None
        self.add_found(introductions(text, line))
        self.add_found(chinese_introductions(text, body, line))
        self.add_found(url_slug_guest(url, body))

    def add_prose(self, text: str) -> None:
        """Names in opening prose: weak evidence, so they join as speakers of unknown role."""
        for name, _role in names_in_prose(text):
            self.add(name, "speaker", "opening lines")

    def evidence(self) -> list[Evidence]:
        """What the note said about people, call after settle(): each name, where, and its fate."""
        final = {normalise_name(person.name): person for person in self.people.values()}
        for person in self.people.values():
            for alias in person.aliases:
                final.setdefault(normalise_name(alias), person)
        found, done = [], set()
        for seen in self.seen:
            person = final.get(seen.key or normalise_name(seen.name))
            if (seen.name, seen.source) in done:
                continue
            done.add((seen.name, seen.source))
            if person is None:
                found.append(
                    Evidence(
                        "speaker", seen.name, seen.source, False, "not a person's name", seen.line
                    )
                )
                continue
            role = self._settled_roles.get(normalise_name(person.name), "")
            note = role if person.name == seen.name else f"{role}, resolved to {person.name}"
            chosen = bool(role) and role != "mentioned"
            if not role:
                note = "a channel, and the note names its speaker"
            found.append(Evidence("speaker", seen.name, seen.source, chosen, note, seen.line))
        for show in self.shows:
            found.append(
                Evidence(
                    "speaker",
                    show,
                    "show or channel",
                    False,
                    "names its host if the knowledge base knows it",
                )
            )
        return found

    # settle --------------------------------------------------------------------------------
    def settle(self, claims: list[ParsedClaim], interview: bool) -> list[ParsedSpeaker]:
        """The talk's speakers with roles and aliases; claims' labels are left as written."""
        self._settle_authors()
        self._absorb_dialogue(claims)
        self._dialogue_roles(claims)
        speakers = self._roles(interview)
        self._settled_roles = {normalise_name(person.name): person.role for person in speakers}
        speakers = sorted(
            speakers, key=lambda person: (ROLE_ORDER.get(person.role, 9), person.name)
        )
        taken = {normalise_name(person.name) for person in speakers}
        for show in self.shows:
            if normalise_name(show) not in taken:
                speakers.append(ParsedSpeaker(show, "host", [], if_known=True))
        return speakers

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
        claim_labels = {claim.speaker for claim in claims if claim.speaker}
        for label in [claim.speaker for claim in claims if claim.speaker] + self.turns:
            if label not in labels:
                labels.append(label)
        for label in labels:
            if is_numbered_speaker(label):
                continue
            from_turns_only = label in self.turns and label not in claim_labels
            role_word = label.casefold() in _ROLE_WORDS
            person = self.people.get(normalise_name(label)) or (
                None if role_word else self._full_name_for(label)
            )
            if person is None and role_word:
                person = self._only_with_role(label)
            if from_turns_only and person is None and not is_person_name(label):
                # "CC", "Pros", "Example": initials or one word no full name of the note explains
                continue
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
            asked = self._asked_in_turns()
        if len(asked) < 2:
            return
        shares = {key: questions / total for key, (questions, total) in asked.items()}
        best = max(shares, key=lambda key: (shares[key], key))
        others = [share for key, share in shares.items() if key != best]
        if shares[best] >= HOST_QUESTION_SHARE and shares[best] >= 2 * max(others):
            self.people[best].roles.add("host")

    def _asked_in_turns(self) -> dict[str, list[int]]:
        """Question counts of the turn labels found by shape, per person (no dialogue claims)."""
        asked: dict[str, list[int]] = {}
        for label, (questions, total) in self.turns_asked.items():
            person = self._person_for_label(label)
            if person is not None and total:
                counts = asked.setdefault(normalise_name(person.name), [0, 0])
                counts[0] += questions
                counts[1] += total
        return asked

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
        named = [person for person in active if person.roles - {"mentioned", "channel"}]
        if named and len(named) < len(active):
            # A channel beside named speakers hosts an interview, else it only uploaded the talk.
            channels = [person for person in active if person not in named]
            if interview:
                for person in channels:
                    person.roles.add("host")
            else:
                active = named
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
            if person.roles == {"mentioned"} or (
                person not in active and "mentioned" in person.roles
            ):
                speakers.append(ParsedSpeaker(person.name, "mentioned", list(person.aliases)))
        return speakers


def _first_name(label: str) -> bool:
    """A single capitalised word or a short Han name used as a dialogue label."""
    return (label[:1].isupper() and label.isalpha() and len(label) <= 20) or is_han_name(label)
