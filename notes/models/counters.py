"""Counter rows: how many public claims and talks each tag, speaker and talk has, kept up to date.

Pages show these numbers instead of counting claims per request (a count over a million claims takes
seconds). The per-talk rows are the truth the totals are derived from: notes.services.counters
recomputes a talk's rows from its claims and moves the totals by the difference, inside the
transaction that changed the talk. ``manage.py recount`` rebuilds everything from scratch.

The per-talk rows point at their talk without a database constraint and without a cascade, so that
after a talk is deleted its old rows are still there to subtract from the totals.
"""

from django.db import models


class TalkTagCount(models.Model):
    """Public claims of one public talk that carry one tag (a row only while there is at least one)."""

    talk = models.ForeignKey(
        "notes.Talk", on_delete=models.DO_NOTHING, db_constraint=False, related_name="tag_counts"
    )
    tag = models.ForeignKey("notes.Tag", on_delete=models.CASCADE, related_name="talk_counts")
    claims = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "talk"], name="unique_talk_tag_count"),
        ]
        indexes = [
            models.Index(fields=["talk"], name="talktagcount_talk"),
            # A theme's rows with their counts from the index alone: its pages read them all to
            # put the talks in listing order, and the table rows of one tag lie on as many pages.
            models.Index(fields=["tag", "talk", "claims"], name="talktagcount_tag_talk_claims"),
        ]

    def __str__(self):
        return f"talk {self.talk_id} tag {self.tag_id}: {self.claims}"


class TalkSpeakerCount(models.Model):
    """One speaker in one public talk: their public claims there, and whether the talk lists them."""

    talk = models.ForeignKey(
        "notes.Talk",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="speaker_counts",
    )
    speaker = models.ForeignKey(
        "notes.Speaker", on_delete=models.CASCADE, related_name="talk_counts"
    )
    claims = models.PositiveIntegerField(default=0)
    in_talk = models.BooleanField(default=False)  # a TalkSpeaker row names them (any role)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["speaker", "talk"], name="unique_talk_speaker_count"),
        ]
        indexes = [models.Index(fields=["talk"], name="talkspeakercount_talk")]

    def __str__(self):
        return f"talk {self.talk_id} speaker {self.speaker_id}: {self.claims}"


class TalkSpeakerTagCount(models.Model):
    """Public claims of one speaker in one public talk that carry one tag (a row only while > 0).

    What a theme page needs for its speakers and for its list narrowed to one speaker: which
    speakers said something on the tag, and where and how much, without reading claims.
    """

    talk = models.ForeignKey(
        "notes.Talk", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    speaker = models.ForeignKey("notes.Speaker", on_delete=models.CASCADE, related_name="+")
    # The unique (tag, speaker, talk) index serves lookups by tag: no index of its own.
    tag = models.ForeignKey("notes.Tag", on_delete=models.CASCADE, related_name="+", db_index=False)
    claims = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tag", "speaker", "talk"], name="unique_talk_speaker_tag_count"
            ),
        ]

    def __str__(self):
        return f"talk {self.talk_id} speaker {self.speaker_id} tag {self.tag_id}: {self.claims}"


class SpeakerTagCount(models.Model):
    """A speaker's public claims on one tag and the public talks they come from (the sum of the
    speaker's TalkSpeakerTagCount rows for the tag)."""

    speaker = models.ForeignKey("notes.Speaker", on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(
        "notes.Tag", on_delete=models.CASCADE, related_name="speaker_counts", db_index=False
    )
    claims = models.PositiveIntegerField(default=0)
    talks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "speaker"], name="unique_speaker_tag_count"),
        ]

    def __str__(self):
        return f"speaker {self.speaker_id} tag {self.tag_id}: {self.claims} claims"


class TalkTagPairCount(models.Model):
    """Public claims of one public talk that carry both of two tags, ``tag_a`` the one with the
    lower id (a row only while there is at least one).

    The per-talk truth TagPairCount is summed from, kept like TalkTagCount: a theme page's "also on
    these claims" and a list narrowed to two tags read counts instead of probing claims.
    """

    talk = models.ForeignKey(
        "notes.Talk", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # The unique (tag_a, tag_b, talk) index serves lookups by tag_a: no index of its own.
    tag_a = models.ForeignKey(
        "notes.Tag", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    tag_b = models.ForeignKey("notes.Tag", on_delete=models.CASCADE, related_name="+")
    claims = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tag_a", "tag_b", "talk"], name="unique_talk_tag_pair_count"
            ),
        ]
        indexes = [models.Index(fields=["talk"], name="talktagpaircount_talk")]

    def __str__(self):
        return f"talk {self.talk_id} tags {self.tag_a_id}+{self.tag_b_id}: {self.claims}"


class TagPairCount(models.Model):
    """Public claims carrying both of two tags (``tag_a`` the lower id) and the public talks they
    come from: the sum of the pair's TalkTagPairCount rows."""

    tag_a = models.ForeignKey(
        "notes.Tag", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    tag_b = models.ForeignKey("notes.Tag", on_delete=models.CASCADE, related_name="+")
    claims = models.PositiveIntegerField(default=0)
    talks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag_a", "tag_b"], name="unique_tag_pair_count"),
        ]

    def __str__(self):
        return f"tags {self.tag_a_id}+{self.tag_b_id}: {self.claims} claims"


class TagCount(models.Model):
    """A tag's public claims and the public talks they come from."""

    tag = models.OneToOneField(
        "notes.Tag", on_delete=models.CASCADE, primary_key=True, related_name="counter"
    )
    claims = models.PositiveIntegerField(default=0)
    talks = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"tag {self.tag_id}: {self.claims} claims, {self.talks} talks"


class SpeakerCount(models.Model):
    """A speaker's public claims, and the public talks that name them."""

    speaker = models.OneToOneField(
        "notes.Speaker", on_delete=models.CASCADE, primary_key=True, related_name="counter"
    )
    claims = models.PositiveIntegerField(default=0)
    talks = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"speaker {self.speaker_id}: {self.claims} claims, {self.talks} talks"


class TalkCount(models.Model):
    """A public talk's public claims (no row for a talk that is not public)."""

    talk = models.OneToOneField(
        "notes.Talk", on_delete=models.CASCADE, primary_key=True, related_name="counter"
    )
    claims = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"talk {self.talk_id}: {self.claims} claims"


class ContentGeneration(models.Model):
    """One row: a stamp that changes with every change to public content (notes.page_cache).

    Cached public pages are keyed by it, so a change makes every cached page stale at once. A random
    stamp rather than a counter: a restored backup brings back an old row, and an old counter
    value would find the pages cached before the restore.
    """

    stamp = models.CharField(max_length=32, default="initial")

    def __str__(self):
        return f"content generation {self.stamp}"
