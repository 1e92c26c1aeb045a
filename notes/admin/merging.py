"""Merging through a preview page: the "Merge…" action opens it, the curator picks the survivor
(and, for talks, the visibility), sees what moves, and confirms. Shared by the talk, speaker and tag
admins; every merge is recorded in the admin history (a change on the survivor, a deletion per
merged row)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


def _ids(raw: str) -> list[int]:
    return sorted({int(part) for part in raw.split(",") if part.strip().isdigit()})


class MergeAdminMixin:
    """Adds ``merge/?ids=1,2`` (preview, then confirm) and a "Merge the selected …" action.

    A subclass sets ``merge_function`` (survivor, others, **options) → survivor, ``preview_function``
    (survivor, others) → MergePreview, and may override ``default_survivor`` and ``merge_options``.
    """

    merge_function = None
    preview_function = None
    merge_has_visibility = False

    def _admin_url_name(self, page: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{page}"

    def get_urls(self):
        view = self.admin_site.admin_view(self.merge_view)
        return [path("merge/", view, name=self._admin_url_name("merge")), *super().get_urls()]

    def merge_url(self, ids, survivor=None) -> str:
        """The preview page's address for merging the rows ``ids``."""
        query = {"ids": ",".join(str(i) for i in sorted(ids))}
        if survivor is not None:
            query["survivor"] = survivor
        return f"{reverse('admin:' + self._admin_url_name('merge'))}?{urlencode(query)}"

    @classmethod
    def merge_action(cls):
        def merge_selected(model_admin, request, queryset):
            ids = list(queryset.values_list("pk", flat=True))
            if len(ids) < 2:
                model_admin.message_user(
                    request, _("Select at least two rows to merge."), messages.WARNING
                )
                return None
            return HttpResponseRedirect(model_admin.merge_url(ids))

        merge_selected.short_description = gettext_lazy("Merge the selected rows (preview first)")
        merge_selected.allowed_permissions = ("change", "delete")
        return merge_selected

    def default_survivor(self, objects):
        return objects[0]

    def merge_view(self, request):
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        ids = _ids(data.get("ids", ""))
        objects = list(self.get_queryset(request).filter(pk__in=ids))
        changelist = reverse("admin:" + self._admin_url_name("changelist"))
        if len(objects) < 2:
            self.message_user(
                request, _("These rows no longer exist or are fewer than two."), messages.WARNING
            )
            return HttpResponseRedirect(changelist)
        by_pk = {obj.pk: obj for obj in objects}
        chosen = data.get("survivor", "")
        survivor = by_pk.get(int(chosen)) if chosen.isdigit() else None
        survivor = survivor or self.default_survivor(objects)
        others = [obj for obj in objects if obj.pk != survivor.pk]
        preview = type(self).preview_function(survivor, others)
        if request.method == "POST" and "confirm" in request.POST:
            return self._merge(request, survivor, others, preview, data)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge %(what)s") % {"what": self.opts.verbose_name_plural},
            "objects": objects,
            "survivor": survivor,
            "preview": preview,
            "ids": ",".join(str(obj.pk) for obj in objects),
            "has_visibility": self.merge_has_visibility,
        }
        return render(request, "admin/notes/merge_preview.html", context)

    def _merge(self, request, survivor, others, preview, data):
        options = {}
        if self.merge_has_visibility:
            options["public"] = data.get("public", "1" if preview.public else "0") == "1"
        names = ", ".join(f"“{obj}”" for obj in others)
        self.log_deletions(request, self.opts.model.objects.filter(pk__in=[o.pk for o in others]))
        before = preview.totals
        survivor = type(self).merge_function(survivor, others, **options)
        after = type(self).preview_function(survivor, []).totals
        message = _("Merged %(names)s into this %(what)s.") % {
            "names": names,
            "what": self.opts.verbose_name,
        }
        self.log_change(request, survivor, message)
        if before != after:  # a merge that loses something is a bug: say so loudly
            self.message_user(
                request,
                _("Counts changed in the merge: before %(before)s, after %(after)s.")
                % {"before": before, "after": after},
                messages.ERROR,
            )
        self.message_user(
            request,
            ngettext(
                "Merged %(n)d row into “%(keep)s”; its old address redirects here.",
                "Merged %(n)d rows into “%(keep)s”; their old addresses redirect here.",
                len(others),
            )
            % {"n": len(others), "keep": survivor},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:" + self._admin_url_name("change"), args=[survivor.pk])
        )
