"""The curators' admin: one module per concern; importing them registers the ModelAdmins."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import claims, glossary, imports, people, tags, talks  # noqa: F401

admin.site.site_header = "kb"
admin.site.site_title = "kb"
admin.site.index_title = _("Curation")
# The home page starts with what waits for the curator (notes/templatetags/kb_admin.py).
admin.site.index_template = "admin/kb_index.html"
