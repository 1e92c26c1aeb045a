"""Speakers and their aliases."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notes.models import Claim, Speaker, SpeakerAlias
from notes.search import index_claims
from notes.services.merge import merge_speakers

from .base import count_column


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1
    fields = ["alias"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "alias_list", "talks_column", "claims_column"]
    search_fields = ["name", "slug", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]
    actions = ["merge_into_first"]
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

    @admin.action(description=_("Merge the selected speakers into the one with most talks"))
    def merge_into_first(self, request, queryset):
        speakers = list(queryset.order_by("-talk_count", "-claim_count", "id"))
        if len(speakers) < 2:
            self.message_user(
                request, _("Select at least two speakers to merge."), messages.WARNING
            )
            return
        keep = merge_speakers(speakers[0], speakers[1:])
        self.message_user(
            request,
            ngettext(
                "Merged %(n)d speaker into %(keep)s.",
                "Merged %(n)d speakers into %(keep)s.",
                len(speakers) - 1,
            )
            % {"n": len(speakers) - 1, "keep": keep},
        )


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "speaker"]
    search_fields = ["alias", "speaker__name"]
    autocomplete_fields = ["speaker"]
