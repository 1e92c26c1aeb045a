"""The talks list and a talk's page, which leads with the ideas.

A talk's page reads: title block, key points, then the sections with their other claims and
timestamps (a table of contents jumps to each), then the source summaries, collapsed and labelled by
what they are. Each point (a claim and its translation) appears once.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from notes import facets, queries
from notes.claim_rows import fetch_rows
from notes.models import Claim, ClaimKind, Language, Section, Summary, Talk, TalkSpeaker
from notes.normalise import normalise_title
from notes.points import points_in
from notes.services.redirects import redirect_for
from notes.views.common import TALKS_PER_PAGE, paginate


class TalkListing:
    """Public talks newest first, sliceable for Paginator: a slice is chosen along the talks'
    listing-order index (migration 0017) first, then just its talks are read with their counts
    and speakers.

    In one query, a deep page (``?page=50``) read the claim counter of every talk it skipped.
    """

    def __init__(self):
        self.talks = queries.public_talks()

    def count(self) -> int:
        return self.talks.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[Talk]:
        chosen = self.talks.order_by(*queries.TALK_LISTING_ORDER).values("pk")[key]
        listed = queries.talks_for_listing(Talk.objects.filter(pk__in=Subquery(chosen)))
        # Put back in listing order here (stable sorts, last key first): a page of talks, where
        # the database would add a sort to a query whose order the index already gives.
        talks = sorted(listed.order_by(), key=lambda talk: talk.pk)
        talks.sort(key=lambda talk: talk.created, reverse=True)
        talks.sort(key=lambda talk: (talk.published is not None, talk.published), reverse=True)
        return talks


def talk_list(request):
    """Every public talk, newest first."""
    return render(
        request,
        "notes/talk_list.html",
        {"page_obj": paginate(request, TalkListing(), TALKS_PER_PAGE)},
    )


@dataclass
class SectionBlock:
    """A section of a summary and the points said in it (key points are listed apart)."""

    section: Section | None
    summary: Summary | None
    claims: list[Claim] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"section-{self.section.pk}" if self.section else "section-other"


def section_blocks(talk, claims: list[Claim]) -> list[SectionBlock]:
    """Every section that holds a claim or a timestamp, in reading order, with its claims.

    A section with neither (a cover, a table of contents, a sign-off) is not content to jump to.
    Claims outside any section come last, as "Other claims".
    """
    blocks: dict[int, SectionBlock] = {}
    ordered: list[SectionBlock] = []
    for summary in talk.summaries.all():
        for section in summary.sections.all():
            block = SectionBlock(section=section, summary=summary)
            blocks[section.pk] = block
            ordered.append(block)
    loose = SectionBlock(section=None, summary=None)
    for claim in claims:
        blocks.get(claim.section_id, loose).claims.append(claim)
    kept = [b for b in ordered if b.claims or b.section.start_seconds is not None]
    return kept + ([loose] if loose.claims else [])


LANGUAGE_LABELS = {
    Language.ZH: lambda: _("Chinese summary"),
    Language.EN: lambda: _("English summary"),
    Language.MIXED: lambda: _("English–Chinese summary"),
}


def summary_label(talk, summary: Summary) -> str:
    """What a summary is: the title it states when that differs from the talk's, else its language."""
    stated = summary.title_as_written.strip()
    if stated and normalise_title(stated) != talk.title_key:
        return stated
    return LANGUAGE_LABELS.get(summary.language, LANGUAGE_LABELS[Language.MIXED])()


def labelled_summaries(talk) -> list[tuple[Summary, str]]:
    """The talk's summaries with their labels; repeated labels are numbered so each is told apart."""
    summaries = list(talk.summaries.all())
    labels = [summary_label(talk, summary) for summary in summaries]
    for label in set(labels):
        if labels.count(label) > 1:
            numbered = iter(range(1, labels.count(label) + 1))
            labels = [f"{lab} ({next(numbered)})" if lab == label else lab for lab in labels]
    return list(zip(summaries, labels, strict=True))


SUMMARY_COLUMNS = (
    "talk_id",
    "source_name",
    "part",
    "language",
    "title_as_written",
    "html",
    "imported",
    "front_matter_format",
)


def talk_detail(request, slug):
    """One public talk; a talk that is not public is not found; a merged talk's slug redirects."""
    talks = queries.public_talks().prefetch_related(
        Prefetch("talk_speakers", queryset=TalkSpeaker.objects.select_related("speaker")),
        "tags",
        Prefetch(
            "summaries",
            # What the page shows of a summary: the source, its evidence and metadata stay unread.
            queryset=Summary.objects.only(*SUMMARY_COLUMNS)
            .order_by("part", "source_name")
            .prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("position"))),
        ),
    )
    talk = talks.filter(slug=slug).first()
    if talk is None:
        if Talk.objects.filter(slug=slug).exists():
            raise Http404("No such talk.")
        return redirect_for("talk", slug)
    talk_claims = queries.public_claims().filter(talk=talk)
    claims = points_in(
        fetch_rows(
            talk_claims.order_by(
                "summary__part", "summary__source_name", "summary_id", "position", "pk"
            ),
            talk=talk,
        )
    )
    key_points = [claim for claim in claims if claim.kind == ClaimKind.KEY_POINT]
    others = [claim for claim in claims if claim.kind != ClaimKind.KEY_POINT]
    return render(
        request,
        "notes/talk_detail.html",
        {
            "talk": talk,
            "key_points": key_points,
            "sections": section_blocks(talk, others),
            "summaries": labelled_summaries(talk),
            "claim_count": len(claims),
            "themes": facets.talk_theme_facets(talk),
        },
    )
