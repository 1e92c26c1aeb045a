"""The import log (a run, and a row per file with its outcome) and duplicate-talk suggestions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Origin(models.TextChoices):
        ADMIN = "admin", _("admin")
        COMMAND = "command", _("command line")
        DEMO = "demo", _("demo data")

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        INTERRUPTED = "interrupted", _("interrupted")

    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.RUNNING, db_index=True
    )
    # Which process runs it, so a later run can tell a live import from one that was killed.
    pid = models.PositiveIntegerField(null=True, blank=True, editable=False)
    host = models.CharField(max_length=255, blank=True, editable=False)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    dry_run = models.BooleanField(default=False)
    imported = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started"]

    def __str__(self):
        return f"{self.started:%Y-%m-%d %H:%M} ({self.get_origin_display()})"


class ImportFile(models.Model):
    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("imported")
        UPDATED = "updated", _("updated")
        UNCHANGED = "unchanged", _("unchanged")
        FAILED = "failed", _("failed")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("file"), max_length=500)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    message = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    summary = models.ForeignKey("notes.Summary", null=True, blank=True, on_delete=models.SET_NULL)
    talk = models.ForeignKey("notes.Talk", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        ordering = ["run", "id"]

    def __str__(self):
        return f"{self.name}: {self.outcome}"


class DuplicateSuggestion(models.Model):
    """Two talks that are probably one, for a curator to merge or dismiss."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("dismissed")

    talk = models.ForeignKey(
        "notes.Talk", on_delete=models.CASCADE, related_name="duplicate_suggestions"
    )
    # SET_NULL: merging deletes the other talk, and the suggestion stays on record as "merged".
    other = models.ForeignKey(
        "notes.Talk", on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    score = models.FloatField(default=0)
    reason = models.CharField(max_length=500)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("duplicate suggestion")
        verbose_name_plural = _("duplicate suggestions")
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["talk", "other"], name="unique_duplicate_pair"),
        ]

    def __str__(self):
        return f"{self.talk} ≈ {self.other or '(merged)'}"
