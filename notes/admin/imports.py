"""The admin's import log, duplicate suggestions, and the "Import summaries" page.

The import page works in two steps, each a background task (notes/importer/jobs.py): step 1 takes
several files or a zip, keeps the uploaded bytes in a private folder (settings.DATA_DIR/uploads/
<random token>, the token held in the session), queues a per-file dry run and redirects to the job's
page, which shows a progress bar (static/js/import-progress.js polls the staff-only status URL; a
"refresh" link without JS) and then the preview. Step 2 ("Import") queues the import of exactly
those bytes; its page then links to the import run. Uploads are removed when the import ends, when
the preview has nothing to import, on "Cancel", on the next upload of the session, or after a day.
A run's files are a link to the paged ImportFile list, filtered to the run, not an inline.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notes.importer.jobs import (
    cancel_job,
    confirm_import,
    job_status,
    preview_result,
    start_admin_import,
)
from notes.models import DuplicateSuggestion, ImportFile, ImportJob, ImportRun, Talk

from .base import warning_list

SESSION_KEY = "kb_import_upload"
MAX_UPLOAD_BYTES = getattr(settings, "KB_IMPORT_MAX_UPLOAD_BYTES", 64 * 1024 * 1024)
MAX_UPLOAD_FILES = getattr(settings, "DATA_UPLOAD_MAX_NUMBER_FILES", 500)


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
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path("import/", wrap(self.import_view), name="notes_importrun_import"),
            path("import/<int:pk>/", wrap(self.job_view), name="notes_importrun_job"),
            path(
                "import/<int:pk>/status/",
                wrap(self.job_status_view),
                name="notes_importrun_job_status",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest):
        """Step 1 (upload → queued preview) and step 2 (confirm → queued import), or cancel."""
        self._check_permission(request)
        if request.method == "POST" and ("confirm" in request.POST or "cancel" in request.POST):
            return self._decide(request)
        if request.method == "POST":
            return self._upload(request)
        return self._render(request, "admin/notes/import_form.html", {})

    def job_view(self, request: HttpRequest, pk: int):
        """The job's page: progress while the worker runs it, then the preview or the outcome."""
        job = self._job(request, pk)
        status = job_status(job)
        mine = request.session.get(SESSION_KEY) == job.token
        context = {"job": job, "status": status, "mine": mine, "percent": _percent(status)}
        if job.phase == ImportJob.Phase.PREVIEWED:
            context["result"] = preview_result(job)
            context["can_import"] = job.can_import and mine
        return self._render(request, "admin/notes/import_job.html", context)

    def job_status_view(self, request: HttpRequest, pk: int):
        """JSON for the progress bar: phase, total, done, failed, current file, latest errors."""
        status = job_status(self._job(request, pk))
        response = JsonResponse(status)
        response["Cache-Control"] = "no-store"
        return response

    def _check_permission(self, request) -> None:
        if not request.user.has_perm("notes.add_summary"):
            raise PermissionDenied

    def _job(self, request, pk) -> ImportJob:
        self._check_permission(request)
        job = ImportJob.objects.filter(pk=pk).first()
        if job is None:
            raise Http404("No such import.")
        return job

    def _render(self, request, template, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import summaries"),
            "max_upload_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
            **context,
        }
        return render(request, template, context)

    def _upload(self, request):
        files = request.FILES.getlist("files")
        problem = _check_upload(files)
        if problem:
            return self._render(request, "admin/notes/import_form.html", {"error": problem})
        _forget_upload(request)
        job = start_admin_import(files, request.user)
        request.session[SESSION_KEY] = job.token
        if not job.can_import and job.phase not in ImportJob.WORKING:
            request.session.pop(SESSION_KEY, None)  # its upload is already gone
        return HttpResponseRedirect(reverse("admin:notes_importrun_job", args=[job.pk]))

    def _decide(self, request):
        token = request.POST.get("token", "")
        job = ImportJob.objects.filter(token=token).first() if token else None
        if job is None or token != request.session.get(SESSION_KEY):
            messages.error(
                request, _("That upload is no longer available; please upload the files again.")
            )
            return HttpResponseRedirect(reverse("admin:notes_importrun_import"))
        request.session.pop(SESSION_KEY, None)
        if "cancel" in request.POST:
            cancel_job(job)
            messages.info(request, _("Cancelled: nothing was imported."))
            return HttpResponseRedirect(reverse("admin:notes_importrun_import"))
        if not confirm_import(job):
            messages.error(request, _("That upload has expired; please upload the files again."))
            return HttpResponseRedirect(reverse("admin:notes_importrun_import"))
        if job.phase == ImportJob.Phase.FINISHED and job.run_id:  # the task ran at once
            messages.success(request, job.message)
            return HttpResponseRedirect(reverse("admin:notes_importrun_change", args=[job.run_id]))
        return HttpResponseRedirect(reverse("admin:notes_importrun_job", args=[job.pk]))


def _percent(status: dict) -> int:
    return round(100 * status["done"] / status["total"]) if status["total"] else 0


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


def _forget_upload(request) -> None:
    """A new upload replaces the session's previous one, unless that one is already importing."""
    token = request.session.pop(SESSION_KEY, None)
    job = ImportJob.objects.filter(token=token).first() if token else None
    if job is not None:
        cancel_job(job)


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
