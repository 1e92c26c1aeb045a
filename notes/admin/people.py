"""Speakers and their aliases."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from notes.models import Claim, Speaker, SpeakerAlias
from notes.search import index_claims
from notes.services.merge import merge_speakers
from notes.services.merge_preview import preview_speaker_merge
from notes.services.redirects import record_old_slug
from notes.services.speaker_duplicates import dismiss_speaker_pair, find_speaker_duplicates

from .base import count_column
from .merging import MergeAdminMixin


class SpeakerAliasInline(admin.TabularInline):
    """Other spellings of the person, in any script ("Ilya", "伊利亚·苏茨科夫"); search finds them."""

    model = SpeakerAlias
    extra = 2
    fields = ["alias"]


class HasAliasesFilter(admin.SimpleListFilter):
    title = _("aliases")
    parameter_name = "aliases"

    def lookups(self, request, model_admin):
        return [("none", _("no alias yet")), ("some", _("has aliases"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(aliases__isnull=True)
        if self.value() == "some":
            return queryset.filter(aliases__isnull=False).distinct()
        return queryset


@admin.register(Speaker)
class SpeakerAdmin(MergeAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "alias_list", "talks_column", "claims_column"]
    search_fields = ["name", "slug", "aliases__alias"]
    list_filter = [HasAliasesFilter]
    prepopulated_fields = {"slug": ["name"]}
    change_list_template = "admin/notes/speaker_changelist.html"
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

    def get_urls(self):
        duplicates = self.admin_site.admin_view(self.duplicates_view)
        dismiss = self.admin_site.admin_view(self.dismiss_pair_view)
        return [
            path("duplicates/", duplicates, name="notes_speaker_duplicates"),
            path("duplicates/dismiss/", dismiss, name="notes_speaker_dismiss_pair"),
            *super().get_urls(),
        ]

    def duplicates_view(self, request):
        """Speakers who are probably one person, with the evidence, "merge…" and "not a duplicate"."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        pairs = [
            (pair, self.merge_url([pair.first.pk, pair.second.pk]))
            for pair in find_speaker_duplicates()
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Speakers who may be one person"),
            "pairs": pairs,
        }
        return render(request, "admin/notes/speaker_duplicates.html", context)

    def dismiss_pair_view(self, request):
        """POST: two speakers are different people; recorded in both speakers' history."""
        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied
        first = get_object_or_404(Speaker, pk=request.POST.get("first", ""))
        second = get_object_or_404(Speaker, pk=request.POST.get("second", ""))
        dismiss_speaker_pair(first, second)
        for one, other in ((first, second), (second, first)):
            self.log_change(request, one, _("Not the same person as %s.") % other)
        messages.success(
            request, _("%(a)s and %(b)s are different people.") % {"a": first, "b": second}
        )
        return HttpResponseRedirect(reverse("admin:notes_speaker_duplicates"))

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
