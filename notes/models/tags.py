"""Tags and themes: one custom django-taggit tag model; a theme is a tag with is_theme set."""

import unicodedata
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase, TaggedItemBase

from notes.slug_urls import reverse_slug


class Tag(TagBase):
    """A tag on talks and claims. Themes are tags with a description and suggesting keywords."""

    is_theme = models.BooleanField(_("theme"), default=False, db_index=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    keywords = models.JSONField(
        _("keywords"),
        default=list,
        blank=True,
        help_text=_(
            "Words or phrases (English or Chinese) whose presence in a claim suggests this theme."
        ),
    )
    patterns = models.JSONField(
        _("patterns"),
        default=list,
        blank=True,
        help_text=_(
            "Optional regular expressions, one per line, matched case-insensitively; "
            "a claim they match gets this theme."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["-is_theme", "position", "name"]

    def clean(self):
        from notes.services.theme_patterns import pattern_problems

        super().clean()
        if not isinstance(self.keywords, list) or not all(
            isinstance(word, str) for word in self.keywords
        ):
            raise ValidationError({"keywords": _("Keywords must be a list of words.")})
        problems = pattern_problems(self.patterns)
        if problems:
            raise ValidationError({"patterns": problems})

    def get_absolute_url(self):
        from django.urls import reverse

        if self.is_theme:
            return reverse_slug("notes:theme", self.slug, fallback="notes:home")
        return reverse("notes:tags") + "?" + urlencode({"tag": self.slug})


class TaggedTalk(TaggedItemBase):
    content_object = models.ForeignKey("notes.Talk", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="talk_items")

    class Meta:
        verbose_name = _("talk tag")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_talk_tag"),
        ]


class TaggedClaim(TaggedItemBase):
    """A tag on a claim, with why it is there (keyword match, front matter, curator)."""

    content_object = models.ForeignKey("notes.Claim", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="claim_items")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by_curator = models.BooleanField(_("set by curator"), default=False)

    class Meta:
        verbose_name = _("claim tag")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_claim_tag"),
        ]
        # A tag's claims in id order, for the capped facet samples (lists.sample_claim_ids).
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedclaim_tag_claim")]


def alias_key(text: str) -> str:
    """How aliases compare: NFKC, case-folded, runs of spaces as one (``RL`` = ``rl`` = ``ｒｌ``)."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


class TagAlias(models.Model):
    """Another name of a tag, in any script: ``RL`` and ``强化学习`` for reinforcement-learning.

    The importer files a front-matter tag named by an alias under its tag, search resolves ``#RL``
    to it, and the alias's slug redirects (301) to the tag's pages.
    """

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("alias"), max_length=100)
    key = models.CharField(max_length=100, unique=True, editable=False)
    slug = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("tag alias")
        verbose_name_plural = _("tag aliases")
        ordering = ["alias"]

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        self.alias = " ".join(self.alias.split())
        self.key = alias_key(self.alias)
        self.slug = slugify(self.alias, allow_unicode=True)[:100]
        super().save(*args, **kwargs)

    def clean(self):
        self.key = alias_key(self.alias)
        slug = slugify(self.alias, allow_unicode=True)
        if not self.key or not slug:
            raise ValidationError({"alias": _("An alias needs at least one letter or digit.")})
        clash = TagAlias.objects.filter(key=self.key).exclude(pk=self.pk).select_related("tag")
        clash = clash.first()
        if clash:
            message = _("“%(a)s” is already an alias of the tag “%(t)s”.")
            raise ValidationError({"alias": message % {"a": self.alias, "t": clash.tag}})
        named = (
            Tag.objects.filter(
                models.Q(name__iexact=self.alias)
                | models.Q(slug=slug)
                | models.Q(name_zh=self.alias)
            )
            .exclude(pk=self.tag_id)
            .first()
        )
        if named:
            message = _("“%(a)s” is the tag “%(t)s”; merge the two tags instead.")
            raise ValidationError({"alias": message % {"a": self.alias, "t": named}})
