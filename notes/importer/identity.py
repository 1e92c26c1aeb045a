"""Which talk a parsed file is about, and which people it names.

Talks are matched on the normalised source URL (a YouTube video id included) that any of their
summaries states, then on a stated (not made-up) title of any of their summaries, so the first file of
a talk and a later one find each other whichever comes first. Speakers are matched on their normalised
name, then on an alias; within one talk a bare first or last name ("Ilya") is the same person as the
full name ("Ilya Sutskever"), whichever of the two was seen first. The aliases are the knowledge
base's own: seeded for well-known hosts (migration 0006), added by every import for the other
spellings a note uses, and by a curator's merge in the admin, so each teaches later imports.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.db.models import Model, Q
from django.utils.text import slugify

from notes.importer.run_cache import RunCache
from notes.importer.types import ParsedSpeaker, ParsedTalk
from notes.models import Speaker, SpeakerAlias, Summary, Talk, TalkSpeaker
from notes.normalise import normalise_name, normalise_title, normalise_url
from notes.services.insert_rows import insert_rows

SLUG_MAX = 80
ROLE_RANK = {"host": 0, "guest": 1, "author": 2, "mentioned": 3}
# Labels a transcript uses for an unnamed voice: never a person of their own.
_GENERIC_SPEAKER = re.compile(
    r"^(speaker|guest|host|interviewer|interviewee|narrator|audience|q|a|"
    r"发言人|说话人|嘉宾|主持人|主播|观众|听众)\s*[0-9a-z]?$",
    re.IGNORECASE,
)
_NAME_TOKENS = re.compile(r"[\s·•・‧.\u00b7\u30fb\-_]+")


@dataclass
class TalkMatch:
    talk: Talk | None
    how: str  # "url", "title", "file" or "" (no match: a new talk)
    # Other talks this file proves to be the same talk: it has the URL of one and the stated title
    # of another (which has no URL). Merging them keeps the result independent of import order.
    same_as: list[Talk] = field(default_factory=list)


def stated_title_key(parsed: ParsedTalk) -> str:
    """The title key a file states, or "" when the extractor made the title up."""
    return "" if parsed.title_is_derived else normalise_title(parsed.title)


def find_talk(parsed: ParsedTalk, *, source_name: str, part: int) -> TalkMatch:
    """The existing talk ``parsed`` describes, and how it was recognised."""
    url = normalise_url(parsed.url)
    title_key = stated_title_key(parsed)
    by_title = []
    if title_key:
        candidates = Talk.objects.filter(summaries__title_key=title_key).distinct().order_by("pk")
        # Two different source URLs mean two talks, however alike their titles.
        by_title = [talk for talk in candidates if not url or not talk.url or talk.url == url]
    if url:
        talk = Talk.objects.filter(Q(url=url) | Q(summaries__source_url=url)).order_by("pk").first()
        if talk:
            return TalkMatch(talk, "url", [t for t in by_title if t.pk != talk.pk])
    if by_title:
        return TalkMatch(by_title[0], "title", by_title[1:] if url else [])
    if not url and not title_key:
        # Nothing identifies the file but its name: an edited version of a file we already have.
        summary = Summary.objects.filter(source_name=source_name, part=part).order_by("pk").first()
        if summary:
            return TalkMatch(summary.talk, "file")
    return TalkMatch(None, "")


def unique_slug(model: type[Model], text: str, *, prefix: str, exclude_pk=None) -> str:
    """A free slug for ``text`` (Unicode kept, so Chinese titles stay readable), "-2", "-3"… on clashes.

    Text with nothing sluggable falls back to ``prefix-<hash>``; no transliteration is attempted.
    """
    base = slugify(text or "", allow_unicode=True)[:SLUG_MAX].strip("-_")
    if not base:
        base = f"{prefix}-{hashlib.sha1((text or '').encode()).hexdigest()[:8]}"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def new_talk(parsed: ParsedTalk) -> Talk:
    """A new, unsaved talk carrying what ``parsed`` states; talk_fields.refresh_talk fills in
    the rest from its summary and inserts it (one INSERT instead of an INSERT and an UPDATE)."""
    title = (parsed.title or "").strip()[:500] or "Untitled talk"
    return Talk(title=title, public=parsed.public)


def name_tokens(name: str) -> list[str]:
    return [normalise_name(token) for token in _NAME_TOKENS.split(name or "") if token.strip()]


def is_generic_speaker(name: str) -> bool:
    return bool(_GENERIC_SPEAKER.match((name or "").strip()))


def find_speaker(name: str) -> Speaker | None:
    """The speaker called ``name``, by normalised name first, then by alias."""
    key = normalise_name(name)
    if not key:
        return None
    speaker = Speaker.objects.filter(name_key=key).order_by("pk").first()
    if speaker:
        return speaker
    alias = SpeakerAlias.objects.filter(normalised=key).select_related("speaker").first()
    return alias.speaker if alias else None


def add_alias(speaker: Speaker, alias: str) -> bool:
    """Record ``alias`` for ``speaker`` unless it is the name itself or already names someone.

    Returns whether an alias was added (the speaker's claims then need re-indexing).
    """
    key = normalise_name(alias)
    if not key or key == speaker.name_key or len(alias) > 200:
        return False
    if SpeakerAlias.objects.filter(normalised=key).exists():
        return False
    SpeakerAlias.objects.create(speaker=speaker, alias=alias.strip())
    return True


def create_speaker(name: str) -> Speaker:
    name = name.strip()[:200]
    speaker = Speaker(name=name, slug=unique_slug(Speaker, name, prefix="speaker"))
    speaker.save()
    return speaker


def _short_name_owner(short: str, candidates: list[Speaker]) -> Speaker | None:
    """The one candidate whose full name starts or ends with the single-token name ``short``."""
    key = normalise_name(short)
    owners = []
    for speaker in candidates:
        tokens = name_tokens(speaker.name)
        if len(tokens) > 1 and key in (tokens[0], tokens[-1]):
            owners.append(speaker)
    return owners[0] if len(owners) == 1 else None


class SpeakerResolver:
    """Turns the names one file part uses into Speaker rows, creating and aliasing as needed."""

    def __init__(self, talk: Talk, cache: RunCache, *, talk_is_new: bool = False):
        self.talk = talk
        self.cache = cache
        self.by_key: dict[str, Speaker] = {}
        self.roles: list[tuple[Speaker, str]] = []
        self.renamed: set[int] = set()  # speakers given a new name or alias: re-index their claims
        self._talk_speakers = (
            []  # a talk created by this file has no speakers yet
            if talk_is_new
            else list(Speaker.objects.filter(talk_roles__talk=talk).distinct().order_by("pk"))
        )

    def known(self) -> list[Speaker]:
        seen = {s.pk: s for s in self._talk_speakers}
        seen.update({s.pk: s for s in self.by_key.values()})
        return list(seen.values())

    def add_people(self, people: list[ParsedSpeaker]) -> None:
        """Resolve the file's people: full names first, so bare first names can join them."""
        ordered = sorted(people, key=lambda p: len(name_tokens(p.name)) <= 1)
        for person in ordered:
            if not normalise_name(person.name) or is_generic_speaker(person.name):
                continue
            if person.if_known:
                speaker = self._lookup(person.name)
                if speaker is not None:  # a show the knowledge base knows names its host
                    self.roles.append(
                        (speaker, person.role if person.role in ROLE_RANK else "guest")
                    )
                continue
            speaker = self._resolve_person(person)
            self.roles.append((speaker, person.role if person.role in ROLE_RANK else "guest"))

    def _resolve_person(self, person: ParsedSpeaker) -> Speaker:
        names = [person.name, *person.aliases]
        speaker = next((s for s in map(self._lookup, names) if s), None)
        if speaker is None and len(name_tokens(person.name)) == 1:
            speaker = _short_name_owner(person.name, self.known())
        if speaker is None:
            speaker = self._create(person.name)
        elif self._is_fuller(person.name, speaker):
            speaker = self._upgrade_name(speaker, person.name)
        self._absorb_short_names(speaker)
        for name in names:
            if self._add_alias(speaker, name):
                self.renamed.add(speaker.pk)
            self.by_key[normalise_name(name)] = speaker
        return speaker

    def _lookup(self, name: str) -> Speaker | None:
        key = normalise_name(name)
        return self.by_key.get(key) or self.cache.speaker(name)

    def _create(self, name: str) -> Speaker:
        speaker = create_speaker(name)
        self.cache.remember_speaker(name, speaker)
        return speaker

    def _add_alias(self, speaker: Speaker, name: str) -> bool:
        """add_alias, without asking when the run already knows ``name`` names ``speaker``."""
        if self.cache.knows(name, speaker):
            return False  # its own name or an alias it has: add_alias would not add it
        added = add_alias(speaker, name)
        if added:
            self.cache.remember_speaker(name, speaker)
        return added

    @staticmethod
    def _is_fuller(name: str, speaker: Speaker) -> bool:
        tokens, current = name_tokens(name), name_tokens(speaker.name)
        return len(current) == 1 and len(tokens) > 1 and current[0] in (tokens[0], tokens[-1])

    def _upgrade_name(self, speaker: Speaker, full_name: str) -> Speaker:
        """A speaker known only as "Ilya" meets "Ilya Sutskever": the fuller name wins."""
        other = Speaker.objects.filter(name_key=normalise_name(full_name)).first()
        if other:
            return other
        old_name = speaker.name
        speaker.name = full_name.strip()[:200]
        speaker.slug = unique_slug(Speaker, speaker.name, prefix="speaker", exclude_pk=speaker.pk)
        speaker.save()
        self.cache.forget_speakers()
        add_alias(speaker, old_name)
        self.renamed.add(speaker.pk)
        return speaker

    def _absorb_short_names(self, speaker: Speaker) -> None:
        """Bare-name speakers of this talk ("Ilya") that only this talk knows become ``speaker``."""
        tokens = name_tokens(speaker.name)
        if len(tokens) < 2:
            return
        from notes.services.merge import merge_speakers

        for other in list(self._talk_speakers):
            other_tokens = name_tokens(other.name)
            if other.pk == speaker.pk or len(other_tokens) != 1:
                continue
            if other_tokens[0] not in (tokens[0], tokens[-1]):
                continue
            if TalkSpeaker.objects.filter(speaker=other).exclude(talk=self.talk).exists():
                continue  # a bare name used in other talks may be someone else there
            merge_speakers(speaker, [other])
            self.cache.forget_speakers()
            self._talk_speakers.remove(other)
            for key, value in list(self.by_key.items()):
                if value.pk == other.pk:
                    self.by_key[key] = speaker

    def for_claim(self, name: str | None, if_known: bool = False) -> Speaker | None:
        """The speaker of a claim the file attributes to ``name`` (created if new to the talk).

        With ``if_known`` (a point naming a holder the talk does not list) only a speaker the
        knowledge base already knows is returned, joining the talk as "mentioned"; none is created.
        """
        if not name or not normalise_name(name) or is_generic_speaker(name):
            return None
        key = normalise_name(name)
        if key in self.by_key:
            return self.by_key[key]
        speaker = None
        if len(name_tokens(name)) == 1:
            speaker = _short_name_owner(name, self.known())
        speaker = speaker or self.cache.speaker(name)
        if speaker is None and if_known:
            return None
        if speaker is None:
            speaker = self._create(name)
        if speaker.pk not in {s.pk for s, _ in self.roles}:
            self.roles.append((speaker, "mentioned" if if_known else "guest"))
        if self._add_alias(speaker, name):
            self.renamed.add(speaker.pk)
        self.by_key[key] = speaker
        return speaker


def add_talk_speakers(
    talk: Talk, roles: list[tuple[Speaker, str]], *, talk_is_new: bool = False
) -> list[TalkSpeaker]:
    """Give ``talk`` these speakers with these roles (only ever adding), then re-order them.

    "mentioned" yields to any real role the same person has in the talk. Order is by role, then name,
    so it does not depend on which file came first. Returns the talk's rows as they now are (each
    with its speaker); ``talk_is_new``: the talk was created by this file and has no rows yet.
    """
    rows = (
        [] if talk_is_new else list(TalkSpeaker.objects.filter(talk=talk).select_related("speaker"))
    )
    have = {(row.speaker_id, row.role) for row in rows}
    new = []
    for speaker, role in roles:
        if (speaker.pk, role) not in have:
            new.append(TalkSpeaker(talk=talk, speaker=speaker, role=role, position=0))
            have.add((speaker.pk, role))
    rows += new
    real = {row.speaker_id for row in rows if row.role != "mentioned"}
    redundant = [row for row in rows if row.role == "mentioned" and row.speaker_id in real]
    if redundant:
        stored = [row.pk for row in redundant if row.pk is not None]
        if stored:
            TalkSpeaker.objects.filter(pk__in=stored).delete()
        rows = [row for row in rows if row not in redundant]
        new = [row for row in new if row not in redundant]
    changed = []
    if "speakers" not in (talk.curated_fields or []):
        rows.sort(
            key=lambda row: (ROLE_RANK.get(row.role, 9), row.speaker.name_key, row.speaker.name)
        )
        for position, row in enumerate(rows):
            if row.position != position:
                row.position = position
                if row.pk is not None:
                    changed.append(row)
    if new:
        insert_rows(new)
    if changed:
        TalkSpeaker.objects.bulk_update(changed, ["position"])
    return rows
