"""Claims: what a speaker said, where, in which language; linked to translations and related claims."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from notes.slug_urls import fast_reverse_id

from .tags import TaggedClaim
from .talks import Language


class ClaimKind(models.TextChoices):
    KEY_POINT = "key_point", _("key point")
    HIGHLIGHT = "highlight", _("highlight")
    DIALOGUE = "dialogue", _("dialogue turn")
    PASSAGE = "passage", _("passage")


class ClaimStatus(models.TextChoices):
    IMPORTED = "imported", _("imported")
    REVIEWED = "reviewed", _("reviewed")
    HIDDEN = "hidden", _("hidden")


class Claim(models.Model):
    Kind = ClaimKind
    Status = ClaimStatus

    talk = models.ForeignKey("notes.Talk", on_delete=models.CASCADE, related_name="claims")
    summary = models.ForeignKey(
        "notes.Summary", on_delete=models.CASCADE, related_name="claims", null=True, blank=True
    )
    section = models.ForeignKey(
        "notes.Section", on_delete=models.SET_NULL, related_name="claims", null=True, blank=True
    )
    speaker = models.ForeignKey(
        "notes.Speaker", on_delete=models.SET_NULL, related_name="claims", null=True, blank=True
    )
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=ClaimKind.choices)
    start_seconds = models.PositiveIntegerField(_("start (s)"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Order within its summary."))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ClaimStatus.choices,
        default=ClaimStatus.IMPORTED,
        db_index=True,
    )
    translation = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="translated_from"
    )
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False, blank=True)
    # A part a curator split off: it follows its first part (this claim) in the order, and a
    # re-import neither matches it to the file nor recreates the unsplit text.
    split_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="split_parts",
    )
    curated_fields = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Fields a curator changed; re-imports leave them alone."),
    )
    tags = TaggableManager(through=TaggedClaim, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["talk", "summary", "position"]
        indexes = [
            models.Index(fields=["talk", "status"]),
            models.Index(fields=["speaker", "status"]),
            # A talk's claims in listing order, read as an index range (see lists.ClaimListing).
            models.Index(fields=["talk", "summary", "position", "id"], name="claim_talk_order"),
            # The language and kind filters of lists and capped counts, as an index range.
            models.Index(fields=["language", "kind"], name="claim_language_kind"),
            # A speaker's newest claims first (search's speaker: lists), read backwards to a LIMIT.
            models.Index(fields=["speaker", "id"], name="claim_speaker_newest"),
            # The reverse side of translations, for the translated_from join. The one-to-one's own
            # unique index holds every NULL too: after ANALYZE, SQLite then estimated each lookup
            # at all rows and scanned the table. This index holds only the links.
            models.Index(
                fields=["translation"],
                condition=models.Q(translation__isnull=False),
                name="claim_translation_set",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return fast_reverse_id("notes:claim", self.pk)

    def moment_url(self):
        return self.talk.moment_url(self.start_seconds)


class ClaimRelation(models.Model):
    """A curator's link between claims (usually of different talks or speakers): one supports,
    contradicts or refines the other, or makes the same point."""

    class Kind(models.TextChoices):
        SUPPORTS = "supports", _("supports")
        CONTRADICTS = "contradicts", _("contradicts")
        REFINES = "refines", _("refines")
        SAME_POINT = "same_point", _("makes the same point as")

    source = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("claim relation")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_claim_relation"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="claim_relation_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.source_id} {self.kind} {self.target_id}"
