"""The sitemap: an index (/sitemap.xml) of sections for list pages, talks, speakers, themes and claims."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from notes import queries
from notes.models import Tag


class ListPagesSitemap(Sitemap):
    """The site's fixed pages."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["notes:home", "notes:talks", "notes:speakers", "notes:tags"]

    def location(self, item):
        return reverse(item)


class TalkSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return queries.public_talks().order_by("pk")

    def lastmod(self, talk):
        return talk.updated

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default of calling lastmod() on every item.
        return self.items().aggregate(latest=Max("updated"))["latest"]


class SpeakerSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return queries.public_speakers().order_by("pk")


class ThemeSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return Tag.objects.filter(is_theme=True).order_by("position", "pk")


class ClaimSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4
    limit = 2000  # claims are many: the index lists one sitemap page per 2,000

    def items(self):
        return queries.public_claims().only("pk", "updated").order_by("pk")

    def lastmod(self, claim):
        return claim.updated

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated"))["latest"]


SITEMAPS = {
    "pages": ListPagesSitemap,
    "talks": TalkSitemap,
    "speakers": SpeakerSitemap,
    "themes": ThemeSitemap,
    "claims": ClaimSitemap,
}
