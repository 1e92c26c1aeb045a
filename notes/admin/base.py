"""Pieces shared by kb's ModelAdmins."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from notes.services.curation import mark_curated


class CuratedAdminMixin:
    """Remember which fields a curator changed, so a re-import never overwrites them."""

    def save_model(self, request, obj, form, change):
        if change and form.changed_data:
            mark_curated(obj, form.changed_data)
        super().save_model(request, obj, form, change)


def count_column(field: str, description: str):
    """A sortable list_display column for an annotated count."""

    @admin.display(description=description, ordering=field)
    def column(model_admin, obj):
        return getattr(obj, field)

    return column


def warning_list(warnings) -> str:
    """Warnings as a bulleted list (not the raw JSON ``["…"]``); "—" when there are none."""
    if not warnings:
        return "—"
    items = format_html_join("", "<li>{}</li>", ((str(w),) for w in warnings))
    return format_html('<ul class="kb-warnings">{}</ul>', items)
