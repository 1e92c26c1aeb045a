"""What every file of one import run asks the database again: themes, speakers, tags.

One cache per run (PersistContext), so a curator's edits between runs always apply to the next run.
Within a run it stays correct by construction: a speaker or tag the run creates is put in it, a
speaker the run renames or merges empties the speaker part, and a file whose transaction rolls back
(a failure, a retry, a dry run) empties all of it, so nothing that was rolled back is ever served.
Only rows that exist are kept: a name not found is asked again, so a speaker another importer has
committed meanwhile is found.
"""

from __future__ import annotations

from notes.models import Speaker, Tag
from notes.normalise import normalise_name


class RunCache:
    """The run's themes (with their keywords and patterns), speakers by name key, tags by name."""

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        """Forget everything (call when a file's transaction rolled back)."""
        self._themes: list[Tag] | None = None
        self._speakers: dict[str, Speaker] = {}
        self._tags: dict[str, Tag] = {}

    def themes(self) -> list[Tag]:
        """Every theme, in the order rules are tried (read once per run)."""
        if self._themes is None:
            self._themes = list(Tag.objects.filter(is_theme=True).order_by("position", "name"))
        return self._themes

    def speaker(self, name: str) -> Speaker | None:
        """The speaker called ``name`` (notes.importer.identity.find_speaker), cached when found."""
        from notes.importer.identity import find_speaker

        key = normalise_name(name)
        if not key:
            return None
        if key not in self._speakers:
            found = find_speaker(name)
            if found is None:
                return None
            self._speakers[key] = found
        return self._speakers[key]

    def knows(self, name: str, speaker: Speaker) -> bool:
        """Whether ``name`` is already known to name ``speaker`` (its name or one of its aliases)."""
        known = self._speakers.get(normalise_name(name))
        return known is not None and known.pk == speaker.pk

    def remember_speaker(self, name: str, speaker: Speaker) -> None:
        """``name`` now names ``speaker`` (just created, or given as an alias)."""
        key = normalise_name(name)
        if key:
            self._speakers[key] = speaker

    def forget_speakers(self) -> None:
        """A speaker was renamed or merged: cached speaker rows may be stale."""
        self._speakers = {}

    def tag(self, name: str, find) -> Tag | None:
        """The tag ``find(name)`` gives, asked once per name and run."""
        if name not in self._tags:
            tag = find(name)
            if tag is None:
                return None
            self._tags[name] = tag
        return self._tags[name]
