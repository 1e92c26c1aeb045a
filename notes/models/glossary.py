"""The glossary: curated English ↔ Chinese term pairs that let a search in one language find the other."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class GlossaryTerm(models.Model):
    """One term in both languages ("value function" ↔ "价值函数"). Search matches either side."""

    english = models.CharField(_("English term"), max_length=200)
    chinese = models.CharField(_("Chinese term"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["english"]
        constraints = [
            models.UniqueConstraint(fields=["english", "chinese"], name="unique_glossary_pair"),
        ]

    def __str__(self):
        return f"{self.english} = {self.chinese}"

    def clean(self):
        self.english = self.english.strip()
        self.chinese = self.chinese.strip()
        if not self.english or not self.chinese:
            raise ValidationError(_("A glossary term needs both its English and its Chinese form."))
