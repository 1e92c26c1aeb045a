"""The import log (a run, and a row per file with its outcome), the admin's background imports
(an upload's preview and import, run by the task worker), and duplicate-talk suggestions."""

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


class ImportJob(models.Model):
    """One admin upload on its way through the worker: queued, previewed file by file, then imported.

    The uploaded bytes stay in DATA_DIR/uploads/<token> until the import ends or is cancelled. The
    progress fields (total, done, current, failed) are what the job's page polls.
    """

    class Phase(models.TextChoices):
        PREVIEW_QUEUED = "preview_queued", _("waiting to preview")
        PREVIEWING = "previewing", _("previewing")
        PREVIEWED = "previewed", _("previewed")
        IMPORT_QUEUED = "import_queued", _("waiting to import")
        IMPORTING = "importing", _("importing")
        FINISHED = "finished", _("imported")
        CANCELLED = "cancelled", _("cancelled")
        FAILED = "failed", _("stopped")

    WORKING = (Phase.PREVIEW_QUEUED, Phase.PREVIEWING, Phase.IMPORT_QUEUED, Phase.IMPORTING)

    created = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    phase = models.CharField(
        max_length=16, choices=Phase.choices, default=Phase.PREVIEW_QUEUED, db_index=True
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    current = models.CharField(max_length=500, blank=True)
    errors = models.JSONField(default=list, blank=True)  # the latest failure sentences, a few
    can_import = models.BooleanField(default=False)
    message = models.TextField(blank=True)  # the closing sentence: counts, or why it stopped
    # Which worker process runs it, so the page can tell a live job from one whose worker died.
    pid = models.PositiveIntegerField(null=True, blank=True, editable=False)
    host = models.CharField(max_length=255, blank=True, editable=False)
    run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("admin import")
        verbose_name_plural = _("admin imports")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} ({self.get_phase_display()})"


class ImportJobFile(models.Model):
    """One file of a job's preview: its outcome, sentence and what it would become (JSON)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=500)
    outcome = models.CharField(max_length=10, choices=ImportFile.Outcome.choices)
    message = models.TextField(blank=True)
    preview = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="unique_job_file_position"),
        ]

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
