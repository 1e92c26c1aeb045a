"""Talks, the speakers in them, and the summaries (imported files) and sections that describe them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from notes.normalise import normalise_title, normalise_url, youtube_video_id
from notes.slug_urls import reverse_slug

from .tags import TaggedTalk


class Language(models.TextChoices):
    ZH = "zh", _("Chinese")
    EN = "en", _("English")
    MIXED = "mixed", _("Chinese and English")
    OTHER = "other", _("another language")  # Korean, Japanese, Russian…: neither zh nor en


class Talk(models.Model):
    """A talk, interview, lecture or episode: what summaries are about and claims were said in."""

    class DatePrecision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    title = models.CharField(_("title"), max_length=500)
    title_key = models.CharField(max_length=500, db_index=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    url = models.URLField(_("source URL"), max_length=1000, blank=True)
    youtube_id = models.CharField(_("YouTube video id"), max_length=11, blank=True, db_index=True)
    published = models.DateField(_("published"), null=True, blank=True)
    published_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    public = models.BooleanField(_("public"), default=True, db_index=True)
    speakers = models.ManyToManyField("notes.Speaker", through="TalkSpeaker", related_name="talks")
    tags = TaggableManager(through=TaggedTalk, blank=True)
    curated_fields = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Fields a curator changed; re-imports leave them alone."),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = ["-published", "-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="unique_talk_url"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.url = normalise_url(self.url) if self.url else ""
        self.youtube_id = youtube_video_id(self.url)
        self.title_key = normalise_title(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_slug("notes:talk", self.slug, fallback="notes:talks")

    def moment_url(self, seconds):
        """Link to a moment of the talk: YouTube with ``&t=NNNs``, else the plain source URL."""
        if self.youtube_id and seconds is not None:
            return f"https://www.youtube.com/watch?v={self.youtube_id}&t={int(seconds)}s"
        return self.url


class TalkSpeaker(models.Model):
    class Role(models.TextChoices):
        HOST = "host", _("host")
        GUEST = "guest", _("guest")
        AUTHOR = "author", _("author")
        MENTIONED = "mentioned", _("mentioned")

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="talk_speakers")
    speaker = models.ForeignKey(
        "notes.Speaker", on_delete=models.CASCADE, related_name="talk_roles"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.GUEST)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("speaker in talk")
        verbose_name_plural = _("speakers in talk")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["talk", "speaker", "role"], name="unique_talk_speaker_role"
            ),
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()})"


class Summary(models.Model):
    """One imported file about one talk: the raw text verbatim, and what was parsed from it."""

    class FrontMatter(models.TextChoices):
        NONE = "", _("none")
        YAML = "yaml", "YAML"
        JSON = "json", "JSON"
        TOML = "toml", "TOML"
        LOGSEQ = "logseq", _("Logseq properties")

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="summaries")
    source_name = models.CharField(_("file name"), max_length=500, db_index=True)
    raw = models.TextField(_("raw text"))
    part = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("Which episode of a file holding several (0 for a file of one talk)."),
    )
    sha256 = models.CharField(
        max_length=64, unique=True, help_text=_("sha256 of this summary's raw text.")
    )
    file_sha256 = models.CharField(
        max_length=64, db_index=True, help_text=_("sha256 of the whole imported file's bytes.")
    )
    encoding = models.CharField(max_length=20, blank=True)
    front_matter_format = models.CharField(max_length=10, choices=FrontMatter.choices, blank=True)
    front_matter = models.JSONField(default=dict, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    title_as_written = models.CharField(max_length=500, blank=True)
    # What this file says about its talk (title, URL, date, flags), kept so the talk's fields can be
    # recomputed from all its summaries whatever order they were imported in (see notes/importer).
    metadata = models.JSONField(default=dict, blank=True)
    title_key = models.CharField(
        max_length=500,
        db_index=True,
        blank=True,
        editable=False,
        help_text=_(
            "normalise_title of the title the file states (empty when the title was made up)."
        ),
    )
    source_url = models.CharField(
        max_length=1000,
        db_index=True,
        blank=True,
        editable=False,
        help_text=_("The normalised source URL the file states."),
    )
    html = models.TextField(
        _("rendered HTML"), blank=True, help_text=_("Sanitised with an allow-list.")
    )
    warnings = models.JSONField(default=list, blank=True)
    # Why each field of the talk came out as it did, and what was left out as noise (see
    # notes/importer/evidence_log.py): lists of plain dicts, shown read-only to the curator.
    evidence = models.JSONField(
        _("evidence"),
        default=list,
        blank=True,
        help_text=_("Every candidate for the title, URL, date, speakers… and why it won or lost."),
    )
    skipped = models.JSONField(
        _("skipped blocks"),
        default=list,
        blank=True,
        help_text=_("Blocks of the file left out as noise, with the reason."),
    )
    imported = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        ordering = ["talk", "source_name"]

    def __str__(self):
        return self.source_name


class Section(models.Model):
    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)
    level = models.PositiveSmallIntegerField(default=2)
    start_seconds = models.PositiveIntegerField(_("start (s)"), null=True, blank=True)
    end_seconds = models.PositiveIntegerField(_("end (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["summary", "position"]
        constraints = [
            models.UniqueConstraint(fields=["summary", "position"], name="unique_section_position"),
        ]

    def __str__(self):
        return self.heading or f"§{self.position}"
