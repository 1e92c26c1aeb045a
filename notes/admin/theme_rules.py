"""A theme's rules in the admin: keywords and patterns one per line, a preview of what they would tag
and untag (the "Preview" button posts the edited, unsaved rules; static/js/theme-rules.js refreshes
it as the curator types), and "apply to all claims" as a save button and a list action."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notes.models import Tag
from notes.services.tagging import apply_theme_rules, preview_theme_rules
from notes.services.theme_patterns import pattern_problems


class LinesField(forms.CharField):
    """A list of strings edited as a textarea, one per line (blank lines and repeats dropped)."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        lines = (line.strip() for line in (value or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))


class TagForm(forms.ModelForm):
    keywords = LinesField(
        required=False,
        label=gettext_lazy("Keywords"),
        help_text=gettext_lazy(
            "One word or phrase per line (English or Chinese); a claim containing one gets this theme."
        ),
    )
    patterns = LinesField(
        required=False,
        label=gettext_lazy("Patterns"),
        help_text=gettext_lazy(
            "Optional regular expressions, one per line, matched case-insensitively "
            "(at most 200 characters each)."
        ),
    )

    class Meta:
        model = Tag
        fields = ["name", "name_zh", "slug", "is_theme", "position", "description",
                  "description_zh", "keywords", "patterns"]  # fmt: skip


def rules_result_message(theme: Tag, result) -> str:
    """The admin-history line and message for one "apply to all claims"."""
    text = _(
        "Applied the rules of “%(theme)s” to all claims: %(tagged)d tagged, "
        "%(untagged)d untagged, %(unchanged)d unchanged."
    ) % {
        "theme": theme,
        "tagged": result.tagged,
        "untagged": result.untagged,
        "unchanged": result.unchanged,
    }
    if result.undecided:
        text += " " + _("%(n)d claims left as they were (a pattern took too long on them).") % {
            "n": result.undecided
        }
    return text


class ThemeRulesAdminMixin:
    """Adds ``<id>/rules-preview/``, the "Save and apply to all claims" button and list action."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.rules_preview_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_rules_preview"
        return [path("<path:object_id>/rules-preview/", view, name=name), *super().get_urls()]

    def rules_preview_view(self, request, object_id):
        """What the posted (unsaved) keywords and patterns would change; a fragment for the script."""
        theme = self.get_object(request, object_id)
        if theme is None:
            raise Http404(_("No such tag."))
        if not self.has_change_permission(request, theme):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        keywords = LinesField().to_python(data.get("keywords", "")) if data else theme.keywords
        patterns = LinesField().to_python(data.get("patterns", "")) if data else theme.patterns
        errors = pattern_problems(patterns)
        preview = None if errors else preview_theme_rules(theme, keywords, patterns)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": theme,
            "title": _("Preview of the rules of “%(theme)s”") % {"theme": theme},
            "keywords": "\n".join(keywords),
            "patterns": "\n".join(patterns),
            "errors": errors,
            "preview": preview,
        }
        fragment = request.headers.get("X-KB-Fragment") == "1"
        template = "rules_preview_results.html" if fragment else "rules_preview.html"
        return render(request, f"admin/notes/tag/{template}", context)

    def response_change(self, request, obj):
        if "_apply_rules" in request.POST and obj.is_theme:
            self._apply_rules(request, obj)
        return super().response_change(request, obj)

    def _apply_rules(self, request, theme: Tag) -> None:
        result = apply_theme_rules(theme)
        message = rules_result_message(theme, result)
        self.log_change(request, theme, message)
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description=gettext_lazy("Apply the selected themes' rules to all claims"),
        permissions=["change"],
    )
    def apply_rules(self, request, queryset):
        themes = list(queryset.filter(is_theme=True).order_by("position", "name"))
        for theme in themes:
            self._apply_rules(request, theme)
        if not themes:
            self.message_user(
                request, _("Only themes have rules; select a theme."), messages.WARNING
            )
