"""Speakers are people, not strings: one row a person, any number of aliases in any script."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from notes.normalise import normalise_name
from notes.slug_urls import reverse_slug


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    # normalise_name(name): how the importer finds a person however a file spells the name.
    name_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    bio = models.TextField(_("bio"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_slug("notes:speaker", self.slug, fallback="notes:speakers")


class SpeakerAlias(models.Model):
    """Another way a file names a speaker ("Ilya", "伊利亚·苏茨科夫"). An alias names one person only."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("alias"), max_length=200)
    normalised = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name = _("speaker alias")
        verbose_name_plural = _("speaker aliases")
        ordering = ["alias"]

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        self.normalised = normalise_name(self.alias)
        super().save(*args, **kwargs)

    def clean(self):
        self.normalised = normalise_name(self.alias)
        if not self.normalised:
            raise ValidationError({"alias": _("An alias needs at least one letter.")})
        clash = SpeakerAlias.objects.filter(normalised=self.normalised).exclude(pk=self.pk).first()
        if clash and clash.speaker_id != self.speaker_id:
            raise ValidationError(
                {"alias": _("This alias already names %(name)s.") % {"name": clash.speaker}}
            )
