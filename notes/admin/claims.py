"""Claims: review, re-attribution, tagging (with the reason each theme is there) and relations."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notes.models import Claim, ClaimRelation, ClaimStatus, TaggedClaim
from notes.search import index_claims, remove_claims
from notes.services.counters import refresh_counts, talk_ids_of_claims
from notes.services.review import set_claim_status
from notes.services.tagging import apply_themes
from notes.services.translations import link_translations, unlink_translation

from .base import CuratedAdminMixin
from .review import ReviewQueueMixin


class TaggedClaimInline(admin.TabularInline):
    model = TaggedClaim
    extra = 1
    autocomplete_fields = ["tag"]
    fields = ["tag", "reason", "by_curator"]
    readonly_fields = ["reason", "by_curator"]
    verbose_name_plural = _("tags and themes (with why each is there)")


class RelationInline(admin.TabularInline):
    model = ClaimRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    verbose_name_plural = _(
        "relations to other claims (supports, contradicts, refines, same point)"
    )


@admin.register(Claim)
class ClaimAdmin(ReviewQueueMixin, CuratedAdminMixin, admin.ModelAdmin):
    list_display = ["short_text", "talk", "speaker", "kind", "language", "status", "start_seconds"]
    list_filter = [
        "status",
        "kind",
        "language",
        "talk__public",
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text", "talk__title", "speaker__name"]
    list_select_related = ["talk", "speaker"]
    list_per_page = 50
    autocomplete_fields = ["talk", "speaker", "translation"]
    readonly_fields = [
        "summary",
        "section",
        "position",
        "fingerprint",
        "split_from",
        "curated_fields",
        "created",
        "updated",
    ]
    fieldsets = [
        (None, {"fields": ["text", "speaker", "kind", "language", "status", "translation"]}),
        (_("Where"), {"fields": ["talk", "start_seconds", "summary", "section", "position"]}),
        (
            _("Provenance"),
            {
                "classes": ["collapse"],
                "fields": ["fingerprint", "split_from", "curated_fields", "created", "updated"],
            },
        ),
    ]
    inlines = [TaggedClaimInline, RelationInline]
    actions = [
        "mark_reviewed",
        "mark_hidden",
        "mark_imported",
        "reapply_themes",
        "link_translations",
        "unlink_translations",
    ]

    @admin.display(description=_("claim"), ordering="text")
    def short_text(self, claim):
        return claim.text if len(claim.text) <= 120 else claim.text[:117] + "…"

    def save_formset(self, request, form, formset, change):
        """Tags a curator adds are theirs: a re-import or a keyword re-match never removes them."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if isinstance(obj, TaggedClaim):
                obj.by_curator = True
                obj.reason = obj.reason or _("set by a curator")
            obj.save()
        formset.save_m2m()
        if formset.model is TaggedClaim and (instances or formset.deleted_objects):
            form.instance.curated_fields = sorted({*form.instance.curated_fields, "tags"})
            form.instance.save(update_fields=["curated_fields"])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        index_claims([form.instance.pk])
        refresh_counts([form.instance.talk_id])

    def delete_model(self, request, obj):
        remove_claims([obj.pk])
        super().delete_model(request, obj)
        refresh_counts([obj.talk_id])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        talk_ids = talk_ids_of_claims(ids)
        remove_claims(ids)
        super().delete_queryset(request, queryset)
        refresh_counts(talk_ids)

    def _set_status(self, request, queryset, status):
        count = set_claim_status(queryset, status)
        self.message_user(
            request, ngettext("%d claim updated.", "%d claims updated.", count) % count
        )

    @admin.action(description=_("Mark the selected claims reviewed"))
    def mark_reviewed(self, request, queryset):
        self._set_status(request, queryset, ClaimStatus.REVIEWED)

    @admin.action(description=_("Hide the selected claims from public pages"))
    def mark_hidden(self, request, queryset):
        self._set_status(request, queryset, ClaimStatus.HIDDEN)

    @admin.action(description=_("Return the selected claims to “imported”"))
    def mark_imported(self, request, queryset):
        self._set_status(request, queryset, ClaimStatus.IMPORTED)

    @admin.action(description=_("Re-match themes by keyword for the selected claims"))
    def reapply_themes(self, request, queryset):
        count = apply_themes(queryset)
        self.message_user(
            request, ngettext("%d claim retagged.", "%d claims retagged.", count) % count
        )

    @admin.action(description=_("Link the two selected claims as one point in two languages"))
    def link_translations(self, request, queryset):
        claims = list(queryset[:3])
        if len(claims) != 2:
            self.message_user(request, _("Select exactly two claims to pair."), messages.WARNING)
            return
        try:
            link_translations(*claims)
        except ValueError as problem:
            self.message_user(request, str(problem), messages.ERROR)
            return
        for claim, other in (claims, claims[::-1]):
            self.log_change(request, claim, _("Paired as the translation of claim %d.") % other.pk)
        self.message_user(request, _("The two claims are now one point in two languages."))

    @admin.action(description=_("Unlink the selected claims from their translations"))
    def unlink_translations(self, request, queryset):
        changed = set()
        for claim in queryset:
            if claim.translation_id or Claim.objects.filter(translation=claim).exists():
                changed |= set(unlink_translation(claim))
                self.log_change(request, claim, _("Unpaired from its translation."))
        self.message_user(
            request,
            ngettext("%d claim unpaired.", "%d claims unpaired.", len(changed)) % len(changed),
        )


@admin.register(ClaimRelation)
class ClaimRelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    search_fields = ["source__text", "target__text", "note"]
    autocomplete_fields = ["source", "target"]
    list_select_related = ["source", "target"]
