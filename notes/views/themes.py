"""A theme's page: its claims grouped by talk, filters, related themes and a timeline of talks."""

from urllib.parse import urlencode

from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from notes import charts, facets, lists, map_markup, queries, talk_walk
from notes.models import ClaimRelation, Tag, TaggedClaim
from notes.services.redirects import redirect_for
from notes.slug_urls import reverse_slug
from notes.views.claims import OUTGOING_LABELS as RELATION_LABELS
from notes.views.common import CLAIMS_PER_PAGE, ClaimFilterForm, paginate, text_param

TIMELINE_TALKS = 50  # the timeline shows the latest this many talks ("…and 12 earlier talks")
THEME_SPEAKERS = 50  # the speaker filter offers this many, those who said most on the theme


def _side(claim, author_name: str | None, author_slug: str | None) -> dict:
    """One claim of a pair with who said it: its speaker, else its talk's author (an essay)."""
    if claim.speaker is not None:
        name, slug = claim.speaker.name, claim.speaker.slug
    else:
        name, slug = author_name, author_slug
    url = reverse_slug("notes:speaker", slug, "notes:speakers") if slug else ""
    return {"claim": claim, "voice": name or "", "voice_url": url}


def pair_sides(pair) -> dict:
    """A relation pair as the theme page shows it (see queries.theme_relation_pairs)."""
    return {
        "kind": pair.kind,
        "label": RELATION_LABELS[pair.kind],
        "note": pair.note,
        "source": _side(pair.source, pair.source_author_name, pair.source_author_slug),
        "target": _side(pair.target, pair.target_author_name, pair.target_author_slug),
    }


def may_have_pairs() -> RawSQL:
    """Whether a relation joins two claims that carry the theme (hidden or not), as a condition
    on the theme's row: when false, the theme has no pairs to show (queries.theme_relation_pairs).

    Driven from the relations (a curator draws few), each side probed on the (claim, tag) index.
    """
    relations, tagged = ClaimRelation._meta.db_table, TaggedClaim._meta.db_table
    return RawSQL(
        f"EXISTS (SELECT 1 FROM {relations} r CROSS JOIN {tagged} s CROSS JOIN {tagged} o "
        f"WHERE s.content_object_id = r.source_id AND s.tag_id = {Tag._meta.db_table}.id "
        f"AND o.content_object_id = r.target_id AND o.tag_id = {Tag._meta.db_table}.id)",
        [],
        output_field=BooleanField(),
    )


def theme_detail(request, slug):
    """Claims on one theme, newest talk first, narrowed by speaker, language and kind."""
    themes = Tag.objects.filter(is_theme=True).annotate(
        _counter_claims=Coalesce(F("counter__claims"), 0),
        talk_count=Coalesce(F("counter__talks"), 0),
        _talks_upper=Coalesce(talk_walk.highest_talk_id(), 0),  # talk_walk.tag_talks reads them
        _may_have_pairs=may_have_pairs(),
    )
    theme = themes.filter(slug=slug).first()
    if theme is None:
        if Tag.objects.filter(slug=slug).exists():
            raise Http404("A plain tag is not a theme.")
        return redirect_for("tag", slug)  # a merged theme's old address
    # The busiest speakers only: a select of a busy theme's 1,600 names is no help to anyone and
    # cost a tenth of the page; every speaker is on the speakers page.
    asked = text_param(request, "speaker")
    speakers = list(queries.speakers_on_theme(theme, busiest=THEME_SPEAKERS, also=asked))
    form = ClaimFilterForm(request.GET, speakers=speakers)
    speaker, language, kind = form.selected()
    speaker = queries.speaker_of_row(speaker) if speaker is not None else None
    filters = queries.ClaimFilters(tags=[theme], speaker=speaker, language=language, kind=kind)
    listing = lists.claim_listing(filters, rows=True)
    page = paginate(request, listing, CLAIMS_PER_PAGE)
    tags_url = reverse("notes:tags")
    also = facets.pair_facets(theme, themes_only=True)  # exact, from the pair counters
    related = [
        (facet, f"{tags_url}?{urlencode([('tag', theme.slug), ('tag', facet.tag.slug)])}")
        for facet in also
    ]
    # (talk, points on the theme) for the latest talks, oldest first; the counters count points.
    timeline = talk_walk.tag_talks(theme).latest(TIMELINE_TALKS)[::-1]
    chart = charts.timeline(timeline)
    filtered = bool(speaker or language or kind)
    # Where the theme's speakers agree and disagree: the whole theme's pairs, so not on a narrowed
    # list (whose query budget has no room for them) and only with its first page.
    # Most themes have none: building the pairs' query cost more than the rest of the page's
    # queries, so it is built only when a relation joins two claims on the theme.
    wants_pairs = theme._may_have_pairs and not filtered and page.number == 1
    pairs = queries.theme_relation_pairs(theme) if wants_pairs else []
    return render(
        request,
        "notes/theme_detail.html",
        {
            "theme": theme,
            "page_obj": page,
            "form": form,
            "filtered": filtered,
            "pairs": [pair_sides(pair) for pair in pairs],
            "count_is_capped": listing.count_is_capped,
            "related_themes": related,
            "timeline": timeline,
            "timeline_chart": chart,
            "timeline_bars": map_markup.timeline_bars(chart),
            "timeline_items": map_markup.timeline_items(timeline),
            "earlier_talks": max(0, theme.talk_count - len(timeline)),
            "busiest_speakers": THEME_SPEAKERS if len(speakers) >= THEME_SPEAKERS else 0,
        },
    )
