"""Talks, the speakers in them, their summaries (imported files) and sections."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notes.importer.evidence_log import evidence_lines, skipped_lines
from notes.models import Claim, Section, Summary, TaggedTalk, Talk, TalkSpeaker
from notes.search import index_claims
from notes.services.counters import refresh_counts
from notes.services.merge import merge_talks
from notes.services.merge_preview import preview_talk_merge
from notes.services.redirects import record_old_slug

from .base import CuratedAdminMixin, count_column, warning_list
from .merging import MergeAdminMixin


class TalkSpeakerInline(admin.TabularInline):
    model = TalkSpeaker
    extra = 1
    autocomplete_fields = ["speaker"]
    fields = ["speaker", "role", "position"]


class TaggedTalkInline(admin.TabularInline):
    model = TaggedTalk
    extra = 1
    autocomplete_fields = ["tag"]
    verbose_name_plural = _("tags")


class SummaryInline(admin.TabularInline):
    model = Summary
    extra = 0
    fields = ["source_link", "language", "part", "imported"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def source_link(self, summary):
        return summary.source_name


@admin.register(Talk)
class TalkAdmin(MergeAdminMixin, CuratedAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "published",
        "public",
        "speaker_list",
        "summaries_column",
        "claims_column",
    ]
    list_filter = ["public", "tags__is_theme", ("published", admin.DateFieldListFilter)]
    search_fields = ["title", "slug", "url", "speakers__name"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published"
    readonly_fields = ["youtube_id", "curated_fields", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "public", "url", "youtube_id", "description"]}),
        (_("When"), {"fields": ["published", "published_precision", "duration_seconds"]}),
        (
            _("Provenance"),
            {"classes": ["collapse"], "fields": ["curated_fields", "created", "updated"]},
        ),
    ]
    inlines = [TalkSpeakerInline, TaggedTalkInline, SummaryInline]
    actions = ["make_public", "make_draft", MergeAdminMixin.merge_action()]
    merge_function = merge_talks
    preview_function = preview_talk_merge
    merge_has_visibility = True
    summaries_column = count_column("summary_count", _("summaries"))
    claims_column = count_column("claim_count", _("claims"))

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                summary_count=Count("summaries", distinct=True),
                claim_count=Count("claims", distinct=True),
            )
            .prefetch_related("talk_speakers__speaker")
        )

    # The search index carries each claim's visibility and its talk's date: re-index on change.
    SEARCHED_FIELDS = {"public", "published", "title"}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and self.SEARCHED_FIELDS & set(form.changed_data):
            index_claims(form.instance.claims.values_list("pk", flat=True))
        refresh_counts([form.instance.pk])  # visibility and the speakers inline change counts

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        refresh_counts([pk])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        refresh_counts(ids)

    @admin.display(description=_("speakers"))
    def speaker_list(self, talk):
        return ", ".join(str(ts) for ts in talk.talk_speakers.all())

    @admin.action(description=_("Make the selected talks public"))
    def make_public(self, request, queryset):
        self._set_public(request, queryset, True)

    @admin.action(description=_("Make the selected talks drafts (hidden from public pages)"))
    def make_draft(self, request, queryset):
        self._set_public(request, queryset, False)

    def _set_public(self, request, queryset, public):
        talks = list(queryset)
        for talk in talks:
            if talk.public != public:
                talk.public = public
                talk.curated_fields = sorted({*talk.curated_fields, "public"})
                talk.save(update_fields=["public", "curated_fields", "updated"])
                index_claims(talk.claims.values_list("pk", flat=True))
                refresh_counts([talk.pk])
        self.message_user(
            request, ngettext("%d talk updated.", "%d talks updated.", len(talks)) % len(talks)
        )

    def default_survivor(self, talks):
        """A public talk before a draft, then the one with most claims, then the oldest."""
        return min(talks, key=lambda t: (not t.public, -t.claim_count, t.created, t.pk))

    def save_model(self, request, obj, form, change):
        if change and "slug" in form.changed_data:
            record_old_slug(obj, form.initial.get("slug", ""))
        super().save_model(request, obj, form, change)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "heading", "level", "start_seconds", "end_seconds"]


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ["position", "text", "kind", "language", "speaker", "start_seconds", "status"]
    readonly_fields = ["position", "text", "kind", "language", "speaker", "start_seconds"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    list_display = [
        "source_name",
        "talk",
        "language",
        "part",
        "section_count",
        "claim_count",
        "imported",
    ]
    list_filter = ["language", "front_matter_format", "imported"]
    search_fields = ["source_name", "talk__title", "sha256"]
    list_select_related = ["talk"]
    autocomplete_fields = ["talk"]
    readonly_fields = [
        "source_name",
        "part",
        "sha256",
        "file_sha256",
        "encoding",
        "front_matter_format",
        "front_matter",
        "language",
        "title_as_written",
        "warning_list",
        "imported",
        "updated",
        "raw",
        "rendered",
        "field_evidence",
        "skipped_blocks",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "talk",
                    "source_name",
                    "part",
                    "language",
                    "title_as_written",
                    "warning_list",
                ]
            },
        ),
        (_("Why the fields came out so"), {"fields": ["field_evidence", "skipped_blocks"]}),
        (
            _("File"),
            {
                "fields": [
                    "sha256",
                    "file_sha256",
                    "encoding",
                    "front_matter_format",
                    "front_matter",
                    "imported",
                    "updated",
                ]
            },
        ),
        (_("Text"), {"classes": ["collapse"], "fields": ["rendered", "raw"]}),
    ]
    inlines = [SectionInline, ClaimInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_counts([form.instance.talk_id])  # the claims inline edits status and speaker

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_counts([obj.talk_id])

    def delete_queryset(self, request, queryset):
        talk_ids = set(queryset.values_list("talk_id", flat=True))
        super().delete_queryset(request, queryset)
        refresh_counts(talk_ids)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_sections=Count("sections", distinct=True), n_claims=Count("claims", distinct=True)
            )
        )

    @admin.display(description=_("evidence"))
    def field_evidence(self, summary):
        """Every candidate for each field, the winner first (escaped: the values are file text)."""
        lines = evidence_lines(summary.evidence)
        if not lines:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li class="{}">{}</li>',
                (("chosen" if line.chosen else "lost", line.sentence) for line in lines),
            ),
        )

    @admin.display(description=_("blocks left out"))
    def skipped_blocks(self, summary):
        """Blocks left out as noise, with the reason (escaped)."""
        lines = skipped_lines(summary.skipped)
        if not lines:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines))
        )

    @admin.display(description=_("sections"), ordering="n_sections")
    def section_count(self, summary):
        return summary.n_sections

    @admin.display(description=_("claims"), ordering="n_claims")
    def claim_count(self, summary):
        return summary.n_claims

    @admin.display(description=_("warnings"))
    def warning_list(self, summary):
        return warning_list(summary.warnings)

    @admin.display(description=_("rendered"))
    def rendered(self, summary):
        # summary.html was sanitised with an allow-list when it was imported.
        return format_html('<div class="kb-rendered">{}</div>', mark_safe(summary.html))


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "summary", "position", "start_seconds", "end_seconds"]
    search_fields = ["heading", "summary__source_name", "summary__talk__title"]
    list_select_related = ["summary"]
    autocomplete_fields = ["summary"]


@admin.register(TalkSpeaker)
class TalkSpeakerAdmin(admin.ModelAdmin):
    list_display = ["talk", "speaker", "role"]
    list_filter = ["role"]
    search_fields = ["talk__title", "speaker__name"]
    autocomplete_fields = ["talk", "speaker"]
    list_select_related = ["talk", "speaker"]
