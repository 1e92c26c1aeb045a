"""The admin home's curator panel: what waits, with a link into each queue."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notes.models import Claim, ClaimStatus, DuplicateSuggestion
from notes.services.speaker_duplicates import find_speaker_duplicates, speakers_without_aliases

register = template.Library()


@register.inclusion_tag("admin/notes/curator_queues.html", takes_context=True)
def curator_queues(context):
    """Counts of claims to review, open duplicate suggestions, likely duplicate speakers and
    speakers without aliases, each with the page that works through it."""
    user = context["request"].user
    to_review = Claim.objects.filter(status=ClaimStatus.IMPORTED).count()
    open_pairs = DuplicateSuggestion.objects.filter(status=DuplicateSuggestion.Status.OPEN).count()
    speaker_pairs = len(find_speaker_duplicates())
    unaliased = speakers_without_aliases().count()
    queues = [
        (
            ngettext("%(n)d claim to review", "%(n)d claims to review", to_review),
            to_review,
            reverse("admin:notes_claim_review"),
        ),
        (
            ngettext(
                "%(n)d open duplicate-talk suggestion",
                "%(n)d open duplicate-talk suggestions",
                open_pairs,
            ),
            open_pairs,
            reverse("admin:notes_duplicatesuggestion_changelist") + "?status__exact=open",
        ),
        (
            ngettext(
                "%(n)d pair of speakers who may be one person",
                "%(n)d pairs of speakers who may be one person",
                speaker_pairs,
            ),
            speaker_pairs,
            reverse("admin:notes_speaker_duplicates"),
        ),
        (
            ngettext("%(n)d speaker without aliases", "%(n)d speakers without aliases", unaliased),
            unaliased,
            reverse("admin:notes_speaker_changelist") + "?aliases=none",
        ),
    ]
    return {
        "queues": [
            {"label": label % {"n": count}, "count": count, "url": url}
            for label, count, url in queues
        ],
        "can_import": user.has_perm("notes.add_summary"),
        "import_url": reverse("admin:notes_importrun_import"),
        "title": _("What waits for you"),
    }
