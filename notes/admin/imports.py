"""The admin's import log, duplicate suggestions, and the "Import summaries" page.

The import page works in two steps. Step 1 takes several files or a zip, keeps the uploaded bytes in a
private folder (settings.DATA_DIR/uploads/<random token>, the token held in the session) and shows a
preview computed by a dry run. Step 2 imports exactly those bytes, deletes the folder and opens the
import run. A preview with nothing to import (refused, failed or all unchanged) deletes its folder at
once; uploads that are never confirmed are deleted on the next upload or after a day. A run's files
are a link to the paged ImportFile list, filtered to the run, not an inline.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notes.importer.archive import read_upload
from notes.importer.limits import DEFAULT_LIMITS
from notes.importer.pipeline import import_sources
from notes.models import DuplicateSuggestion, ImportFile, ImportRun, Talk

from .base import warning_list

SESSION_KEY = "kb_import_upload"
UPLOAD_MAX_AGE_SECONDS = 24 * 3600
MAX_UPLOAD_BYTES = getattr(settings, "KB_IMPORT_MAX_UPLOAD_BYTES", 64 * 1024 * 1024)
MAX_UPLOAD_FILES = getattr(settings, "DATA_UPLOAD_MAX_NUMBER_FILES", 500)


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "started", "status", "origin", "user", "imported", "updated", "unchanged", "failed",
    )  # fmt: skip
    list_filter = ("status", "origin")
    date_hierarchy = "started"
    change_list_template = "admin/notes/import_changelist.html"
    # The files are a link to their own paged, filterable list, not an inline: a run of 8,000 files
    # made a 14 MB change page that browsers gave up on.
    readonly_fields = (
        "started", "finished", "status", "origin", "user", "dry_run",
        "imported", "updated", "unchanged", "failed", "files",
    )  # fmt: skip

    @admin.display(description=_("files"))
    def files(self, run: ImportRun):
        base = reverse("admin:notes_importfile_changelist")
        every = f"{base}?{urlencode({'run__id__exact': run.pk})}"
        failed = f"{base}?{urlencode({'run__id__exact': run.pk, 'outcome__exact': 'failed'})}"
        total = run.imported + run.updated + run.unchanged + run.failed
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            every,
            ngettext("all %d file", "all %d files", total) % total,
            failed,
            ngettext("%d failed", "%d failed", run.failed) % run.failed,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the log is read-only: what happened, happened

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="notes_importrun_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest):
        """Step 1 (upload → preview) and step 2 (confirm → import) of the import page."""
        if not request.user.has_perm("notes.add_summary"):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        if request.method == "POST":
            return self._preview(request)
        return self._render(request, "admin/notes/import_form.html", {})

    def _render(self, request, template, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import summaries"),
            "max_upload_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
            **context,
        }
        return render(request, template, context)

    def _preview(self, request):
        files = request.FILES.getlist("files")
        problem = _check_upload(files)
        if problem:
            return self._render(request, "admin/notes/import_form.html", {"error": problem})
        _remove_stale_uploads()
        token = secrets.token_urlsafe(16)
        folder = uploads_dir() / token
        folder.mkdir(parents=True, mode=0o700)
        names = []
        for index, upload in enumerate(files):
            with open(folder / str(index), "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            names.append(upload.name)
        (folder / "names.json").write_text(json.dumps(names), encoding="utf-8")
        _forget_upload(request)
        request.session[SESSION_KEY] = token
        can_import = False
        try:
            result = _run(folder, dry_run=True, user=request.user)
            can_import = any(f.outcome in ("imported", "updated") for f in result.files)
        finally:
            if not can_import:  # refused, or nothing new: no step 2 will ever want these bytes
                _forget_upload(request)
        return self._render(
            request,
            "admin/notes/import_preview.html",
            {"result": result, "token": token, "can_import": can_import},
        )

    def _confirm(self, request):
        token = request.POST.get("token", "")
        if not token or token != request.session.get(SESSION_KEY):
            messages.error(
                request, _("That upload is no longer available; please upload the files again.")
            )
            return HttpResponseRedirect(reverse("admin:notes_importrun_import"))
        folder = uploads_dir() / token
        if not folder.is_dir():
            messages.error(request, _("That upload has expired; please upload the files again."))
            return HttpResponseRedirect(reverse("admin:notes_importrun_import"))
        result = _run(folder, dry_run=False, user=request.user)
        _forget_upload(request)
        messages.success(request, result.summary_line())
        return HttpResponseRedirect(reverse("admin:notes_importrun_change", args=[result.run.pk]))


def _check_upload(files) -> str:
    if not files:
        return str(_("Choose one or more files (.md, .txt, .json) or a .zip to import."))
    if len(files) > MAX_UPLOAD_FILES:
        return str(_("At most %(n)d files can be uploaded at once.") % {"n": MAX_UPLOAD_FILES})
    total = sum(f.size or 0 for f in files)
    if total > MAX_UPLOAD_BYTES:
        return str(
            _("The upload is %(size)d MB; at most %(max)d MB can be imported at once.")
            % {"size": total // (1024 * 1024), "max": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    return ""


def _run(folder: Path, *, dry_run: bool, user):
    names = json.loads((folder / "names.json").read_text(encoding="utf-8"))
    sources, failures = [], []
    for index, name in enumerate(names):
        found, failed = read_upload(name, (folder / str(index)).read_bytes(), DEFAULT_LIMITS)
        sources += found
        failures += failed
    return import_sources(sources, dry_run=dry_run, origin="admin", user=user, failures=failures)


def _forget_upload(request) -> None:
    token = request.session.pop(SESSION_KEY, None)
    if token and "/" not in token and token not in (".", ".."):
        shutil.rmtree(uploads_dir() / token, ignore_errors=True)


def _remove_stale_uploads() -> None:
    folder = uploads_dir()
    if not folder.is_dir():
        return
    cutoff = time.time() - UPLOAD_MAX_AGE_SECONDS
    for entry in folder.iterdir():
        if entry.is_dir() and entry.stat().st_mtime < cutoff:
            shutil.rmtree(entry, ignore_errors=True)


@admin.register(ImportFile)
class ImportFileAdmin(admin.ModelAdmin):
    list_display = ("name", "outcome", "message", "warnings_shown", "run", "talk")
    list_filter = ("outcome",)
    list_per_page = 100
    search_fields = ("name", "message")
    list_select_related = ("run", "talk")

    class Media:
        css = {"all": ["css/kb-admin.css"]}

    @admin.display(description=_("warnings"))
    def warnings_shown(self, import_file):
        return warning_list(import_file.warnings)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DuplicateSuggestion)
class DuplicateSuggestionAdmin(admin.ModelAdmin):
    """Open suggestions first; each row says why, and offers "merge…" (the preview) or "not a
    duplicate" (which stays dismissed across re-imports: the importer never re-suggests a pair)."""

    list_display = ("talk", "other", "score", "reason", "status", "choices")
    list_filter = ("status",)
    list_select_related = ("talk", "other")
    readonly_fields = ("talk", "other", "score", "reason", "created")
    fields = ("talk", "other", "score", "reason", "status", "created")
    actions = ["merge_pair", "dismiss"]
    change_form_template = "admin/notes/duplicatesuggestion_change_form.html"

    class Media:
        css = {"all": ["css/kb-admin.css"]}

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.dismiss_view)
        return [
            path("<int:pk>/dismiss/", view, name="notes_duplicatesuggestion_dismiss"),
            *super().get_urls(),
        ]

    def merge_url(self, suggestion) -> str:
        """The talk-merge preview for the pair, or "" once one side is gone or it was answered."""
        if suggestion.other_id is None or suggestion.status != DuplicateSuggestion.Status.OPEN:
            return ""
        talk_admin = self.admin_site._registry[Talk]
        return talk_admin.merge_url([suggestion.talk_id, suggestion.other_id])

    @admin.display(description=_("decide"))
    def choices(self, suggestion):
        url = self.merge_url(suggestion)
        if not url:
            return "—"
        dismiss = reverse("admin:notes_duplicatesuggestion_dismiss", args=[suggestion.pk])
        # A button in the change list's own form (which carries the CSRF token): forms cannot nest.
        return format_html(
            '<a href="{}">{}</a> · <button type="submit" class="kb-link-button" formaction="{}" '
            'formmethod="post">{}</button>',
            url,
            _("merge…"),
            dismiss,
            _("not a duplicate"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        suggestion = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "merge_url": self.merge_url(suggestion) if suggestion else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def dismiss_view(self, request, pk):
        """POST: mark one suggestion "not a duplicate", recorded in the admin history."""
        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied
        suggestion = DuplicateSuggestion.objects.filter(pk=pk).first()
        if suggestion and suggestion.status == DuplicateSuggestion.Status.OPEN:
            self._dismiss(request, [suggestion])
            messages.success(request, _("Marked “%s” as not a duplicate.") % suggestion)
        return HttpResponseRedirect(reverse("admin:notes_duplicatesuggestion_changelist"))

    def _dismiss(self, request, suggestions) -> int:
        for suggestion in suggestions:
            suggestion.status = DuplicateSuggestion.Status.DISMISSED
            suggestion.save(update_fields=["status"])
            self.log_change(request, suggestion, _("Dismissed: not a duplicate."))
        return len(suggestions)

    @admin.action(description=_("Merge the pair (preview first; one suggestion at a time)"))
    def merge_pair(self, request, queryset):
        urls = [self.merge_url(s) for s in queryset.select_related("talk", "other")]
        urls = [url for url in urls if url]
        if len(urls) != 1:
            messages.warning(request, _("Select one open suggestion to merge its pair."))
            return None
        return HttpResponseRedirect(urls[0])

    @admin.action(description=_("Not duplicates: dismiss the selected suggestions"))
    def dismiss(self, request, queryset):
        count = self._dismiss(
            request, list(queryset.filter(status=DuplicateSuggestion.Status.OPEN))
        )
        messages.success(
            request,
            ngettext("Dismissed %d suggestion.", "Dismissed %d suggestions.", count) % count,
        )
