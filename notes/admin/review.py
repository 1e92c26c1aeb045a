"""The review queue: imported claims of one talk or one theme on one page, worked through with the
keyboard (static/js/review-queue.js: j/k move, x select, r reviewed, h hide, e edit, s split, l link)
and bulk actions: mark reviewed or hidden, set the speaker, add or remove a tag, change the kind,
relate a claim to another. Each claim's text can be edited or split in its row. Each action is a
curator decision (a re-import keeps it) and is recorded in the admin history of every claim it
touched."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notes.models import (
    Claim,
    ClaimKind,
    ClaimRelation,
    ClaimStatus,
    Speaker,
    Tag,
    TaggedClaim,
    Talk,
)
from notes.normalise import normalise_name
from notes.search import search_claims
from notes.services import review
from notes.services.claim_text import edit_claim_text, parts_at_blank_lines, split_claim
from notes.services.relations import link_claims

QUEUE_PAGE_SIZE = 100
ACTIONS = {
    "reviewed": gettext_lazy("Mark reviewed"),
    "hidden": gettext_lazy("Hide"),
    "imported": gettext_lazy("Back to imported"),
    "set_speaker": gettext_lazy("Set speaker"),
    "add_tag": gettext_lazy("Add tag"),
    "remove_tag": gettext_lazy("Remove tag"),
    "set_kind": gettext_lazy("Change kind"),
    "link": gettext_lazy("Relate to another claim"),
}
# How many claims the "other claim" search offers, and how many hits it ranks to choose them.
LINK_CHOICES, LINK_CANDIDATES = 10, 40


def find_speaker(text: str) -> Speaker | None:
    """The speaker a curator typed: by slug, by name or by any alias (spacing and dots ignored)."""
    key = normalise_name(text)
    if not key:
        return None
    return (
        Speaker.objects.filter(Q(slug=text.strip()) | Q(name_key=key) | Q(aliases__normalised=key))
        .distinct()
        .first()
    )


def find_or_make_tag(text: str, *, create: bool) -> Tag | None:
    """The tag a curator typed, by slug, name or Chinese name; a new tag when ``create``."""
    text = text.strip()
    if not text:
        return None
    tag = Tag.objects.filter(Q(slug=text) | Q(name__iexact=text) | Q(name_zh=text)).first()
    if tag is None and create:
        tag = Tag.objects.create(name=text)  # taggit fills in a unique slug
    return tag


class ReviewQueueMixin:
    """Adds ``review/`` to the claim admin: the queue page and its bulk-action endpoint."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.review_view)
        find = self.admin_site.admin_view(self.review_find_view)
        return [
            path("review/", view, name="notes_claim_review"),
            path("review/claims.json", find, name="notes_claim_review_find"),
            *super().get_urls(),
        ]

    def review_find_view(self, request):
        """Claims whose text matches ``q`` (the search syntax), for relating claim ``for`` to one:
        claims of other talks and other speakers first. Staff only, JSON."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:200]
        source_id = request.GET.get("for", "")
        source = Claim.objects.filter(pk=source_id).first() if source_id.isdigit() else None
        if not query:
            return JsonResponse({"results": []})
        hits = search_claims(query, public_only=False, per_page=LINK_CANDIDATES).hits
        ids = [hit.claim.pk for hit in hits if source is None or hit.claim.pk != source.pk]
        found = Claim.objects.select_related("talk", "speaker").in_bulk(ids)
        found = [found[pk] for pk in ids if pk in found]
        if source is not None:
            # Stable: within each group the search's own ranking stays.
            found.sort(
                key=lambda c: (
                    c.talk_id == source.talk_id,
                    bool(source.speaker_id) and c.speaker_id == source.speaker_id,
                )
            )
        return JsonResponse(
            {
                "results": [
                    {
                        "id": claim.pk,
                        "text": claim.text[:200],
                        "speaker": claim.speaker.name if claim.speaker else "",
                        "talk": claim.talk.title[:120],
                    }
                    for claim in found[:LINK_CHOICES]
                ]
            }
        )

    def review_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if request.POST.get("edit_text") or request.POST.get("split"):
                return self._edit_text(request)
            return self._bulk(request)
        return render(request, "admin/notes/review_queue.html", self._queue_context(request))

    def _queue_context(self, request) -> dict:
        status = request.GET.get("status", ClaimStatus.IMPORTED)
        status = status if status in ClaimStatus.values or status == "all" else "imported"
        claims = Claim.objects.all() if status == "all" else Claim.objects.filter(status=status)
        talk_id = request.GET.get("talk", "")
        theme_slug = request.GET.get("theme", "")
        talk = Talk.objects.filter(pk=talk_id).first() if talk_id.isdigit() else None
        theme = Tag.objects.filter(slug=theme_slug).first() if theme_slug else None
        talks = (
            Talk.objects.filter(claims__in=claims.values("pk"))
            .annotate(waiting=Count("claims", distinct=True))
            .order_by("-waiting", "title")[:200]
        )
        themes = (
            Tag.objects.filter(is_theme=True, claim_items__content_object__in=claims.values("pk"))
            .annotate(waiting=Count("claim_items", distinct=True))
            .order_by("position", "name")
        )
        if talk:
            claims = claims.filter(talk=talk)
        if theme:
            claims = claims.filter(tags=theme)
        claims = (
            claims.select_related("talk", "speaker")
            .prefetch_related(
                Prefetch("taggedclaim_set", queryset=TaggedClaim.objects.select_related("tag"))
            )
            .order_by("talk__title", "talk_id", "summary_id", "position", "pk")
            .distinct()
        )
        page = Paginator(claims, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review claims"),
            "page_obj": page,
            "talks": talks,
            "themes": themes,
            "talk": talk,
            "theme": theme,
            "status": status,
            "statuses": [*ClaimStatus.choices, ("all", _("all"))],
            "actions": ACTIONS.items(),
            "kinds": ClaimKind.choices,
            "relation_kinds": ClaimRelation.Kind.choices,
            "speakers": Speaker.objects.filter(
                talk_roles__talk__in={claim.talk_id for claim in page.object_list}
            )
            .distinct()
            .order_by("name"),
            "back": request.get_full_path(),
        }

    @staticmethod
    def _back(request) -> str:
        back = request.POST.get("back", "")
        if not back.startswith(reverse("admin:notes_claim_review")):
            back = reverse("admin:notes_claim_review")
        return back

    def _edit_text(self, request):
        """One claim's row: save the edited text, or split it at its empty lines."""
        back = self._back(request)
        splitting = bool(request.POST.get("split"))
        pk = request.POST.get("split") or request.POST.get("edit_text")
        claim = Claim.objects.filter(pk=pk).first() if pk.isdigit() else None
        if claim is None:
            messages.warning(request, _("That claim no longer exists."))
            return HttpResponseRedirect(back)
        text = request.POST.get(f"text-{claim.pk}", "")
        try:
            if splitting:
                parts = split_claim(claim, parts_at_blank_lines(text))
            elif not edit_claim_text(claim, text):
                messages.info(request, _("The text is unchanged."))
                return HttpResponseRedirect(back)
        except ValueError as problem:
            messages.error(request, str(problem))
            return HttpResponseRedirect(back)
        if splitting:
            added = parts[1:]
            self.log_change(
                request,
                claim,
                f"Review queue: split into {len(parts)} parts "
                f"(new claims {', '.join(str(p.pk) for p in added)})",
            )
            LogEntry.objects.log_actions(
                request.user.pk,
                added,
                ADDITION,
                f"Review queue: split off claim {claim.pk}",
                single_object=False,
            )
            messages.success(request, _("Claim split into %(n)d parts.") % {"n": len(parts)})
        else:
            self.log_change(request, claim, "Review queue: text edited")
            messages.success(request, _("Text saved; a re-import keeps it."))
        return HttpResponseRedirect(back)

    def _bulk(self, request):
        back = self._back(request)
        ids = [int(i) for i in request.POST.getlist("claims") if i.isdigit()]
        action = request.POST.get("action", "")
        claims = Claim.objects.filter(pk__in=ids)
        if not ids or action not in ACTIONS:
            messages.warning(request, _("Select claims (x) and an action first."))
            return HttpResponseRedirect(back)
        try:
            count, what = self._apply(request, action, claims)
        except ValueError as problem:
            messages.error(request, str(problem))
            return HttpResponseRedirect(back)
        LogEntry.objects.log_actions(
            request.user.pk, list(claims), CHANGE, f"Review queue: {what}", single_object=False
        )
        messages.success(
            request,
            ngettext("%(what)s: %(n)d claim.", "%(what)s: %(n)d claims.", count)
            % {"what": what, "n": count},
        )
        return HttpResponseRedirect(back)

    def _apply(self, request, action: str, claims) -> tuple[int, str]:
        if action in ClaimStatus.values:
            return review.set_claim_status(claims, action), str(ACTIONS[action])
        if action == "link":
            return self._link(request, claims)
        if action == "set_kind":
            kind = request.POST.get("kind", "")
            if kind not in ClaimKind.values:
                raise ValueError(_("Choose a kind."))
            return review.set_claims_kind(claims, kind), _("kind set to %s") % ClaimKind(kind).label
        if action == "set_speaker":
            typed = request.POST.get("speaker", "")
            speaker = find_speaker(typed)
            if speaker is None:
                raise ValueError(_("No speaker is called “%s”.") % typed)
            return review.set_claims_speaker(claims, speaker), _("speaker set to %s") % speaker
        typed = request.POST.get("tag", "")
        tag = find_or_make_tag(typed, create=action == "add_tag")
        if tag is None:
            raise ValueError(_("No tag is called “%s”.") % typed)
        if action == "add_tag":
            return review.add_claims_tag(claims, tag), _("tagged %s") % tag
        return review.remove_claims_tag(claims, tag), _("untagged %s") % tag

    def _link(self, request, claims) -> tuple[int, str]:
        """Relate the one selected claim to the claim picked in "other claim"."""
        chosen = list(claims[:2])
        if len(chosen) != 1:
            raise ValueError(_("Select exactly one claim to relate."))
        typed = request.POST.get("link_target", "").strip().lstrip("#")
        target = Claim.objects.filter(pk=typed).first() if typed.isdigit() else None
        if target is None:
            raise ValueError(_("Pick the other claim (search its text, or type its number)."))
        kind = request.POST.get("relation_kind", "")
        relation, _created = link_claims(chosen[0], target, kind)
        what = _("%(kind)s claim %(other)d") % {
            "kind": relation.get_kind_display(),
            "other": target.pk,
        }
        self.log_change(request, target, f"Review queue: claim {chosen[0].pk} {relation.kind} this")
        return 1, what
