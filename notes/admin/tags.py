"""Tags and themes (a theme is a tag with is_theme set)."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag as TaggitDefaultTag

from notes.models import Tag, TagAlias, TaggedClaim, TaggedTalk
from notes.models.tags import alias_key
from notes.services.merge_preview import preview_tag_merge
from notes.services.merge_tags import merge_tags
from notes.services.redirects import record_old_slug

from .base import count_column
from .merging import MergeAdminMixin
from .theme_rules import TagForm, ThemeRulesAdminMixin

# kb uses its own tag model; taggit's default one would only confuse curators.
if admin.site.is_registered(TaggitDefaultTag):
    admin.site.unregister(TaggitDefaultTag)


class TagAliasFormSet(BaseInlineFormSet):
    def clean(self):
        """Two rows of the form naming the same alias (case and width aside) are one too many."""
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            key = alias_key(form.cleaned_data.get("alias", ""))
            if key and key in seen:
                form.add_error("alias", _("This alias is listed twice."))
            seen.add(key)


class TagAliasForm(forms.ModelForm):
    class Meta:
        model = TagAlias
        fields = ["alias"]
        # A tabular inline labels its inputs only by the column heading: name them for screen readers.
        widgets = {"alias": forms.TextInput(attrs={"aria-label": _("alias")})}


class TagAliasInline(admin.TabularInline):
    """Other names of the tag, any script: imports and searches using them find this tag."""

    model = TagAlias
    form = TagAliasForm
    formset = TagAliasFormSet
    fields = ["alias"]
    extra = 1
    verbose_name = _("alias")
    verbose_name_plural = _("aliases (other names: RL, 强化学习 …)")


@admin.register(Tag)
class TagAdmin(ThemeRulesAdminMixin, MergeAdminMixin, admin.ModelAdmin):
    form = TagForm
    inlines = [TagAliasInline]
    change_form_template = "admin/notes/tag/change_form.html"
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
    search_fields = ["name", "name_zh", "slug", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "name_zh", "slug", "is_theme", "position", "description",
              "description_zh", "keywords", "patterns"]  # fmt: skip
    actions = ["make_theme", "make_plain_tag", "apply_rules", MergeAdminMixin.merge_action()]
    merge_function = merge_tags
    preview_function = preview_tag_merge
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

    def default_survivor(self, tags):
        """A theme before a plain tag, then the tag on most claims."""
        return min(tags, key=lambda t: (not t.is_theme, -t.claim_count, t.pk))

    def save_model(self, request, obj, form, change):
        if change and "slug" in form.changed_data:
            record_old_slug(obj, form.initial.get("slug", ""))
        super().save_model(request, obj, form, change)

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
