"""Speakers and their aliases."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from notes.models import Claim, Speaker, SpeakerAlias
from notes.search import index_claims
from notes.services.merge import merge_speakers
from notes.services.merge_preview import preview_speaker_merge
from notes.services.redirects import record_old_slug

from .base import count_column
from .merging import MergeAdminMixin


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1
    fields = ["alias"]


@admin.register(Speaker)
class SpeakerAdmin(MergeAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "alias_list", "talks_column", "claims_column"]
    search_fields = ["name", "slug", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]
    actions = [MergeAdminMixin.merge_action()]
    merge_function = merge_speakers
    preview_function = preview_speaker_merge
    talks_column = count_column("talk_count", _("talks"))
    claims_column = count_column("claim_count", _("claims"))

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                talk_count=Count("talk_roles__talk", distinct=True),
                claim_count=Count("claims", distinct=True),
            )
            .prefetch_related("aliases")
        )

    def save_related(self, request, form, formsets, change):
        """Claims are found by their speaker's name and aliases: re-index them when those change."""
        super().save_related(request, form, formsets, change)
        if change and ("name" in form.changed_data or any(fs.has_changed() for fs in formsets)):
            index_claims(Claim.objects.filter(speaker=form.instance).values_list("pk", flat=True))

    @admin.display(description=_("aliases"))
    def alias_list(self, speaker):
        return ", ".join(alias.alias for alias in speaker.aliases.all())

    def default_survivor(self, speakers):
        """The speaker in most talks, then with most claims, then the oldest."""
        return min(speakers, key=lambda s: (-s.talk_count, -s.claim_count, s.pk))

    def save_model(self, request, obj, form, change):
        if change and "slug" in form.changed_data:
            record_old_slug(obj, form.initial.get("slug", ""))
        super().save_model(request, obj, form, change)


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "speaker"]
    search_fields = ["alias", "speaker__name"]
    autocomplete_fields = ["speaker"]
