"""The glossary of English ↔ Chinese terms that search uses to cross languages."""

from django.contrib import admin

from notes.models import GlossaryTerm


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    """Terms take effect on the next search: the glossary is read at query time, not indexed."""

    list_display = ["english", "chinese", "note"]
    list_editable = ["chinese", "note"]
    search_fields = ["english", "chinese", "note"]
    fields = ["english", "chinese", "note"]
