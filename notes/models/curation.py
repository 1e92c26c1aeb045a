"""What curation leaves behind: old slugs that keep working, and speaker pairs judged different."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SlugRedirect(models.Model):
    """An old slug of a talk, speaker or tag that now answers with a permanent redirect.

    The redirect points at the object, not at a slug, so renaming the survivor later never breaks it;
    merging the survivor again moves its redirects to the new survivor.
    """

    class Kind(models.TextChoices):
        TALK = "talk", _("talk")
        SPEAKER = "speaker", _("speaker")
        TAG = "tag", _("tag or theme")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_slug = models.CharField(_("old slug"), max_length=200)
    talk = models.ForeignKey(
        "notes.Talk", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    speaker = models.ForeignKey(
        "notes.Speaker", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(
        "notes.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs (redirects)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "old_slug"], name="unique_old_slug"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.old_slug}"

    @property
    def target(self):
        return self.talk or self.speaker or self.tag


class DismissedSpeakerPair(models.Model):
    """Two speakers a curator said are different people: never suggested as duplicates again.

    Stored with ``low_id < high_id`` so each pair has one row.
    """

    low = models.ForeignKey("notes.Speaker", on_delete=models.CASCADE, related_name="+")
    high = models.ForeignKey("notes.Speaker", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("speakers judged different")
        verbose_name_plural = _("speakers judged different")
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="unique_dismissed_speaker_pair"),
        ]

    def __str__(self):
        return f"{self.low_id} ≠ {self.high_id}"
