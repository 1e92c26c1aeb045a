"""Atom feeds of new public claims: overall, per theme, per tag and per speaker.

An entry is a point: a claim and its visible translation are one entry holding both versions.
"""

import re

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from notes import queries
from notes.models import Speaker, Tag
from notes.points import point_versions, points
from notes.services.redirects import redirect_for
from notes.slug_urls import reverse_slug

FEED_ITEMS = 50
# Characters XML 1.0 cannot carry: C0 controls but tab, newline and return; surrogates; U+FFFE/FFFF.
_NOT_XML_1_0 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML 1.0 document cannot hold (imported text may have them)."""
    return _NOT_XML_1_0.sub("", text)


def _clean(value):
    if isinstance(value, str | Promise):
        return xml_safe(str(value))
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


class XmlSafeAtomFeed(Atom1Feed):
    """Atom1Feed that drops unencodable characters from every text value instead of failing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*[_clean(arg) for arg in args], **_clean_values(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*[_clean(arg) for arg in args], **_clean_values(kwargs))


def _clean_values(kwargs: dict) -> dict:
    return {key: _clean(value) for key, value in kwargs.items()}


class NewClaimsFeed(Feed):
    """The newest public claims."""

    feed_type = XmlSafeAtomFeed
    title = _("kb: new claims")
    subtitle = _("The newest claims from talks about AI.")

    def link(self):
        return reverse("notes:home")

    def claims(self, obj):
        """The public claims this feed covers (narrowed by subclasses)."""
        return queries.public_claims()

    def items(self, obj=None):
        return (
            points(self.claims(obj))
            .select_related("talk", "speaker", "translation", "translated_from")
            .order_by("-created", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return Truncator(point_versions(item)[0].text).chars(90)

    def item_description(self, item):
        said = f"{item.speaker.name}, " if item.speaker else ""
        texts = "\n\n".join(version.text for version in point_versions(item))
        return f"{texts}\n\n— {said}{item.talk.title}"

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return item.speaker.name if item.speaker else None


class FollowsOldSlugs:
    """A feed of one talk, speaker or tag whose old slug (after a merge or rename) answers 301 to
    the feed of where it lives now, as the HTML pages do."""

    redirect_kind = ""

    def feed_url(self, target) -> str:
        raise NotImplementedError

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            # Redirect only when no current object answers to the slug (a draft stays a 404).
            if self.slug_in_use(kwargs["slug"]):
                raise
            return redirect_for(self.redirect_kind, kwargs["slug"], url_of=self.feed_url)

    def slug_in_use(self, slug: str) -> bool:
        return Tag.objects.filter(slug=slug).exists()


def _tag_feed_url(tag) -> str:
    name = "notes:feed-theme" if tag.is_theme else "notes:feed-tag"
    return reverse_slug(name, tag.slug, "notes:feed-claims")


class ThemeFeed(FollowsOldSlugs, NewClaimsFeed):
    """New public claims on one theme."""

    redirect_kind = "tag"

    def feed_url(self, target) -> str:
        return _tag_feed_url(target)

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug, is_theme=True)

    def title(self, obj):
        return _("kb: new claims on %(theme)s") % {"theme": obj.name}

    def subtitle(self, obj):
        return obj.description

    def link(self, obj):
        return obj.get_absolute_url()

    def claims(self, obj):
        return queries.public_claims().filter(queries.has_tag(obj))


class TagFeed(ThemeFeed):
    """New public claims carrying one tag (a theme or a plain tag)."""

    def feed_url(self, target) -> str:
        return reverse_slug("notes:feed-tag", target.slug, "notes:feed-claims")

    def get_object(self, request, slug):
        return get_object_or_404(queries.public_tags(), slug=slug)

    def title(self, obj):
        return _("kb: new claims tagged %(tag)s") % {"tag": obj.name}

    def subtitle(self, obj):
        return obj.description or _("Claims tagged %(tag)s.") % {"tag": obj.name}


class SpeakerFeed(FollowsOldSlugs, NewClaimsFeed):
    """New public claims by one speaker."""

    redirect_kind = "speaker"

    def feed_url(self, target) -> str:
        return reverse_slug("notes:feed-speaker", target.slug, "notes:feed-claims")

    def slug_in_use(self, slug: str) -> bool:
        return Speaker.objects.filter(slug=slug).exists()

    def get_object(self, request, slug):
        return get_object_or_404(queries.public_speakers(), slug=slug)

    def title(self, obj):
        return _("kb: new claims by %(speaker)s") % {"speaker": obj.name}

    def subtitle(self, obj):
        return _("What %(speaker)s said, newest first.") % {"speaker": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def claims(self, obj):
        return queries.public_claims().filter(speaker=obj)
