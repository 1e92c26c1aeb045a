"""Tags and themes: one custom django-taggit tag model; a theme is a tag with is_theme set."""

from urllib.parse import urlencode

from django.db import models
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
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["-is_theme", "position", "name"]

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
