"""Tags and themes (a theme is a tag with is_theme set)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag as TaggitDefaultTag

from notes.models import Tag, TaggedClaim, TaggedTalk

from .base import count_column

# kb uses its own tag model; taggit's default one would only confuse curators.
if admin.site.is_registered(TaggitDefaultTag):
    admin.site.unregister(TaggitDefaultTag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "name_zh",
        "slug",
        "is_theme",
        "position",
        "claims_column",
        "talks_column",
    ]
    list_editable = ["is_theme", "position"]
    list_filter = ["is_theme"]
    search_fields = ["name", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "name_zh",
        "slug",
        "is_theme",
        "position",
        "description",
        "description_zh",
        "keywords",
    ]
    actions = ["make_theme", "make_plain_tag"]
    claims_column = count_column("claim_count", _("claims"))
    talks_column = count_column("talk_count", _("talks"))

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                claim_count=Count("claim_items", distinct=True),
                talk_count=Count("talk_items", distinct=True),
            )
        )

    @admin.action(description=_("Make the selected tags themes"))
    def make_theme(self, request, queryset):
        queryset.update(is_theme=True)

    @admin.action(description=_("Make the selected themes plain tags"))
    def make_plain_tag(self, request, queryset):
        queryset.update(is_theme=False)


@admin.register(TaggedClaim)
class TaggedClaimAdmin(admin.ModelAdmin):
    list_display = ["tag", "content_object", "reason", "by_curator"]
    list_filter = ["by_curator", "tag__is_theme", "tag"]
    search_fields = ["tag__name", "content_object__text", "reason"]
    autocomplete_fields = ["tag", "content_object"]
    list_select_related = ["tag", "content_object"]


@admin.register(TaggedTalk)
class TaggedTalkAdmin(admin.ModelAdmin):
    list_display = ["tag", "content_object"]
    search_fields = ["tag__name", "content_object__title"]
    autocomplete_fields = ["tag", "content_object"]
    list_select_related = ["tag", "content_object"]
